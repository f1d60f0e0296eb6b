import { CombinedWrite, EffectRun, insertRows, InstanceEvent, isUniqueViolation, OutboxEntry, ProcedureInstance } from '@chibo/db';
import { ConcurrencyError, eventRows, projectInto, ProjectionSink, rosterNeeded, type HostHooks } from '@chibo/host';
import type { EntityManager } from 'typeorm';
import type { AppendScope, PendingAppend } from './append-scope';

/**
 * The instance store's writes at the end of a (group) transaction, for SQLite (a statement per table and row kind,
 * one writer at a time) and PostgreSQL (everything as the parts of one `WITH` statement, `CombinedWrite`): the
 * version-guarded instance heads, events, outbox rows, the read-side projection, effect runs and outbox rows done.
 */
export class AppendWriter {
  constructor(
    private readonly sqlite: boolean,
    private readonly deps: { now(): string; onEvents?: HostHooks['onEvents'] },
  ) {}

  /**
   * The end of a (group) transaction: what its writes collected — the rows effects issued, the effect runs, the outbox
   * rows carried out, and the appends. On PostgreSQL all of it is one statement (`CombinedWrite`), plus one to delete
   * read-side rows that recorded facts replace, when any may exist.
   */
  async finish(m: EntityManager, scope: AppendScope): Promise<void> {
    if (this.sqlite) {
      for (const [entity, rows] of scope.later) await insertRows(m, entity as never, rows as never);
      await this.writeAppends(m, scope.appends);
      await insertRows(m, EffectRun, scope.runs);
      await this.markDone(m, scope.done);
      return;
    }
    const combined = new CombinedWrite(m);
    for (const [entity, rows] of scope.later) await combined.insert(entity as never, rows as never);
    await combined.insert(EffectRun, scope.runs);
    combined.update(this.doneUpdate(scope.done));
    await this.writeAppends(m, scope.appends, combined);
  }

  /**
   * Writes appends inside the caller's transaction: the version-guarded update of every instance (a lost race throws
   * `ConcurrencyError`), their events, their new commands as outbox rows, the read-side projection and the `onEvents`
   * hook. On PostgreSQL all but the hook go into `combined` (with whatever the caller put there), executed here.
   */
  async writeAppends(m: EntityManager, appends: readonly PendingAppend[], combined?: CombinedWrite): Promise<void> {
    const sink = new ProjectionSink(m);
    await sink.prefetchRosters(appends.filter((a) => rosterNeeded(a.events)).map((a) => a.row.orgId));
    for (const a of appends) await projectInto(sink, { instanceId: a.row.id, orgId: a.row.orgId, guidanceId: a.row.guidanceId }, a.events, { priorFacts: a.priorFacts });
    const byInstance = new Map(appends.map((a) => [a.row.id, a]));
    for (const task of sink.tasksOpened) byInstance.get(task.instanceId)?.tasks.push(task);
    const events = appends.flatMap((a) => eventRows(a.row.id, a.row.version, a.events, a.now));

    try {
      if (combined) {
        combined.update(this.headsUpdate(appends));
        await combined.insert(InstanceEvent, events);
        await combined.insert(
          OutboxEntry,
          appends.flatMap((a) => a.outbox),
          { tag: 'outbox', columns: ['id', 'instance_id', 'command_id'] },
        );
        await sink.flushInto(combined);
        const returned = await combined.execute();
        const updated = new Set((returned.get('heads') ?? []).map((r) => r['id']));
        const lost = appends.find((a) => !updated.has(a.row.id));
        if (lost) throw new ConcurrencyError(lost.row.id);
        // The new rows' ids, so that the runtime can relay them as soon as the transaction commits.
        const ids = new Map((returned.get('outbox') ?? []).map((r) => [`${String(r['instance_id'])}\u0000${String(r['command_id'])}`, Number(r['id'])]));
        for (const a of appends) for (const row of a.outbox) row.id = ids.get(`${row.instanceId}\u0000${row.commandId}`);
      } else {
        for (const a of appends) {
          const updated = await m.update(ProcedureInstance, { id: a.row.id, version: a.row.version }, { version: a.row.version + a.events.length, status: a.after.status, updatedAt: a.now, ...(a.snapshot ? { state: a.after } : {}) });
          if (updated.affected !== 1) throw new ConcurrencyError(a.row.id);
        }
        await insertRows(m, InstanceEvent, events);
        await insertRows(m, OutboxEntry, appends.flatMap((a) => a.outbox));
        await sink.flush();
      }
    } catch (error) {
      // Only a writer that passed the version guard may insert these sequence numbers: another process raced us.
      if (isUniqueViolation(error) && appends.length) throw new ConcurrencyError(appends[0]!.row.id);
      throw error;
    }
    for (const a of appends) {
      await this.deps.onEvents?.(m, { instanceId: a.row.id, orgId: a.row.orgId, guidanceId: a.row.guidanceId, fromSeq: a.row.version + 1, events: a.events, recordedAt: a.now });
    }
  }

  /** PostgreSQL: the version-guarded update of every instance's head, returning the ids it updated. */
  private headsUpdate(appends: readonly PendingAppend[]): Parameters<CombinedWrite['update']>[0] {
    return {
      table: 'procedure_instances',
      columns: [
        { name: 'id', type: 'varchar' },
        { name: 'expected', type: 'int' },
        { name: 'version', type: 'int' },
        { name: 'status', type: 'varchar' },
        { name: 'updated_at', type: 'varchar' },
        { name: 'snapshot', type: 'boolean' },
        { name: 'state', type: 'text' },
      ],
      rows: appends.map((a) => [a.row.id, a.row.version, a.row.version + a.events.length, a.after.status, a.now, a.snapshot, a.snapshot ? JSON.stringify(a.after) : null]),
      set: 'version = v.version, status = v.status, updated_at = v.updated_at, state = CASE WHEN v.snapshot THEN v.state ELSE t.state END',
      where: 't.id = v.id AND t.version = v.expected',
      returning: { tag: 'heads', sql: 't.id' },
    };
  }

  /** PostgreSQL: marks outbox rows done, with their attempt counts. */
  private doneUpdate(rows: ReadonlyArray<{ id: number; attempts: number }>): Parameters<CombinedWrite['update']>[0] {
    const now = this.deps.now();
    return {
      table: 'outbox',
      columns: [
        { name: 'id', type: 'int' },
        { name: 'attempts', type: 'int' },
        { name: 'updated_at', type: 'varchar' },
      ],
      rows: rows.map(({ id, attempts }) => [id, attempts, now]),
      set: "status = 'done', updated_at = v.updated_at, attempts = v.attempts",
      where: 't.id = v.id',
    };
  }

  /** Marks outbox rows done (with their attempt counts). */
  async markDone(m: EntityManager, rows: ReadonlyArray<{ id: number; attempts: number }>): Promise<void> {
    if (!rows.length) return;
    if (this.sqlite || rows.length === 1) {
      const now = this.deps.now();
      for (const { id, attempts } of rows) await m.update(OutboxEntry, { id }, { status: 'done', updatedAt: now, attempts });
      return;
    }
    await new CombinedWrite(m).update(this.doneUpdate(rows)).execute();
  }
}
