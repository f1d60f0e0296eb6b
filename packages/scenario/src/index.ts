export * from './scenario.schema';
export * from './org-tree';
export * from './fact-plan';
export * from './outcome';
export * from './compare';
export * from './in-memory-host';
export * from './drive';
export * from './cascade-routes';
export * from './run-in-memory';
export * from './fixtures';
// The business keys are the core's (one rule for every host); scenario code and tests reach them from here too.
export { cellInstanceId, guidanceInstanceId, implementationInstanceId } from '@chibo/procedure';
export * from './year';
