import { InstanceEvent, ProcedureInstance } from '@chibo/db';
import { EMPTY_STATE, replay, type InstanceState, type ProcedureEvent } from '@chibo/procedure';
import { Between, MoreThan, type EntityManager } from 'typeorm';
import { NotFoundError } from '../errors';

/** An instance's state from what is stored: its last snapshot (if any, and not past `upTo`) plus the events after it. */
export async function stateFrom(manager: EntityManager, instanceId: string, snapshot: InstanceState | null, upTo: number): Promise<InstanceState> {
  const from = snapshot && snapshot.version <= upTo ? snapshot : EMPTY_STATE;
  if (from.version === upTo) return from;
  const events = await manager.find(InstanceEvent, {
    where: { instanceId, seq: from.version + 1 === upTo ? upTo : Between(from.version + 1, upTo) },
    order: { seq: 'ASC' },
  });
  if (events.length !== upTo - from.version) throw new Error(`Instance ${instanceId} is missing events between ${from.version} and ${upTo}`);
  return replay(
    events.map((e) => e.payload as ProcedureEvent),
    from,
  );
}

/** An instance's state at its latest version or, when `version` is given, exactly at that version. */
export async function loadInstanceState(manager: EntityManager, instanceId: string, version?: number): Promise<InstanceState> {
  const row = await manager.findOne(ProcedureInstance, { select: { id: true, version: true, state: true }, where: { id: instanceId } });
  if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${instanceId}`, { rule: 'instance-not-found', params: { instance: instanceId } });
  const target = version ?? row.version;
  if (target > row.version) throw new Error(`Instance ${instanceId} is at version ${row.version}, not ${target}`);
  return stateFrom(manager, instanceId, row.state as InstanceState | null, target);
}

/** The instance's log, in order. */
export async function loadEvents(manager: EntityManager, instanceId: string): Promise<Array<{ seq: number; event: ProcedureEvent; recordedAt: string }>> {
  const rows = await manager.find(InstanceEvent, { where: { instanceId, seq: MoreThan(0) }, order: { seq: 'ASC' } });
  return rows.map((r) => ({ seq: r.seq, event: r.payload as ProcedureEvent, recordedAt: r.recordedAt }));
}
