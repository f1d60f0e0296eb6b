// Workflow entry point for the Temporal bundler: every exported function is a workflow type.
export { procedureProbeWorkflow } from './procedure-probe.workflow';
