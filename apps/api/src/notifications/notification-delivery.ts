import type { ChiboConfig } from '@chibo/config';
import { enabledEffects } from '@chibo/catalog-node';
import type { EffectHandler } from '@chibo/host';
import { DeliveryDispatcher, EmailChannel, parseFrom, type DeliveryPolicy, type GivenUpDelivery, type NotificationChannel } from '@chibo/notifications';
import { sandboxedNoticeOverrides } from '@chibo/documents';
import type { DataSource } from 'typeorm';

/** The channels this installation sends on, and the effects whose `notify` queues messages for them. */
export interface NotificationWiring {
  effects: readonly EffectHandler[];
  channels: readonly NotificationChannel[];
  /** The site's address, for the links in daily digests. */
  publicUrl: string;
}

/**
 * What the configuration turns on: e-mail when SMTP_URL is set, else nothing beyond the in-app board (said once, on
 * `logger`). A deployment's own channel (Zalo OA, SMS) is added beside the e-mail channel here and in
 * `notifyOptionsFrom`'s `extra` (docs/adr/0017-notification-channels.md).
 */
export function notificationWiring(config: ChiboConfig, options: { logger?: Pick<Console, 'log'> } = {}): NotificationWiring {
  const channels: NotificationChannel[] = [];
  if (config.smtpUrl) channels.push(new EmailChannel({ smtpUrl: config.smtpUrl, from: config.smtpFrom }));
  else options.logger?.log('[chibo] Thông báo: chưa cấu hình SMTP_URL — chỉ có thông báo trong ứng dụng, không gửi e-mail.');
  return { effects: enabledEffects(config), channels, publicUrl: config.publicUrl };
}

/**
 * Starts the dispatcher for the wiring's channels (none: it never polls). `onGivenUp` is told of each delivery given
 * up (the undelivered queue shown in bull-board, when the engine runs on Redis).
 */
export function startNotificationDelivery(
  dataSource: DataSource,
  wiring: NotificationWiring,
  policy?: Partial<DeliveryPolicy>,
  onGivenUp?: (delivery: GivenUpDelivery) => Promise<void>,
): DeliveryDispatcher {
  // Committees' digest templates render in the documents' sandbox, as their notices do in the notify effect.
  const dispatcher = new DeliveryDispatcher({
    dataSource,
    channels: wiring.channels,
    publicUrl: wiring.publicUrl,
    logger: console,
    overrides: sandboxedNoticeOverrides(),
    ...(policy ? { policy } : {}),
    ...(onGivenUp ? { onGivenUp } : {}),
  });
  if (wiring.channels.length) dispatcher.start();
  return dispatcher;
}

/** What saving a new address needs to send its verification link; undefined without e-mail (nothing could send it). */
export function verificationOf(config: ChiboConfig): { secret: string; publicUrl: string; from: { email: string } } | undefined {
  return config.smtpUrl ? { secret: config.authSecret, publicUrl: config.publicUrl, from: parseFrom(config.smtpFrom) } : undefined;
}
