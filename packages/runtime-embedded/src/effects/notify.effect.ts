import type { EffectHandler } from '@chibo/host';

/**
 * This effect records a notification for its recipients (role or member assignees). Delivery channels (e-mail, Zalo)
 * plug in here later; the record is what the inbox and auditors read, and its idempotency key means a retried
 * reminder is never sent twice. Compensation: none (a notification cannot be unsent).
 */
export const notifyEffect: EffectHandler = {
  name: 'notify',
  async run(ctx, input) {
    return { delivered: true, at: ctx.at, kind: input['kind'] ?? null, recipients: input['to'] ?? [] };
  },
};
