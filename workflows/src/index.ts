// The library entry: what the Temporal host (client, worker, activities) shares with the workflows. The workflow
// bundle is built from workflows.ts.
export * from './contract';
export * from './messages';
export * from './naming';
export * from './search-attributes';
export * from './patches';
export * from './continue-as-new';
export * from './command-plan';
export type { ChildOptions, WorkflowApi } from './workflow-api';
export { ProcedureInterpreter, rejectionFailure, MAX_EVENTS_PER_PROJECTION } from './procedure-interpreter';
export { runDispatchBatch } from './dispatch-batch';
export * from './workflows';

