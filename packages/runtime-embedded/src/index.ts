export * from './clock';
export * from './errors';
export * from './keyed-mutex';
export * from './projector';
export * from './queues';
export * from './definitions';
export * from './context-builder';
export * from './effects';
export { EmbeddedRuntime, sqliteWriteLock, type AppendedEvents, type EmbeddedRuntimeOptions, type IssueGuidanceInput } from './embedded-runtime';
