import type { DispatchBatchInput, DispatchBatchResult } from './contract';
import { runDispatchBatch } from './dispatch-batch';
import { temporalWorkflowApi } from './temporal-workflow-api';

/** One fan-out batch of a guidance: creates its instances and starts their procedure workflows. */
export async function dispatchBatchWorkflow(input: DispatchBatchInput): Promise<DispatchBatchResult> {
  return runDispatchBatch(input, temporalWorkflowApi());
}
