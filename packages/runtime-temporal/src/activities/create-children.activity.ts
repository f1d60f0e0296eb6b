import { InstanceEvent, ProcedureInstance } from '@chibo/db';
import { EMPTY_STATE, handle, newCommands, type ProcedureCommand, type ProcedureEvent } from '@chibo/procedure';
import { buildContexts, loadDefinition, NotFoundError, ProjectionSink, projectInto, RejectedError, type AppendedEvents } from '@chibo/runtime-embedded';
import { RECORDED, type CreateChildrenArgs, type CreatedChild } from '@chibo/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { In } from 'typeorm';
import { childInstanceId, writeTransaction } from '../read-side';
import type { ActivityDeps } from './activity-deps';
import { insertOutboxRows } from './project.activity';

/**
 * This activity creates one fan-out batch's instances in the read side, as the embedded runtime does when it starts
 * children: it loads the cells' rosters and assignment history (a few queries for the whole batch), handles each
 * instance's start with the core, and writes the instance rows, their first events, their outbox rows and their
 * projection (tasks, timers) with bulk inserts in one transaction. The rosters never enter a workflow history: each
 * cell's workflow resumes from the read side. Idempotent: instances that exist are left as they are and returned with
 * their current version. Compensation: none (a started procedure is ended by the procedure, not deleted).
 */
export function createChildrenActivity(deps: ActivityDeps) {
  return async function createChildren(args: CreateChildrenArgs): Promise<CreatedChild[]> {
    const manager = deps.dataSource.manager;
    const definition = await loadDefinition(manager, deps.registry, args.procedure).catch((error: unknown) => {
      if (error instanceof NotFoundError) throw ApplicationFailure.nonRetryable(error.message, 'ChiboNotFound');
      throw error;
    });
    const contexts = await buildContexts(manager, args.children.map((c) => c.org), args.guidance ? { guidance: args.guidance } : {});
    const items = args.children.map((child) => {
      const built = contexts.get(child.org);
      if (!built) throw ApplicationFailure.nonRetryable(`Không tìm thấy chi bộ ${child.org}`, 'ChiboNotFound');
      const instanceId = childInstanceId(child.org, args.guidance);
      return { key: child.key, instanceId, orgId: built.org.id, context: built.context, roster: built.members };
    });
    return writeTransaction(deps.dataSource, async (m) => {
      const existing = new Map<string, number>();
      for (let i = 0; i < items.length; i += 500) {
        const rows = await m.find(ProcedureInstance, { select: { id: true, version: true }, where: { id: In(items.slice(i, i + 500).map((x) => x.instanceId)) } });
        for (const row of rows) existing.set(row.id, row.version);
      }
      const instances: Array<Partial<ProcedureInstance>> = [];
      const events: Array<Partial<InstanceEvent>> = [];
      const sink = new ProjectionSink(m);
      const appended: AppendedEvents[] = [];
      const outbox: Array<{ instanceId: string; command: ProcedureCommand }> = [];
      const out: CreatedChild[] = [];
      for (const item of items) {
        const target = { instanceId: item.instanceId, orgId: item.orgId, guidanceId: args.guidanceId };
        const version = existing.get(item.instanceId);
        if (version !== undefined) {
          out.push({ key: item.key, target, version });
          continue;
        }
        const result = handle(
          EMPTY_STATE,
          { type: 'start', at: args.at, instanceId: item.instanceId, definition, context: item.context, parent: { instanceId: args.parentInstanceId, childKey: item.key } },
          deps.registry,
        );
        if (!result.ok) throw new RejectedError(result.rejection);
        instances.push({
          id: item.instanceId,
          businessKey: item.instanceId,
          definitionKey: definition.key,
          definitionVersion: definition.version,
          orgId: item.orgId,
          guidanceId: args.guidanceId,
          parentInstanceId: args.parentInstanceId,
          status: result.state.status,
          version: result.events.length,
          state: result.state,
          createdAt: args.at,
          updatedAt: args.at,
        });
        events.push(...result.events.map((event: ProcedureEvent, i) => ({ instanceId: item.instanceId, seq: i + 1, type: event.type, payload: event, at: event.at, recordedAt: args.at })));
        for (const command of newCommands(EMPTY_STATE, result.state)) if (RECORDED.has(command.type)) outbox.push({ instanceId: item.instanceId, command });
        await projectInto(sink, target, result.events, { roster: item.roster, priorFacts: {} });
        appended.push({ ...target, fromSeq: 1, events: result.events, recordedAt: args.at });
        out.push({ key: item.key, target, version: result.events.length });
      }
      for (let i = 0; i < instances.length; i += 200) await m.insert(ProcedureInstance, instances.slice(i, i + 200) as never);
      for (let i = 0; i < events.length; i += 500) await m.insert(InstanceEvent, events.slice(i, i + 500) as never);
      await insertOutboxRows(m, outbox, args.at);
      await sink.flush();
      for (const batch of appended) await deps.onEvents?.(m, batch);
      return out;
    });
  };
}
