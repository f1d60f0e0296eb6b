import { BeforeInsert, Entity, Index } from 'typeorm';
import { CodeColumn, InstanceIdColumn, IntColumn, IsoColumn, JsonColumn, TextColumn, UuidColumn, UuidPrimaryColumn, newId } from '../columns';

/**
 * `held`: waiting for the recipient's daily digest (at `next_attempt_at`), then `digested` (it went out in one);
 * `pending`: to send (at `next_attempt_at`); `sending`: an attempt was recorded and may or may not have reached the
 * channel (a crash leaves it so; the dispatcher resends with the same Message-ID); `sent`; `failed`: given up
 * (attempts exhausted or a permanent refusal such as a hard bounce) — listed for admins.
 */
export type DeliveryStatus = 'held' | 'digested' | 'pending' | 'sending' | 'sent' | 'failed';

/** What a channel carries besides the text: e.g. the `.ics` invitation of a convene notice. */
export interface DeliveryAttachment {
  filename: string;
  contentType: string;
  content: string;
  /** iCalendar METHOD (REQUEST, CANCEL) for invitations, so mail clients offer to accept them. */
  method?: string;
}

/**
 * One message to one recipient over one channel (e-mail, or a deployment's Zalo OA / SMS), rendered when the
 * `notify` effect ran and written in its transaction: the outbox of deliveries. Its key is unique per
 * (event, recipient, channel), so a retried effect cannot queue a second copy; the Message-ID is derived from the key,
 * so a resend after a crash is recognisably the same message.
 */
@Entity({ name: 'notification_deliveries' })
@Index('uq_notification_deliveries_key', ['idempotencyKey'], { unique: true })
@Index('idx_notification_deliveries_status_next', ['status', 'nextAttemptAt'])
export class NotificationDelivery {
  @UuidPrimaryColumn('notification_deliveries')
  id!: string;

  /** `<effect idempotency key>/<user id>/<channel>`. */
  @CodeColumn('idempotency_key', { length: 400 })
  idempotencyKey!: string;

  @CodeColumn('channel', { length: 40 })
  channel!: string;

  @UuidColumn('user_id')
  userId!: string;

  /** Where the channel sends it (an e-mail address, a phone number, a Zalo user id). */
  @TextColumn('address')
  address!: string;

  @CodeColumn('kind', { length: 60 })
  kind!: string;

  @TextColumn('subject')
  subject!: string;

  @TextColumn('text_body')
  text!: string;

  @TextColumn('html_body', { nullable: true })
  html!: string | null;

  @JsonColumn('attachments')
  attachments!: DeliveryAttachment[];

  /** Deterministic (`<sha256(key)@host>`): the same on every attempt. */
  @CodeColumn('message_id', { length: 200 })
  messageId!: string;

  @InstanceIdColumn('instance_id', { nullable: true })
  instanceId!: string | null;

  @CodeColumn('status', { length: 20 })
  status!: DeliveryStatus;

  @IntColumn('attempts', { default: 0 })
  attempts!: number;

  /** Wall-clock instant of the next attempt (deliveries happen in real time, whatever the procedure's clock). */
  @IsoColumn('next_attempt_at')
  nextAttemptAt!: string;

  @IsoColumn('last_attempt_at', { nullable: true })
  lastAttemptAt!: string | null;

  @TextColumn('last_error', { nullable: true })
  lastError!: string | null;

  /** What the channel answered when it accepted the message (the SMTP server's reply, its queue id). */
  @TextColumn('provider_response', { nullable: true })
  providerResponse!: string | null;

  /** The event's instant (the effect's `at`). */
  @IsoColumn('created_at')
  createdAt!: string;

  @IsoColumn('sent_at', { nullable: true })
  sentAt!: string | null;

  @BeforeInsert()
  protected fillDefaults(): void {
    this.id ??= newId();
    this.attempts ??= 0;
    this.status ??= 'pending';
    this.lastAttemptAt ??= null;
    this.lastError ??= null;
    this.providerResponse ??= null;
    this.sentAt ??= null;
  }
}
