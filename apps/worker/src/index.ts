export { createChiboWorker, type ChiboWorkerOptions } from './create-worker';
export { WORKFLOW_BUNDLE_PATH, workflowSource, workflowsEntry } from './workflow-source';
