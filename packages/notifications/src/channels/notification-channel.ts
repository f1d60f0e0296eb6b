import type { DeliveryAttachment } from '@chibo/db';

/** One rendered message, ready for a channel: what the dispatcher hands to `send`. */
export interface OutgoingMessage {
  /** Deterministic per (event, recipient, channel): the same on every attempt, so a resend is the same message. */
  messageId: string;
  /** The channel's address of the recipient (e-mail address, phone number, Zalo user id). */
  to: string;
  /** The recipient's display name, when known. */
  toName?: string;
  subject: string;
  text: string;
  html?: string;
  attachments: readonly DeliveryAttachment[];
}

/** What a channel answers when it accepted a message. */
export interface SendReceipt {
  /** The provider's reply (an SMTP `250 … queued as X`, an API's message id): kept for admins and reconciliation. */
  response: string;
}

/**
 * A channel refused a message. `permanent` (a hard bounce, an address that does not exist, a message too large):
 * retrying cannot help, the delivery fails at once and, with `badAddress`, the address is marked so nothing more is
 * sent to it. Otherwise (a server down, throttled, a timeout) the dispatcher retries with backoff.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly badAddress = false,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/**
 * A way of reaching people outside chibo. The e-mail channel ships; a deployment adds another (Zalo OA, an SMS
 * gateway) by implementing this and passing it to the dispatcher and to `createNotifyEffect`'s channels:
 * `addressOf` says where a user is reached on it (or that they are not), `send` delivers one message.
 */
export interface NotificationChannel {
  /** Stable id, stored with each delivery: `email`, `zalo-oa`, `sms`. */
  readonly id: string;
  /** Whether the message carries HTML and attachments (e-mail) or only text (SMS). */
  readonly rich: boolean;
  /** Sends one message; throws `ChannelError` (or anything: treated as transient) when it was not accepted. */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  /**
   * Optional: after a crash left an attempt unfinished, whether the provider already has this message (by its
   * Message-ID). `unknown` resends it — with the same Message-ID, which receiving mail systems collapse.
   */
  reconcile?(messageId: string): Promise<'delivered' | 'unknown'>;
  /** Releases connections (the dispatcher's `stop`). */
  close?(): Promise<void>;
}

/** The address book a channel reads: each user's settings (the e-mail channel uses `email`). */
export interface RecipientAddresses {
  email: string | null;
  emailBounced: string | null;
}

/** The Node side of a channel that the `notify` effect needs: whether (and where) a user is reached on it. */
export interface ChannelAddressing {
  readonly id: string;
  readonly rich: boolean;
  addressOf(user: RecipientAddresses): string | null;
}
