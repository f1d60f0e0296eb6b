import { InstanceEvent, ProcedureInstance } from '@chibo/db';
import { EMPTY_STATE, replay, type InstanceState, type ProcedureEvent } from '@chibo/procedure';
import { NotFoundError, sqliteWriteLock } from '@chibo/runtime-embedded';
import { Between, MoreThan, type DataSource, type EntityManager } from 'typeorm';

/** A write transaction; on SQLite serialised with every other writer of the same data source in this process. */
export function writeTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const tx = () => dataSource.transaction(work);
  return dataSource.options.type === 'better-sqlite3' ? sqliteWriteLock(dataSource).run('write', tx) : tx();
}

/**
 * An instance's state from the read side: its last snapshot plus the events after it (the same rule as the embedded
 * runtime's loader), at its latest version or, when `version` is given, exactly at that version.
 */
export async function loadInstanceState(manager: EntityManager, instanceId: string, version?: number): Promise<InstanceState> {
  const row = await manager.findOne(ProcedureInstance, { select: { id: true, version: true, state: true }, where: { id: instanceId } });
  if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${instanceId}`);
  const target = version ?? row.version;
  if (target > row.version) throw new Error(`Instance ${instanceId} is at version ${row.version}, not ${target}`);
  const snapshot = row.state as InstanceState | null;
  const from = snapshot && snapshot.version <= target ? snapshot : EMPTY_STATE;
  if (from.version === target) return from;
  const events = await manager.find(InstanceEvent, {
    where: { instanceId, seq: from.version + 1 === target ? target : Between(from.version + 1, target) },
    order: { seq: 'ASC' },
  });
  if (events.length !== target - from.version) throw new Error(`Instance ${instanceId} is missing events between ${from.version} and ${target}`);
  return replay(
    events.map((e) => e.payload as ProcedureEvent),
    from,
  );
}

/** The instance's log, in order. */
export async function loadEvents(manager: EntityManager, instanceId: string): Promise<Array<{ seq: number; event: ProcedureEvent; recordedAt: string }>> {
  const rows = await manager.find(InstanceEvent, { where: { instanceId, seq: MoreThan(0) }, order: { seq: 'ASC' } });
  return rows.map((r) => ({ seq: r.seq, event: r.payload as ProcedureEvent, recordedAt: r.recordedAt }));
}

/** Business key of a cell's instance under a guidance (the same rule as the embedded runtime and the scenario driver). */
export function childInstanceId(org: string, guidance: { number: string; issuedOn: string } | undefined): string {
  return `cell:${org}:${guidance?.number ?? ''}:${guidance?.issuedOn ?? ''}`;
}
