import { Member, Notification, NotificationDelivery, OrgUnit, RoleAssignment, User, type DeliveryAttachment } from '@chibo/db';
import { writeTransaction } from '@chibo/host';
import { In, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { applyOverrides, vnDateTime } from '../plan-notifications';
import { defaultNotificationTemplates, DIGEST_KIND, type NoticeField, type NoticeOverrides, type NotificationTemplates } from '../templates/notification-templates';
import { deliveryMessageId } from './message-id';

/**
 * Turns the held messages whose digest time has come into one message per (user, channel): a list of the day's
 * notices with their links (and any `.ics` invitations attached), queued as an ordinary delivery whose key is
 * `digest/<user>/<channel>/<instant>` — so two dispatchers composing at once cannot queue two — and marks the held
 * ones `digested` in the same transaction. Returns how many digests were queued.
 *
 * With `overrides`, a committee's digest templates (kind `digest`) apply to the digests of the people under it: the
 * unit looked up is the recipient's cell when they are a member, else the unit of their first role (ADR 0032). A
 * template that fails is logged and the shipped one used, as for notices.
 */
export async function composeDigests(
  dataSource: DataSource,
  options: { now: string; channels: readonly string[]; publicUrl?: string; templates?: NotificationTemplates; overrides?: NoticeOverrides; log?: (message: string) => void },
): Promise<number> {
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
      const view = { recipientName: nameOf.get(first.userId) ?? '', date, count: rows.length, items, settingsLink: `${base}/thong-bao/cai-dat` };
      let rendered = templates.renderDigest(view);
      const found = options.overrides ? await digestOverrides(m, options.overrides, users.find((u) => u.id === first.userId)) : null;
      if (found && options.overrides) rendered = await applyOverrides(rendered, view, found, options.overrides, new Set<NoticeField>(), options.log ?? ((message) => console.warn(message)));
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

/** The digest templates that apply to a user: their cell's (when a member), else their first role's unit's. */
async function digestOverrides(m: EntityManager, overrides: NoticeOverrides, user: User | undefined): Promise<Partial<Record<NoticeField, { ref: string; source: string } | null>> | null> {
  if (!user) return null;
  const member = user.memberId ? await m.findOne(Member, { where: { id: user.memberId }, select: { id: true, orgId: true } }) : null;
  const orgId = member?.orgId ?? (await m.findOne(RoleAssignment, { where: { userId: user.id }, order: { id: 'ASC' }, select: { id: true, orgId: true } }))?.orgId;
  const org = orgId ? await m.findOne(OrgUnit, { where: { id: orgId } }) : null;
  return org ? overrides.find(m, org, DIGEST_KIND) : null;
}
