import type { ProcedureEvent } from '@chibo/procedure';
import type { EntityManager } from 'typeorm';

/** Events just appended to one instance, with where they sit in its log. */
export interface AppendedEvents {
  instanceId: string;
  orgId: string;
  /** The org unit's code, when the caller has it (spares a lookup per unit in a fan-out). */
  orgCode?: string;
  guidanceId: string | null;
  /** Sequence number of the first event (1-based). */
  fromSeq: number;
  events: readonly ProcedureEvent[];
  recordedAt: string;
}

/**
 * The hooks every host calls: the audit log chains appended events inside their transaction (`onEvents`), and seals a
 * report on its way to the parent (`sealReport`), whichever runtime wrote them.
 */
export interface HostHooks {
  /** Called inside the transaction of every append (and instance creation) with the events written. */
  onEvents?: (manager: EntityManager, appended: AppendedEvents) => Promise<void>;
  /** What a report on its way to the parent becomes (an audit checkpoint of the sender's chain is added here). */
  sealReport?: (manager: EntityManager, sender: { instanceId: string; orgId?: string }, report: Record<string, unknown>) => Promise<Record<string, unknown>>;
}
