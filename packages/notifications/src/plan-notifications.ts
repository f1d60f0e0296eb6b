import { Notification, NotificationDelivery, NotificationSettings, OrgUnit, type DeliveryAttachment } from '@chibo/db';
import { In, type EntityManager } from 'typeorm';
import type { ChannelAddressing } from './channels/notification-channel';
import { deliveryMessageId } from './delivery/message-id';
import { preferenceOf, withDefaults } from './recipients/notification-preferences';
import { resolveRecipients, type RecipientSpec } from './recipients/resolve-recipients';
import { defaultNotificationTemplates, PREFERENCE_LABELS, type NoticeField, type NoticeOverrides, type NotificationTemplates } from './templates/notification-templates';
import { sessionInvitation, type SessionEvent } from './templates/session-invitation';

/** What a step asked to be told (the `notify` effect's input, parsed). */
export interface NotifyRequest {
  to: readonly RecipientSpec[];
  kind: string;
  message?: string | undefined;
  org?: string | undefined;
  /** The deadline of the task the notice is about. */
  dueAt?: string | undefined;
  /** The session a convene notice announces: an `.ics` invitation goes with it. */
  event?: (Partial<SessionEvent> & { startsAt: string }) | undefined;
  /** Site-relative path of the page the notice is about; default: the instance's dossier. */
  link?: string | undefined;
}

/** Where messages go out from and link back to; which channels are on. */
export interface NotifyOptions {
  /** The channels that are configured (none: in-app only). */
  channels: readonly ChannelAddressing[];
  /** The site's address for links in messages, e.g. `https://chibo.example.vn`. */
  publicUrl: string;
  /** The sender, also the invitation's organizer; its domain ends each Message-ID. */
  from: { name: string; email: string };
  templates?: NotificationTemplates;
  /** Committees' own notice templates (ADR 0031); without it, the shipped templates only. */
  overrides?: NoticeOverrides;
  /** Where a committee template that failed at render time is reported (default: console.warn). */
  log?: (message: string) => void;
  /** Wall clock for the first attempt (deliveries run in real time; the notice keeps the event's instant). */
  now?: () => string;
}

export interface PlannedNotifications {
  /** Users the notice reached on the board. */
  notified: number;
  /** Messages queued per channel. */
  queued: Record<string, number>;
  /** Users who turned this kind off (per channel) or have no address on it. */
  skipped: Record<string, number>;
}

const TASK_PAGE = '/viec-cua-toi';
const DOSSIER_PAGE = '/ho-so';
const SETTINGS_PAGE = '/thong-bao/cai-dat';

/** Kinds that are about a task the recipient must do: their link is the recipient's task list. */
const TASK_KINDS = new Set(['draft-assigned', 'draft-revision', 'report-reminder', 'report-overdue', 'task-assigned', 'task-reminder', 'task-overdue']);

/**
 * Carries out a notice inside the `notify` effect's transaction: resolves the recipients, posts one notice per user
 * on the in-app board and, for each configured channel, queues one rendered message per user who has an address on
 * it and has not turned the kind off. Keys are `<effect key>/<user>/<channel>` (unique), so the effect, which runs
 * once per key, can never queue a second copy; the dispatcher sends the queue after the transaction commits.
 */
export async function planNotifications(
  manager: EntityManager,
  ctx: { at: string; instanceId: string; idempotencyKey: string },
  request: NotifyRequest,
  options: NotifyOptions,
): Promise<PlannedNotifications> {
  const templates = options.templates ?? defaultNotificationTemplates();
  const now = options.now ?? (() => new Date().toISOString());
  const recipients = await resolveRecipients(manager, request.to, request.org);
  const firstOrg = request.org ?? request.to.find((t) => t.org)?.org;
  const org = firstOrg ? await manager.findOne(OrgUnit, { where: { code: firstOrg } }) : null;
  const base = options.publicUrl.replace(/\/+$/, '');
  const path = request.link ?? (TASK_KINDS.has(request.kind) ? TASK_PAGE : `${DOSSIER_PAGE}/${encodeURIComponent(ctx.instanceId)}`);
  const preference = preferenceOf(request.kind);
  const event = request.event ? normaliseEvent(request.event) : null;
  const domain = options.from.email.split('@')[1] ?? 'chibo.local';
  const settings: NotificationSettings[] = [];
  for (let i = 0; i < recipients.length; i += 500) settings.push(...(await manager.findBy(NotificationSettings, { userId: In(recipients.slice(i, i + 500).map((r) => r.userId)) })));
  const settingsOf = new Map(settings.map((s) => [s.userId, s]));
  const result: PlannedNotifications = { notified: 0, queued: {}, skipped: {} };
  // The committee templates of the unit that sends the notice (its own, else the nearest committee's above it).
  // Only the channels' messages use them (the board shows the title): no lookup when the notice stays in-app.
  const overrides = org && options.overrides && options.channels.length ? await options.overrides.find(manager, org, request.kind) : null;
  const failed = new Set<NoticeField>();
  const log = options.log ?? ((message: string) => console.warn(message));
  const notices: Notification[] = [];
  const deliveries: NotificationDelivery[] = [];
  for (const recipient of recipients) {
    const view = {
      kind: request.kind,
      recipientName: recipient.name,
      message: request.message ?? null,
      link: `${base}${path}`,
      settingsLink: `${base}${SETTINGS_PAGE}`,
      orgName: org?.name ?? '',
      dueAt: request.dueAt ? vnDateTime(request.dueAt) : null,
      event: event ? { name: event.name, when: vnDateTime(event.startsAt), place: event.place, online: event.online, onlineLink: event.onlineLink, agenda: event.agenda } : null,
      preferenceLabel: PREFERENCE_LABELS[preference],
    };
    let rendered = templates.render(view);
    if (overrides && options.overrides) rendered = await applyOverrides(rendered, templates.viewOf(view), overrides, options.overrides, failed, log);
    notices.push(
      Object.assign(new Notification(), {
        idempotencyKey: `${ctx.idempotencyKey}/${recipient.userId}/in-app`,
        userId: recipient.userId,
        kind: request.kind,
        title: rendered.title,
        body: request.message ?? rendered.title,
        link: path,
        instanceId: ctx.instanceId,
        createdAt: ctx.at,
      }),
    );
    result.notified += 1;
    const stored = settingsOf.get(recipient.userId);
    const prefs = withDefaults(stored?.preferences);
    for (const channel of options.channels) {
      const address = channel.addressOf({ email: stored?.email ?? null, emailBounced: stored?.emailBounced ?? null });
      if (!address || !prefs[preference]) {
        result.skipped[channel.id] = (result.skipped[channel.id] ?? 0) + 1;
        continue;
      }
      const key = `${ctx.idempotencyKey}/${recipient.userId}/${channel.id}`;
      const attachments: DeliveryAttachment[] =
        event && channel.rich
          ? [
              sessionInvitation({
                instanceId: ctx.instanceId,
                at: ctx.at,
                title: `Sinh hoạt chi bộ${org ? ` — ${org.name}` : ''}`,
                description: [request.message, event.agenda].filter(Boolean).join('\n'),
                url: `${base}${path}`,
                event,
                organizer: options.from,
                attendee: address.includes('@') ? { name: recipient.name, email: address } : null,
              }),
            ]
          : [];
      deliveries.push(
        Object.assign(new NotificationDelivery(), {
          idempotencyKey: key,
          channel: channel.id,
          userId: recipient.userId,
          address,
          kind: request.kind,
          subject: rendered.subject,
          text: rendered.text,
          html: channel.rich ? rendered.html : null,
          attachments,
          messageId: deliveryMessageId(key, domain),
          instanceId: ctx.instanceId,
          // A user who chose the daily digest gets this in the next digest instead (held until then).
          status: prefs.digest && channel.rich ? ('held' as const) : ('pending' as const),
          attempts: 0,
          nextAttemptAt: prefs.digest && channel.rich ? nextDigestAt(now()) : now(),
          createdAt: ctx.at,
        }),
      );
      result.queued[channel.id] = (result.queued[channel.id] ?? 0) + 1;
    }
  }
  for (let i = 0; i < notices.length; i += 200) await manager.insert(Notification, notices.slice(i, i + 200));
  for (let i = 0; i < deliveries.length; i += 200) await manager.insert(NotificationDelivery, deliveries.slice(i, i + 200));
  return result;
}

/**
 * The committee's templates rendered over the shipped ones, field by field. One that fails (an error on this data,
 * or past the sandbox's time limit) is logged and left out for the rest of this notice — the shipped template's
 * rendering stays, so the message is still queued. Used for notices and for daily digests.
 */
export async function applyOverrides<T extends Record<NoticeField, string>>(
  rendered: T,
  view: Record<string, unknown>,
  found: Partial<Record<NoticeField, { ref: string; source: string } | null>>,
  overrides: NoticeOverrides,
  failed: Set<NoticeField>,
  log: (message: string) => void,
): Promise<T> {
  const out = { ...rendered };
  for (const field of ['subject', 'text', 'html'] as const) {
    const override = found[field];
    if (!override || failed.has(field)) continue;
    try {
      const value = await overrides.render(override.source, view, field);
      out[field] = (field === 'subject' ? value.replace(/\s+/g, ' ').trim() : value) as T[typeof field];
    } catch (error) {
      failed.add(field);
      log(`notice template ${override.ref} failed (${error instanceof Error ? error.message : String(error)}); the shipped ${field} template was used`);
    }
  }
  return out;
}

/** Digests go out at 07:00 in Vietnam (00:00 UTC): the next such instant after `at`. */
export function nextDigestAt(at: string): string {
  const t = new Date(at);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1)).toISOString();
}

function normaliseEvent(event: Partial<SessionEvent> & { startsAt: string }): SessionEvent {
  return {
    id: event.id ?? null,
    name: event.name ?? null,
    startsAt: event.startsAt,
    durationMinutes: event.durationMinutes ?? 120,
    place: event.place ?? null,
    online: event.online ?? false,
    onlineLink: event.onlineLink ?? null,
    agenda: event.agenda ?? null,
    sequence: event.sequence ?? 0,
    cancelled: event.cancelled ?? false,
  };
}

/** "08:00 ngày 25/03/2022" in Vietnam's time. */
export function vnDateTime(instant: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('hour')}:${get('minute')} ngày ${get('day')}/${get('month')}/${get('year')}`;
}
