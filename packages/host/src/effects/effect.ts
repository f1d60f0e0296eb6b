import type { EntityManager } from 'typeorm';

/** What an effect handler gets: a transaction (its writes commit with the record that it ran), the instant, the instance. */
export interface EffectContext {
  manager: EntityManager;
  at: string;
  instanceId: string;
  idempotencyKey: string;
  /**
   * True when the host has made sure, in this transaction, that no run of this key is recorded in `effect_runs`:
   * the handler need not look for its own earlier writes (the host's record of the run, inserted in the same
   * transaction, still refuses a concurrent second run).
   */
  firstRun?: boolean;
  /** What the handler's `prepare` returned, when it has one and the host called it. */
  prepared?: unknown;
  /**
   * Hands a new row to the host to insert with the other writes of the transaction (fewer round trips); absent, the
   * handler inserts it itself.
   */
  insertLater?: <T extends object>(entity: new () => T, row: T) => void;
}

/** What `prepare` gets: no transaction (it only reads), otherwise as `run`. */
export type EffectPrepareContext = Omit<EffectContext, 'firstRun' | 'prepared' | 'insertLater'>;

/** A Node-side effect: named, and idempotent because the runtime records its key in the same transaction. */
export interface EffectHandler {
  name: string;
  run(ctx: EffectContext, input: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Optional reads made before the effect's transaction (handed to `run` as `ctx.prepared`). Must not write. */
  prepare?(ctx: EffectPrepareContext, input: Record<string, unknown>): Promise<unknown>;
}
