import type { NotificationPreferences } from '@chibo/db';
import { z } from 'zod';

/** Everything on by default (a member expects to hear about their tasks and sessions); the digest off. */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  taskAssigned: true,
  reminder: true,
  conveneNotice: true,
  reportOverdue: true,
  reportReceived: true,
  digest: false,
};

/** The preference that governs a notify `kind`; kinds not listed follow `taskAssigned` (they are about a task). */
export function preferenceOf(kind: string): Exclude<keyof NotificationPreferences, 'digest'> {
  switch (kind) {
    case 'session-convened':
    case 'session-changed':
    case 'session-cancelled':
    case 'resolution-adopted':
    case 'draft-ready':
      return 'conveneNotice';
    case 'report-reminder':
    case 'task-reminder':
      return 'reminder';
    case 'report-overdue':
    case 'reports-overdue':
    case 'task-overdue':
      return 'reportOverdue';
    case 'report-received':
      return 'reportReceived';
    default:
      return 'taskAssigned';
  }
}

/** A user's preferences with the defaults filled in (a row written by an older version may lack a kind). */
export function withDefaults(stored: Partial<NotificationPreferences> | null | undefined): NotificationPreferences {
  return { ...DEFAULT_PREFERENCES, ...(stored ?? {}) };
}

/**
 * An address an SMTP server takes: zod's address pattern, with at most 64 characters before the "@" and 63 in each
 * part of the domain (RFC 5321 §4.5.3.1, RFC 1035). A longer one passed the pattern and the 254-character limit, was
 * saved, and a server that holds to those limits refuses it at the first notice (a 553, taken for a hard bounce).
 */
const SMTP_ADDRESS = new RegExp(`^(?=[^@]{1,64}@)(?!.*@.*[^.@]{64})${z.regexes.email.source.slice(1)}`);

/** What a user may change (PUT /me/notification-settings): every field optional; `email` null removes it. */
export const notificationSettingsInput = z
  .object({
    email: z.email({ pattern: SMTP_ADDRESS, error: 'Địa chỉ e-mail không hợp lệ' }).max(254).nullable().optional(),
    preferences: z
      .object({
        taskAssigned: z.boolean(),
        reminder: z.boolean(),
        conveneNotice: z.boolean(),
        reportOverdue: z.boolean(),
        reportReceived: z.boolean(),
        digest: z.boolean(),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type NotificationSettingsInput = z.infer<typeof notificationSettingsInput>;
