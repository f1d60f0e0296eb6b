// Test support for hosts of the procedure workflows (not part of the workflow bundle).
export { ContinueAsNewCalled, WorkflowApiDouble, type UpdateOutcome, type WorkflowApiDoubleOptions } from './workflow-api-double';
