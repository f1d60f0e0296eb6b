import { defineEffect } from '@chibo/host';
import { NOTIFY, notifyInput } from '../index';

/**
 * This effect records a notification for its recipients (role or member assignees). Delivery channels (e-mail, Zalo)
 * plug in here later; the record is what the inbox and auditors read, and its idempotency key means a retried
 * reminder is never sent twice. Compensation: none (a notification cannot be unsent).
 */
export const notifyEffect = defineEffect({
  name: NOTIFY,
  description: 'Notifies members or the holders of a role (reminders, convocations, assignments)',
  input: notifyInput,
  async run(ctx, input) {
    return { delivered: true, at: ctx.at, kind: input.kind, recipients: input.to };
  },
});
