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
export { asWorkflowFailure, ProcedureInterpreter, rejectionFailure, WORKFLOW_ERROR_FAILURE_TYPE } from './procedure-interpreter';
export { MAX_EVENTS_PER_PROJECTION } from './projection-slices';
export { CHILD_STARTS_PER_RUN, CHILD_STARTS_PER_TASK, runDispatchBatch } from './dispatch-batch';
export * from './workflows';

