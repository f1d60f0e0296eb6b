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
}

/** A Node-side effect: named, and idempotent because the runtime records its key in the same transaction. */
export interface EffectHandler {
  name: string;
  run(ctx: EffectContext, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}
