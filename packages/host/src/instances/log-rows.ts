import type { InstanceEvent, OutboxEntry } from '@chibo/db';
import { HOSTED_COMMANDS, type ProcedureCommand, type ProcedureEvent } from '@chibo/procedure';

/** The rows of events appended to an instance whose version was `fromVersion`. */
export function eventRows(instanceId: string, fromVersion: number, events: readonly ProcedureEvent[], now: string): Array<Partial<InstanceEvent>> {
  return events.map((event, i) => ({ instanceId, seq: fromVersion + i + 1, type: event.type, payload: event, at: event.at, recordedAt: now }));
}

/**
 * The outbox rows of the commands a host carries out (HOSTED_COMMANDS; the others are already on the read side):
 * `pending` where a relay still has to queue them (embedded), `dispatched` where the caller carries them out itself
 * (a Temporal workflow).
 */
export function outboxRows(instanceId: string, commands: readonly ProcedureCommand[], now: string, status: 'pending' | 'dispatched' = 'pending'): Array<Partial<OutboxEntry>> {
  return commands
    .filter((c) => HOSTED_COMMANDS.has(c.type))
    .map((c) => ({
      instanceId,
      commandId: c.id,
      type: c.type,
      payload: c,
      status,
      attempts: 0,
      availableAt: c.type === 'start-timer' ? c.fireAt : now,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    }));
}
