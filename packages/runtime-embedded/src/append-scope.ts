import type { EffectRun, OutboxEntry, TaskLocation } from '@chibo/db';
import type { InstanceHead } from '@chibo/host';
import type { InstanceState, ProcedureEvent } from '@chibo/procedure';
import type { EntityManager } from 'typeorm';

/** What an append did besides the events: whether the snapshot was rewritten, whether commands were queued. */
export interface Appended {
  snapshot: boolean;
  /** The outbox rows written (on PostgreSQL with their ids once committed: the runtime relays them at once). */
  outbox: ReadonlyArray<Partial<OutboxEntry>>;
  /** The task rows the projection opened (remembered once committed). */
  tasks: readonly TaskLocation[];
}


/**
 * Marks a job's outbox row done inside the transaction of its last write: at once, or with the other rows of a group
 * commit when given its scope.
 */
export type MarkDone = (manager: EntityManager, scope?: AppendScope) => Promise<unknown>;

/** An append waiting for the end of its transaction (see `writeAppends`). */
export interface PendingAppend {
  row: InstanceHead;
  after: InstanceState;
  events: ProcedureEvent[];
  now: string;
  snapshot: boolean;
  /** The instance's facts before these events (the read side replaces only rows of facts it had). */
  priorFacts: Readonly<Record<string, unknown>>;
  /** The task rows its projection opens (filled when the appends are written). */
  tasks: TaskLocation[];
  outbox: Array<Partial<OutboxEntry>>;
}

/** The appends one transaction collects from its writes, written together at its end. */
export class AppendScope {
  readonly appends: PendingAppend[] = [];
  /** Outbox rows whose command this transaction carries out. */
  readonly done: Array<{ id: number; attempts: number }> = [];
  /** Effect runs to record (their keys refuse a second run of the same effect). */
  readonly runs: EffectRun[] = [];
  /** Rows an effect issued (a document), inserted with the transaction's other writes, by entity. */
  readonly later = new Map<new () => object, object[]>();

  /** Adds an append; returns what it will do besides the events (the caller remembers it after the commit). */
  add(append: PendingAppend): Appended {
    this.appends.push(append);
    return { snapshot: append.snapshot, outbox: append.outbox, tasks: append.tasks };
  }

  markDone(id: number, attempts: number): void {
    this.done.push({ id, attempts });
  }

  recordRun(run: EffectRun): void {
    this.runs.push(run);
  }

  insertLater<T extends object>(entity: new () => T, row: T): void {
    const rows = this.later.get(entity) ?? [];
    rows.push(row);
    this.later.set(entity, rows);
  }
}
