// The workflow bundle's entry point: every exported function is a workflow type (names in WORKFLOW_TYPES). Only
// workflow functions are exported here; the library entry (index.ts) exports the rest for the host.
export { procedureWorkflow } from './procedure.workflow';
export { dispatchBatchWorkflow } from './dispatch-batch.workflow';
export { procedureProbeWorkflow } from './procedure-probe.workflow';
