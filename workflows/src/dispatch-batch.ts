import type { SearchAttributePair } from '@temporalio/common';
import { WORKFLOW_TYPES, type DispatchBatchInput, type DispatchBatchResult, type ProcedureWorkflowInput } from './contract';
import { workflowIdOf } from './naming';
import { guidanceKey, SEARCH_ATTRIBUTES } from './search-attributes';
import type { WorkflowApi } from './workflow-api';

/**
 * Child starts per workflow task: a task that starts hundreds of children at once takes the server longer than the
 * workflow-task timeout (10 s) to answer on a small machine, and then it is retried from the start.
 */
export const CHILD_STARTS_PER_TASK = 100;

/**
 * Child starts per run: Temporal refuses more than 2,000 pending children in one execution, so a batch larger than
 * this continues as new and the next run starts the rest (the children are created idempotently, so it asks again).
 */
export const CHILD_STARTS_PER_RUN = 1_000;

/**
 * One fan-out batch, run as a child workflow of the guidance: an activity creates the batch's instances in the read
 * side (rosters are loaded there, so they never enter any history; see ADR 0002), then one procedure workflow per
 * instance is started as a child that outlives the batch. The guidance's history holds one child per batch, never
 * one per cell: a guidance to 10,000 cells in batches of 500 has 20 children, each batch history about 1,500 events.
 */
export async function runDispatchBatch(input: DispatchBatchInput, api: WorkflowApi): Promise<DispatchBatchResult> {
  const { host } = input;
  const created = await api.activities.createChildren({
    parentInstanceId: input.parentInstanceId,
    batch: input.batch,
    procedure: input.procedure,
    children: input.children,
    ...(input.guidance ? { guidance: input.guidance } : {}),
    guidanceId: input.guidanceId,
    at: input.at,
  });
  const orgOf = new Map(input.children.map((c) => [c.key, c.org]));
  const first = input.startedBefore ?? 0;
  const last = Math.min(created.length, first + CHILD_STARTS_PER_RUN);
  for (let from = first; from < last; from += CHILD_STARTS_PER_TASK) {
    await Promise.all(
      created.slice(from, Math.min(last, from + CHILD_STARTS_PER_TASK)).map((child) => {
        const next: ProcedureWorkflowInput = { kind: 'resume', host, target: child.target, version: child.version, now: input.at };
        const searchAttributes: SearchAttributePair[] = [
          { key: SEARCH_ATTRIBUTES.org, value: orgOf.get(child.key) ?? child.key },
          { key: SEARCH_ATTRIBUTES.status, value: 'running' },
          ...(input.guidance ? [{ key: SEARCH_ATTRIBUTES.guidance, value: guidanceKey(input.guidance) }] : []),
        ];
        // Already running (this batch was retried after its instances started): nothing to do for that one.
        return api.startAbandonedChild(WORKFLOW_TYPES.procedure, {
          workflowId: workflowIdOf(host, child.target.instanceId),
          taskQueue: host.taskQueue,
          args: [next],
          ...(host.searchAttributes ? { searchAttributes } : {}),
        });
      }),
    );
  }
  if (last < created.length) return api.continueAsNew({ ...input, startedBefore: last });
  return { batch: input.batch, started: created.length };
}
