import { InstanceEvent, OutboxEntry, type OutboxStatus, ProcedureInstance, WorkflowStartInput } from '@chibo/db';
import { eventRows, loadInstanceState, outboxRows, projectEvents, snapshotDue, writeTransaction } from '@chibo/host';
import type { ProcedureCommand, ProcedureEvent } from '@chibo/procedure';
import type { OutboxRef, ProjectArgs } from '@chibo/workflows';
import type { EntityManager } from 'typeorm';
import type { ActivityDeps } from './activity-deps';

/**
 * This activity appends a slice of an instance's events to the read side and projects them, in one transaction: the
 * instance row (created by the first slice), the event log (`instance_events`, seq from `fromSeq`), the commands the
 * events decided (outbox rows, dispatched: the workflow carries them out), the read-side tables (`projectEvents`, the
 * embedded runtime's projector), and the audit hook. It then closes the commands the input carried out.
 * Idempotent: a slice whose first event is already in the log is not applied again (an activity retried after its
 * first attempt committed). Compensation: none; the log is append-only.
 */
export function projectActivity(deps: ActivityDeps) {
  return async function project(args: ProjectArgs): Promise<void> {
    await writeTransaction(deps.dataSource, async (m) => {
      if (args.events.length && !(await alreadyApplied(m, args))) await append(m, deps, args.contextFromStoredStart ? await withStoredContext(m, args) : args);
      else if (args.commands.length) await insertOutbox(m, args.target.instanceId, args.commands, args.at);
      for (const ref of args.done) await close(m, ref, args.at);
    });
  };
}

/**
 * Closes a command. A child's report closes in two halves, one from each instance's projection, in either order: the
 * first marks the row with its half, the second (or a retry of either after both) makes it done. One statement each,
 * so two projections at once cannot both think they came first.
 */
async function close(m: EntityManager, ref: OutboxRef, at: string): Promise<void> {
  const where = { instanceId: ref.instanceId, commandId: ref.commandId };
  if (!ref.half) {
    await m.update(OutboxEntry, where, { status: 'done', updatedAt: at });
    return;
  }
  const other: OutboxStatus = ref.half === 'taken' ? 'notified' : 'taken';
  await m
    .createQueryBuilder()
    .update(OutboxEntry)
    .set({ status: () => `CASE WHEN status IN ('${other}', 'done') THEN 'done' ELSE '${ref.half}' END`, updatedAt: at })
    .where(where)
    .execute();
}

/**
 * The start of an instance whose start was stored (a `stored-start` input) is projected without its context, the
 * largest part of it: it is taken back here from the stored start, so the event appended is the one the core emitted.
 */
async function withStoredContext(m: EntityManager, args: ProjectArgs): Promise<ProjectArgs> {
  const [started, ...rest] = args.events;
  if (args.fromSeq !== 1 || started?.type !== 'instance-started') throw new Error(`Only the start of ${args.target.instanceId} travels without its context`);
  const row = await m.findOne(WorkflowStartInput, { where: { instanceId: args.target.instanceId } });
  if (!row) throw new Error(`No stored start for ${args.target.instanceId}`);
  const stored = JSON.parse(row.input) as { context: typeof started.context };
  return { ...args, events: [{ ...started, context: stored.context }, ...rest] };
}

async function alreadyApplied(m: EntityManager, args: ProjectArgs): Promise<boolean> {
  return (await m.count(InstanceEvent, { where: { instanceId: args.target.instanceId, seq: args.fromSeq } })) > 0;
}

async function append(m: EntityManager, deps: ActivityDeps, args: ProjectArgs): Promise<void> {
  const { target, events, fromSeq, at } = args;
  const toVersion = fromSeq + events.length - 1;
  const status = statusAfter(events);
  if (fromSeq === 1) {
    const started = events[0];
    // No snapshot yet: the start events carry the definition and context (the host kernel's rule for new instances).
    if (started?.type !== 'instance-started') throw new Error(`The log of ${target.instanceId} must begin with instance-started, not ${started?.type}`);
    await m.insert(ProcedureInstance, {
      id: target.instanceId,
      businessKey: target.instanceId,
      definitionKey: started.definition.key,
      definitionVersion: started.definition.version,
      orgId: target.orgId,
      guidanceId: target.guidanceId,
      parentInstanceId: started.parent?.instanceId ?? null,
      status: status ?? 'running',
      version: toVersion,
      createdAt: at,
      updatedAt: at,
    });
  } else {
    // The workflow is the instance's only writer and projects in order: anything else is a bug, not a race to retry.
    const updated = await m.update(ProcedureInstance, { id: target.instanceId, version: fromSeq - 1 }, { version: toVersion, updatedAt: at, ...(status ? { status } : {}) });
    if (updated.affected !== 1) throw new Error(`Projection of ${target.instanceId} out of order: events from ${fromSeq} do not follow the stored version`);
  }
  await m.insert(InstanceEvent, eventRows(target.instanceId, fromSeq - 1, events, at) as never);
  await insertOutbox(m, target.instanceId, args.commands, at);
  await projectEvents(m, target, events);
  // The host kernel's snapshot policy (the embedded runtime's too); the workflow does not say how many children the
  // instance has, so a guidance is counted as having none here (a snapshot every SNAPSHOT_EVERY events).
  if (snapshotDue(fromSeq - 1, toVersion, 0)) {
    await m.update(ProcedureInstance, { id: target.instanceId }, { state: await loadInstanceState(m, target.instanceId, toVersion) });
  }
  await deps.onEvents?.(m, { instanceId: target.instanceId, orgId: target.orgId, guidanceId: target.guidanceId, fromSeq, events, recordedAt: at });
}

/** Commands in flight, as the embedded runtime's outbox records them (here they are dispatched to the workflow at once). */
export async function insertOutbox(m: EntityManager, instanceId: string, commands: readonly ProcedureCommand[], at: string): Promise<void> {
  await insertOutboxRows(m, outboxRows(instanceId, commands, at, 'dispatched'));
}

/** Outbox rows, 500 per insert; a row that exists is left as it is (an activity retried after its first attempt). */
export async function insertOutboxRows(m: EntityManager, rows: ReadonlyArray<Partial<OutboxEntry>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    // updateEntity(false): rows that already exist are skipped, and have no generated id to read back.
    await m.createQueryBuilder().insert().into(OutboxEntry).values(rows.slice(i, i + 500) as never).orIgnore().updateEntity(false).execute();
  }
}

function statusAfter(events: readonly ProcedureEvent[]): 'completed' | 'failed' | undefined {
  let status: 'completed' | 'failed' | undefined;
  for (const event of events) {
    if (event.type === 'instance-completed') status = 'completed';
    else if (event.type === 'instance-failed') status = 'failed';
  }
  return status;
}
