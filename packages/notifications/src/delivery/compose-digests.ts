import { Notification, NotificationDelivery, User, type DeliveryAttachment } from '@chibo/db';
import { writeTransaction } from '@chibo/host';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { vnDateTime } from '../plan-notifications';
import { defaultNotificationTemplates, type NotificationTemplates } from '../templates/notification-templates';
import { deliveryMessageId } from './message-id';

/**
 * Turns the held messages whose digest time has come into one message per (user, channel): a list of the day's
 * notices with their links (and any `.ics` invitations attached), queued as an ordinary delivery whose key is
 * `digest/<user>/<channel>/<instant>` — so two dispatchers composing at once cannot queue two — and marks the held
 * ones `digested` in the same transaction. Returns how many digests were queued.
 */
export async function composeDigests(dataSource: DataSource, options: { now: string; channels: readonly string[]; publicUrl?: string; templates?: NotificationTemplates }): Promise<number> {
  if (!options.channels.length) return 0;
  const templates = options.templates ?? defaultNotificationTemplates();
  return writeTransaction(dataSource, async (m) => {
    const held = await m.find(NotificationDelivery, { where: { status: 'held', channel: In([...options.channels]), nextAttemptAt: LessThanOrEqual(options.now) }, order: { createdAt: 'ASC', id: 'ASC' } });
    if (!held.length) return 0;
    const groups = new Map<string, NotificationDelivery[]>();
    for (const row of held) {
      const key = `${row.userId}/${row.channel}/${row.nextAttemptAt}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const notices = await m.find(Notification, { where: { idempotencyKey: In(held.map((h) => h.idempotencyKey.replace(/\/[^/]+$/, '/in-app'))) } });
    const linkOf = new Map(notices.map((n) => [n.idempotencyKey, n.link]));
    const users = await m.find(User, { where: { id: In([...new Set(held.map((h) => h.userId))]) } });
    const nameOf = new Map(users.map((u) => [u.id, u.displayName]));
    let queued = 0;
    for (const [group, rows] of groups) {
      const first = rows[0]!;
      const base = (options.publicUrl ?? '').replace(/\/+$/, '');
      const items = rows.map((r) => ({ title: r.subject.replace(/^\[chibo\] /, ''), link: `${base}${linkOf.get(r.idempotencyKey.replace(/\/[^/]+$/, '/in-app')) ?? ''}` }));
      const date = vnDateTime(first.nextAttemptAt).replace(/^\d\d:\d\d ngày /, '');
      const rendered = templates.renderDigest({ recipientName: nameOf.get(first.userId) ?? '', date, count: rows.length, items, settingsLink: `${base}/thong-bao/cai-dat` });
      const key = `digest/${group}`;
      const attachments: DeliveryAttachment[] = rows.flatMap((r) => r.attachments ?? []);
      await m.insert(NotificationDelivery, Object.assign(new NotificationDelivery(), {
        idempotencyKey: key,
        channel: first.channel,
        userId: first.userId,
        address: rows[rows.length - 1]!.address,
        kind: 'digest',
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments,
        messageId: deliveryMessageId(key, /@([^>]+)>$/.exec(first.messageId)?.[1] ?? 'chibo.local'),
        instanceId: null,
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: options.now,
        createdAt: options.now,
      }));
      await m.update(NotificationDelivery, { id: In(rows.map((r) => r.id)), status: 'held' }, { status: 'digested' });
      queued += 1;
    }
    return queued;
  });
}
