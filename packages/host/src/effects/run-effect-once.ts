import { EffectRun } from '@chibo/db';
import type { EntityManager } from 'typeorm';
import type { EffectContext, EffectHandler } from './effect';

/** One effect to run: which, with what, for which instance, under which idempotency key (instance + step + effect). */
export interface EffectCall {
  name: string;
  input: Record<string, unknown>;
  instanceId: string;
  idempotencyKey: string;
  at: string;
}

/**
 * Runs an effect at most once per idempotency key, inside the caller's transaction: a run already recorded in
 * `effect_runs` returns its recorded result; otherwise the handler runs and its run is recorded (by `record`, or
 * inserted here) in the same transaction, so its writes and the record commit together and a concurrent duplicate
 * fails on the record's key and retries. `known: 'not-run'` skips the look-up when the caller knows no run exists.
 */
export async function runEffectOnce(
  manager: EntityManager,
  handler: EffectHandler,
  call: EffectCall,
  options: { known?: 'not-run'; prepared?: unknown; insertLater?: EffectContext['insertLater']; record?: (run: EffectRun) => void } = {},
): Promise<Record<string, unknown>> {
  const prior = options.known === 'not-run' ? null : await manager.findOne(EffectRun, { where: { idempotencyKey: call.idempotencyKey } });
  if (prior) return (prior.result ?? {}) as Record<string, unknown>;
  const result = await handler.run(
    {
      manager,
      at: call.at,
      instanceId: call.instanceId,
      idempotencyKey: call.idempotencyKey,
      firstRun: true,
      ...(options.prepared !== undefined ? { prepared: options.prepared } : {}),
      ...(options.insertLater ? { insertLater: options.insertLater } : {}),
    },
    call.input,
  );
  const run = { idempotencyKey: call.idempotencyKey, name: call.name, result, completedAt: call.at } as EffectRun;
  if (options.record) options.record(run);
  else await manager.insert(EffectRun, run as never);
  return result;
}
