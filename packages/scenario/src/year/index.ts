export * from './year.schema';
export * from './year-plan';
export * from './drive-year';
export * from './run-year-in-memory';
export * from './year-fixtures';
