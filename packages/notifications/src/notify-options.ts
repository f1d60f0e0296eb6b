import { emailAddressing } from './channels/email-addressing';
import type { ChannelAddressing } from './channels/notification-channel';
import type { NotifyOptions } from './plan-notifications';

/** What the configuration says about notifications (`ChiboConfig`'s fields of the same names). */
export interface NotificationConfig {
  /** SMTP_URL: e-mail is on when set. */
  smtpUrl?: string | undefined;
  /** SMTP_FROM: `"Name" <address>` or an address. */
  smtpFrom: string;
  /** PUBLIC_URL: the site's address for links. */
  publicUrl: string;
}

/** `"Name" <a@b>` or `a@b` → its parts. */
export function parseFrom(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1]!.trim() || 'chibo', email: match[2]!.trim() } : { name: 'chibo', email: from.trim() };
}

/**
 * What the `notify` effect queues for, from the configuration: e-mail when SMTP_URL is set, plus a deployment's own
 * channels (Zalo OA, SMS: their `ChannelAddressing`). The same in the API process and in a Temporal worker, so a
 * notice queues the same messages whichever runs the effect.
 */
export function notifyOptionsFrom(config: NotificationConfig, extra: readonly ChannelAddressing[] = []): NotifyOptions {
  return { channels: [...(config.smtpUrl ? [emailAddressing] : []), ...extra], publicUrl: config.publicUrl, from: parseFrom(config.smtpFrom) };
}
