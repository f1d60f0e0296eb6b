import { InstanceEvent, ProcedureInstance } from '@chibo/db';
import { NotFoundError, prepareChildren, ProjectionSink, startInstances, writeTransaction } from '@chibo/host';
import type { CreateChildrenArgs, CreatedChild } from '@chibo/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { In } from 'typeorm';
import type { ActivityDeps } from './activity-deps';
import { insertOutboxRows } from './project.activity';

/**
 * This activity creates one fan-out batch's instances in the read side with the host kernel, as the embedded runtime
 * does when it starts children (`prepareChildren`, `startInstances`): the cells' rosters and assignment history in a
 * few queries for the whole batch, each instance's start handled by the core, and the instance rows, their first
 * events, their outbox rows (dispatched: the workflows carry them out) and their projection written with bulk inserts
 * in one transaction. The rosters never enter a workflow history: each cell's workflow resumes from the read side.
 * Idempotent: instances that exist are left as they are and returned with their current version. Compensation: none
 * (a started procedure is ended by the procedure, not deleted).
 */
export function createChildrenActivity(deps: ActivityDeps) {
  return async function createChildren(args: CreateChildrenArgs): Promise<CreatedChild[]> {
    const items = await prepareChildren(deps.dataSource.manager, deps.registry, {
      procedure: args.procedure,
      children: args.children,
      ...(args.guidance ? { guidance: args.guidance } : {}),
      parentInstanceId: args.parentInstanceId,
      guidanceId: args.guidanceId,
      at: args.at,
    }).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw ApplicationFailure.nonRetryable(error.message, 'ChiboNotFound');
      throw error;
    });
    return writeTransaction(deps.dataSource, async (m) => {
      const existing = new Map<string, number>();
      for (let i = 0; i < items.length; i += 500) {
        const rows = await m.find(ProcedureInstance, { select: { id: true, version: true }, where: { id: In(items.slice(i, i + 500).map((x) => x.instanceId)) } });
        for (const row of rows) existing.set(row.id, row.version);
      }
      const sink = new ProjectionSink(m);
      const started = await startInstances(sink, deps.registry, items, { now: args.at, existing: new Set(existing.keys()), outboxStatus: 'dispatched' });
      for (let i = 0; i < started.instances.length; i += 200) await m.insert(ProcedureInstance, started.instances.slice(i, i + 200) as never);
      for (let i = 0; i < started.events.length; i += 500) await m.insert(InstanceEvent, started.events.slice(i, i + 500) as never);
      await insertOutboxRows(m, started.outbox);
      await sink.flush();
      for (const batch of started.appended) await deps.onEvents?.(m, batch);
      const versions = new Map(started.made.map(({ head }) => [head.id, head.version]));
      return items.map((item) => ({
        key: item.key,
        target: { instanceId: item.instanceId, orgId: item.orgId, guidanceId: args.guidanceId },
        version: existing.get(item.instanceId) ?? versions.get(item.instanceId)!,
      }));
    });
  };
}
