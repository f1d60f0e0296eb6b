import type { DispatchBatchInput, DispatchBatchResult } from './contract';
import { runDispatchBatch } from './dispatch-batch';
import { asWorkflowFailure } from './procedure-interpreter';
import { temporalWorkflowApi } from './temporal-workflow-api';

/** One fan-out batch of a guidance: creates its instances and starts their procedure workflows. */
export async function dispatchBatchWorkflow(input: DispatchBatchInput): Promise<DispatchBatchResult> {
  try {
    return await runDispatchBatch(input, temporalWorkflowApi());
  } catch (error) {
    throw asWorkflowFailure(error);
  }
}
