export * from './year.schema';
export * from './year-plan';
export * from './drive-year';
export * from './run-year-in-memory';
export * from './year-fixtures';
// The year's business key is the plugin's (one rule for every host); scenario code and tests reach it from here too.
export { yearInstanceId } from '@chibo/plugin-regular-session';
