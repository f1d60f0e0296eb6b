import { Notification, NotificationDelivery, NotificationSettings, type NotificationPreferences } from '@chibo/db';
import { In, IsNull, type EntityManager } from 'typeorm';
import { queueEmailVerification } from './email-verification';
import { withDefaults, type NotificationSettingsInput } from './recipients/notification-preferences';

/** A notice as the board shows it. */
export interface BoardNotice {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** How many notices the user has not read. */
export function unreadCount(manager: EntityManager, userId: string): Promise<number> {
  return manager.count(Notification, { where: { userId, readAt: IsNull() } });
}

/** The user's notices, newest first (`unread` only those not read). */
export async function listNotices(manager: EntityManager, userId: string, options: { unread?: boolean; limit?: number; offset?: number } = {}): Promise<BoardNotice[]> {
  const rows = await manager.find(Notification, {
    where: { userId, ...(options.unread ? { readAt: IsNull() } : {}) },
    order: { createdAt: 'DESC', id: 'ASC' },
    take: Math.min(options.limit ?? 50, 200),
    skip: options.offset ?? 0,
  });
  return rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.createdAt, readAt: n.readAt }));
}

/**
 * Marks notices read (the given ids, or all with `ids` absent) — only the user's own: an id of someone else's notice
 * is not found. Returns how many changed (marking a read notice again changes nothing).
 */
export async function markNoticesRead(manager: EntityManager, userId: string, at: string, ids?: readonly string[]): Promise<number> {
  const result = await manager.update(Notification, { userId, readAt: IsNull(), ...(ids ? { id: In([...ids]) } : {}) }, { readAt: at });
  return result.affected ?? 0;
}

/** Whether a notice of this id belongs to the user. */
export async function ownsNotice(manager: EntityManager, userId: string, id: string): Promise<boolean> {
  return (await manager.count(Notification, { where: { id, userId } })) > 0;
}

/** A user's settings as the API shows them (defaults when never saved). */
export interface SettingsView {
  email: string | null;
  emailVerified: boolean;
  emailBounced: boolean;
  preferences: NotificationPreferences;
}

export async function readSettings(manager: EntityManager, userId: string): Promise<SettingsView> {
  const row = await manager.findOne(NotificationSettings, { where: { userId } });
  return { email: row?.email ?? null, emailVerified: row?.emailVerified ?? false, emailBounced: Boolean(row?.email && row.emailBounced === row.email), preferences: withDefaults(row?.preferences) };
}

/**
 * Saves what the user changed (already validated with `notificationSettingsInput`). A new address is unverified and
 * clears a bounce; preferences not sent keep their value.
 */
export async function saveSettings(
  manager: EntityManager,
  userId: string,
  input: NotificationSettingsInput,
  at: string,
  /** When e-mail is on: a changed address is sent a verification link (`queueEmailVerification`). */
  verify?: { secret: string; publicUrl: string; from: { email: string } },
): Promise<SettingsView> {
  const row = await manager.findOne(NotificationSettings, { where: { userId } });
  const email = input.email === undefined ? (row?.email ?? null) : input.email?.trim().toLowerCase() ?? null;
  const changed = email !== (row?.email ?? null);
  const next: NotificationSettings = Object.assign(new NotificationSettings(), {
    userId,
    email,
    emailVerified: changed ? false : (row?.emailVerified ?? false),
    emailBounced: changed ? null : (row?.emailBounced ?? null),
    preferences: { ...withDefaults(row?.preferences), ...(input.preferences ?? {}) },
    updatedAt: at,
  });
  await manager.save(NotificationSettings, next);
  if (verify && changed && email) await queueEmailVerification(manager, { userId, email, at, ...verify });
  return readSettings(manager, userId);
}

/** A message that has not (yet) reached its recipient: what the admins' page lists. */
export interface UndeliveredView {
  id: string;
  channel: string;
  userId: string;
  address: string;
  kind: string;
  subject: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt: string | null;
  lastError: string | null;
  messageId: string;
  createdAt: string;
}

/** Deliveries not sent: failed for good first, then those still being retried (oldest first). */
export async function listUndelivered(manager: EntityManager, options: { limit?: number } = {}): Promise<UndeliveredView[]> {
  const rows = await manager.find(NotificationDelivery, {
    where: { status: In(['failed', 'pending', 'sending']) },
    order: { createdAt: 'ASC', id: 'ASC' },
    take: Math.min(options.limit ?? 200, 1000),
  });
  const rank = (s: string) => (s === 'failed' ? 0 : 1);
  return rows
    .sort((a, b) => rank(a.status) - rank(b.status))
    .map((d) => ({ id: d.id, channel: d.channel, userId: d.userId, address: d.address, kind: d.kind, subject: d.subject, status: d.status, attempts: d.attempts, nextAttemptAt: d.nextAttemptAt, lastAttemptAt: d.lastAttemptAt, lastError: d.lastError, messageId: d.messageId, createdAt: d.createdAt }));
}
