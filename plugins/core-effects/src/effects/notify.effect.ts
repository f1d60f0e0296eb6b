import { sandboxedNoticeOverrides } from '@chibo/documents';
import { defineEffect } from '@chibo/host';
import { planNotifications, type NotifyOptions } from '@chibo/notifications';
import { NOTIFY, notifyInput } from '../index';

/** In-app only: the notice board, no channel (what runs when no SMTP_URL is configured). */
export const IN_APP_ONLY: NotifyOptions = { channels: [], publicUrl: 'http://localhost:3000', from: { name: 'chibo', email: 'no-reply@chibo.local' } };

/**
 * This effect notifies the recipients a step named (members, or the holders of a role in an org unit): one notice
 * per user on the in-app board and, per configured channel (e-mail; a deployment's Zalo OA or SMS), one rendered
 * message queued for each user who has an address there and has not turned the kind off — all in the effect's
 * transaction, under keys `<effect key>/<user>/<channel>`, so a retried effect queues nothing twice. The delivery
 * dispatcher (`@chibo/notifications`) sends the queue after the commit. Compensation: none (a notice cannot be unsent;
 * a changed session is announced by a new notice whose invitation updates the same calendar event). A committee's
 * own notice templates (ADR 0031) render in the documents' sandbox; one that fails leaves the shipped template.
 */
export function createNotifyEffect(options: NotifyOptions = IN_APP_ONLY) {
  const withOverrides: NotifyOptions = { overrides: sandboxedNoticeOverrides(), ...options };
  return defineEffect({
    name: NOTIFY,
    description: 'Notifies members or the holders of a role (reminders, convocations, assignments): the board and each channel',
    input: notifyInput,
    async run(ctx, input) {
      const planned = await planNotifications(ctx.manager, ctx, input, withOverrides);
      return { delivered: true, at: ctx.at, kind: input.kind, recipients: input.to, ...planned };
    },
  });
}

/** The `notify` effect with the in-app board only; `createNotifyEffect` with channels when e-mail is configured. */
export const notifyEffect = createNotifyEffect();
