import { EffectInputError, isPermanentEffectError, runEffectOnce, writeTransaction } from '@chibo/host';
import { DEFAULT_EFFECTS } from '@chibo/runtime-embedded';
import type { RunEffectArgs } from '@chibo/workflows';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityDeps } from './activity-deps';

/**
 * This activity runs one of the Node-side effects (the same handlers the embedded runtime runs: issue-document with
 * its numbering registers, notify, submit-upward) at most once per idempotency key, through the host kernel's
 * `runEffectOnce`: the key is recorded in `effect_runs` in the transaction of the effect's writes, so a retried
 * activity returns the recorded result and a document number is never taken twice. Compensation: none (see each effect).
 */
export function runEffectActivity(deps: ActivityDeps) {
  const handlers = new Map((deps.effects ?? DEFAULT_EFFECTS).map((e) => [e.name, e]));
  return async function runEffect(args: RunEffectArgs): Promise<Record<string, unknown>> {
    const handler = handlers.get(args.name);
    // A definition naming an effect this worker lacks is a deployment error: retrying cannot help.
    if (!handler) throw ApplicationFailure.nonRetryable(`No effect named "${args.name}" on this worker`, 'ChiboUnknownEffect');
    try {
      return await writeTransaction(deps.dataSource, (m) => runEffectOnce(m, handler, args));
    } catch (error) {
      // An input the effect's schema refuses is in the event log: every retry would fail the same way.
      if (isPermanentEffectError(error)) {
        throw ApplicationFailure.nonRetryable((error as Error).message, error instanceof EffectInputError ? 'ChiboEffectInput' : 'ChiboPermanentEffectError', ...(error instanceof EffectInputError ? [error.issues] : []));
      }
      throw error;
    }
  };
}
