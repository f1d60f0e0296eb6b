import type { EntityManager } from 'typeorm';

/** What an effect handler gets: a transaction (its writes commit with the record that it ran), the instant, the instance. */
export interface EffectContext {
  manager: EntityManager;
  at: string;
  instanceId: string;
  idempotencyKey: string;
}

/** A Node-side effect: named, and idempotent because the runtime records its key in the same transaction. */
export interface EffectHandler {
  name: string;
  run(ctx: EffectContext, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}
