import type { EntityManager } from 'typeorm';
import type { Task } from './entities';
import { ImmutableFacts } from './immutable-facts';

/** Where a task sits: its read-side row id, instance, task id and cell. Fixed when the task is opened. */
export type TaskLocation = Pick<Task, 'id' | 'instanceId' | 'taskId' | 'orgId'>;

const byRowId = new ImmutableFacts<string, TaskLocation>(100_000);
const rowIdByTask = new ImmutableFacts<string, string>(100_000);

const taskKey = (instanceId: string, taskId: string) => `${instanceId}\u0000${taskId}`;

/**
 * Remembers where tasks sit. The runtime calls it with the rows it projected once their transaction has committed
 * (a row of a rolled-back transaction must not be remembered: its retry opens the task with another row id); the API
 * with the rows it read.
 */
export function rememberTaskRows(manager: EntityManager, rows: readonly TaskLocation[]): void {
  for (const row of rows) {
    if (byRowId.has(manager, row.id)) continue;
    byRowId.set(manager, row.id, { id: row.id, instanceId: row.instanceId, taskId: row.taskId, orgId: row.orgId });
    rowIdByTask.set(manager, taskKey(row.instanceId, row.taskId), row.id);
  }
}

/** Where the task with this row id sits, when this process knows it. */
export function knownTaskLocation(manager: EntityManager, rowId: string): TaskLocation | undefined {
  return byRowId.get(manager, rowId);
}

/** The read-side row id of an instance's task, when this process knows it. */
export function knownTaskRowId(manager: EntityManager, instanceId: string, taskId: string): string | undefined {
  return rowIdByTask.get(manager, taskKey(instanceId, taskId));
}
