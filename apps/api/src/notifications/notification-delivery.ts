import type { ChiboConfig } from '@chibo/config';
import { ENABLED_EFFECTS } from '@chibo/catalog-node';
import type { EffectHandler } from '@chibo/host';
import { DeliveryDispatcher, emailAddressing, EmailChannel, type ChannelAddressing, type DeliveryPolicy, type NotificationChannel, type NotifyOptions } from '@chibo/notifications';
import { createNotifyEffect } from '@chibo/plugin-core-effects/effects';
import type { DataSource } from 'typeorm';

/** The channels this installation sends on, and what the `notify` effect needs to queue messages for them. */
export interface NotificationWiring {
  /** The enabled effects, `notify` queuing for the configured channels. */
  effects: readonly EffectHandler[];
  channels: readonly NotificationChannel[];
  notify: NotifyOptions;
}

/** "Name <a@b>" or "a@b" → its parts. */
export function parseFrom(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1]!.trim() || 'chibo', email: match[2]!.trim() } : { name: 'chibo', email: from.trim() };
}

/**
 * What the configuration turns on: e-mail when SMTP_URL is set, else nothing beyond the in-app board (said once, on
 * `logger`). A deployment adds a channel (Zalo OA, SMS) by passing it in `extra`: its `id` and `addressOf` go to the
 * effect, the channel itself to the dispatcher.
 */
export function notificationWiring(config: ChiboConfig, options: { extra?: ReadonlyArray<NotificationChannel & ChannelAddressing>; logger?: Pick<Console, 'log'> } = {}): NotificationWiring {
  const from = parseFrom(config.smtpFrom);
  const channels: NotificationChannel[] = [];
  const addressing: ChannelAddressing[] = [];
  if (config.smtpUrl) {
    channels.push(new EmailChannel({ smtpUrl: config.smtpUrl, from: config.smtpFrom }));
    addressing.push(emailAddressing);
  } else {
    options.logger?.log('[chibo] Thông báo: chưa cấu hình SMTP_URL — chỉ có thông báo trong ứng dụng (không gửi e-mail).');
  }
  for (const channel of options.extra ?? []) {
    channels.push(channel);
    addressing.push(channel);
  }
  const notify: NotifyOptions = { channels: addressing, publicUrl: config.publicUrl, from };
  const effects = ENABLED_EFFECTS.map((e) => (e.name === 'notify' ? createNotifyEffect(notify) : e));
  return { effects, channels, notify };
}

/** Starts the dispatcher for the wiring's channels (none: nothing runs). */
export function startNotificationDelivery(dataSource: DataSource, wiring: NotificationWiring, policy?: Partial<DeliveryPolicy>): DeliveryDispatcher {
  const dispatcher = new DeliveryDispatcher({ dataSource, channels: wiring.channels, logger: console, ...(policy ? { policy } : {}) });
  if (wiring.channels.length) dispatcher.start();
  return dispatcher;
}
