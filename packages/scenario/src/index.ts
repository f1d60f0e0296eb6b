export * from './scenario.schema';
export * from './org-tree';
export * from './fact-plan';
export * from './outcome';
export * from './compare';
export * from './in-memory-host';
export * from './run-in-memory';
export * from './fixtures';
