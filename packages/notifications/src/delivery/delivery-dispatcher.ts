import { NotificationDelivery, NotificationSettings } from '@chibo/db';
import { writeTransaction } from '@chibo/host';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import { ChannelError, type NotificationChannel } from '../channels/notification-channel';
import type { NoticeOverrides } from '../templates/notification-templates';
import { composeDigests } from './compose-digests';

/** How hard the dispatcher tries. */
export interface DeliveryPolicy {
  /** Attempts before a delivery is given up (`failed`, listed for admins). */
  maxAttempts: number;
  /** First retry after this many ms, doubling each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * How long an attempt may take before it is presumed dead (the process crashed mid-send): a delivery left
   * `sending` for longer is attempted again, with the same Message-ID.
   */
  leaseMs: number;
  /** How often the dispatcher looks for due deliveries when idle. */
  pollMs: number;
  /** Deliveries claimed per pass. */
  batch: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, maxDelayMs: 3_600_000, leaseMs: 5 * 60_000, pollMs: 2_000, batch: 20 };

/** The retry delay after `attempts` failed attempts: base × 2^(attempts−1), capped. */
export function backoffDelay(policy: Pick<DeliveryPolicy, 'baseDelayMs' | 'maxDelayMs'>, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryDispatcherOptions {
  dataSource: DataSource;
  channels: readonly NotificationChannel[];
  policy?: Partial<DeliveryPolicy>;
  logger?: Pick<Console, 'warn' | 'error'>;
  /** Wall clock (tests pass their own). */
  now?: () => number;
  /** The site's address, for the links in digests. */
  publicUrl?: string;
  /** Committees' templates, for the daily digests (`@chibo/documents`' `sandboxedNoticeOverrides()`). */
  overrides?: NoticeOverrides;
  /**
   * Told of each delivery given up, once its `failed` row is committed (e.g. the API's BullMQ queue of undelivered
   * messages, shown in bull-board). A hook that throws is logged; the delivery stays failed and listed for admins.
   */
  onGivenUp?: (delivery: GivenUpDelivery) => Promise<void> | void;
}

/** A delivery the dispatcher gave up, as an admin needs to see it. */
export interface GivenUpDelivery {
  id: string;
  channel: string;
  userId: string;
  /** The recipient's address on the channel. */
  address: string;
  kind: string;
  subject: string;
  attempts: number;
  lastError: string;
  /** A permanent refusal (a 5xx, a hard bounce), rather than attempts exhausted. */
  permanent: boolean;
  givenUpAt: string;
}

/** What one pass did. */
export interface DispatchPass {
  sent: number;
  retried: number;
  failed: number;
  reconciled: number;
}

/**
 * Sends the deliveries the `notify` effect queued. Each attempt is recorded before the channel is called (status
 * `sending`, attempts + 1, a lease) in its own committed transaction, then the outcome (`sent` with the provider's
 * reply, a retry at a backoff, or `failed`). A process killed mid-send leaves the row `sending`; when the lease
 * runs out the next dispatcher asks the channel to reconcile by Message-ID when it can, and otherwise sends again
 * with the same Message-ID. A claim is a conditional update, so two dispatchers never send one row at once.
 */
export class DeliveryDispatcher {
  private readonly policy: DeliveryPolicy;
  private readonly channels: Map<string, NotificationChannel>;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DeliveryDispatcherOptions) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
    this.channels = new Map(options.channels.map((c) => [c.id, c]));
    this.now = options.now ?? Date.now;
  }

  /** Starts polling (every `pollMs`, and at once after `nudge`). */
  start(): void {
    this.stopped = false;
    const loop = async () => {
      while (!this.stopped) {
        let pass: DispatchPass = { sent: 0, retried: 0, failed: 0, reconciled: 0 };
        try {
          pass = await this.runOnce();
        } catch (error) {
          this.options.logger?.error(`[chibo] notifications: dispatcher pass failed: ${(error as Error).message}`);
        }
        if (this.stopped) break;
        if (pass.sent + pass.retried + pass.failed + pass.reconciled === 0) {
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.timer = setTimeout(resolve, this.policy.pollMs);
          });
        }
      }
    };
    this.running = loop();
  }

  /** Looks for due deliveries now (after a notice was queued) instead of at the next poll. */
  nudge(): void {
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  }

  /** Stops polling, waits for the attempt under way, closes the channels. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.running;
    for (const channel of this.channels.values()) await channel.close?.();
  }

  /** One pass: claims the due deliveries of the configured channels and attempts each once. */
  async runOnce(): Promise<DispatchPass> {
    const pass: DispatchPass = { sent: 0, retried: 0, failed: 0, reconciled: 0 };
    const channels = [...this.channels.keys()];
    if (!channels.length) return pass;
    const nowIso = new Date(this.now()).toISOString();
    // Held messages whose digest time has come become one message each per user, sent below with the rest.
    await composeDigests(this.options.dataSource, {
      now: nowIso,
      channels,
      ...(this.options.publicUrl ? { publicUrl: this.options.publicUrl } : {}),
      ...(this.options.overrides ? { overrides: this.options.overrides } : {}),
      ...(this.options.logger ? { log: (message: string) => this.options.logger!.warn(`[chibo] notifications: ${message}`) } : {}),
    });
    const due = await this.write((m) =>
      m.find(NotificationDelivery, {
        where: [
          { status: 'pending', channel: In(channels), nextAttemptAt: LessThanOrEqual(nowIso) },
          { status: 'sending', channel: In(channels), nextAttemptAt: LessThanOrEqual(nowIso) },
        ],
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
        take: this.policy.batch,
      }),
    );
    for (const delivery of due) {
      if (this.stopped) break;
      const outcome = await this.attempt(delivery);
      if (outcome) pass[outcome] += 1;
    }
    return pass;
  }

  /** Whether nothing is left to send now or later (tests, a clean shutdown). */
  async idle(): Promise<boolean> {
    const channels = [...this.channels.keys()];
    if (!channels.length) return true;
    return (await this.options.dataSource.manager.count(NotificationDelivery, { where: { status: In(['pending', 'sending']), channel: In(channels) } })) === 0;
  }

  private async attempt(delivery: NotificationDelivery): Promise<keyof DispatchPass | undefined> {
    const channel = this.channels.get(delivery.channel)!;
    const startedAt = this.now();
    const recovering = delivery.status === 'sending';
    // Record the attempt before sending: after a crash the row says an attempt may have gone out.
    const claimed = await this.write(async (m) => {
      const result = await m.update(
        NotificationDelivery,
        { id: delivery.id, status: delivery.status, attempts: delivery.attempts },
        { status: 'sending', attempts: delivery.attempts + 1, lastAttemptAt: iso(startedAt), nextAttemptAt: iso(startedAt + this.policy.leaseMs) },
      );
      return result.affected === 1;
    });
    if (!claimed) return undefined;
    const attempts = delivery.attempts + 1;
    if (recovering && channel.reconcile && (await channel.reconcile(delivery.messageId).catch(() => 'unknown' as const)) === 'delivered') {
      await this.finish(delivery.id, attempts, { status: 'sent', sentAt: iso(this.now()), providerResponse: 'reconciled by Message-ID after an interrupted attempt' });
      return 'reconciled';
    }
    try {
      const receipt = await channel.send({
        messageId: delivery.messageId,
        to: delivery.address,
        subject: delivery.subject,
        text: delivery.text,
        ...(delivery.html ? { html: delivery.html } : {}),
        attachments: delivery.attachments ?? [],
      });
      await this.finish(delivery.id, attempts, { status: 'sent', sentAt: iso(this.now()), providerResponse: receipt.response, lastError: null });
      return 'sent';
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const permanent = error instanceof ChannelError && error.permanent;
      if (permanent || attempts >= this.policy.maxAttempts) {
        // The failure and the bounced mark are one write: nobody sees the delivery failed while the address still looks good.
        const bounced = error instanceof ChannelError && error.badAddress && delivery.channel === 'email';
        const recorded = await this.finish(delivery.id, attempts, { status: 'failed', lastError: message }, bounced ? { userId: delivery.userId, address: delivery.address } : undefined);
        this.options.logger?.warn(`[chibo] notifications: ${delivery.channel} to ${delivery.address} failed for good after ${attempts} attempt(s): ${message}`);
        if (recorded) await this.tellGivenUp(delivery, { attempts, lastError: message, permanent, givenUpAt: iso(this.now()) });
        return 'failed';
      }
      await this.finish(delivery.id, attempts, { status: 'pending', nextAttemptAt: iso(this.now() + backoffDelay(this.policy, attempts)), lastError: message });
      return 'retried';
    }
  }

  /**
   * Records an attempt's outcome, unless another dispatcher took the row over meanwhile (its lease ran out); says
   * whether it was recorded.
   */
  private async finish(id: string, attempts: number, changes: Partial<NotificationDelivery>, bounced?: { userId: string; address: string }): Promise<boolean> {
    return this.write(async (m) => {
      const result = await m.update(NotificationDelivery, { id, status: 'sending', attempts }, changes);
      // The address is marked only if this dispatcher still held the row.
      if (bounced && result.affected === 1) await m.update(NotificationSettings, { userId: bounced.userId, email: bounced.address }, { emailBounced: bounced.address });
      return result.affected === 1;
    });
  }

  private async tellGivenUp(delivery: NotificationDelivery, outcome: Pick<GivenUpDelivery, 'attempts' | 'lastError' | 'permanent' | 'givenUpAt'>): Promise<void> {
    if (!this.options.onGivenUp) return;
    try {
      await this.options.onGivenUp({ id: delivery.id, channel: delivery.channel, userId: delivery.userId, address: delivery.address, kind: delivery.kind, subject: delivery.subject, ...outcome });
    } catch (error) {
      this.options.logger?.error(`[chibo] notifications: could not report the undelivered ${delivery.channel} ${delivery.id}: ${(error as Error).message}`);
    }
  }

  private write<T>(work: Parameters<typeof writeTransaction<T>>[1]): Promise<T> {
    return writeTransaction(this.options.dataSource, work);
  }
}

/**
 * Puts a given-up delivery back in the queue (an admin retried it): `failed` becomes `pending`, due now, with its
 * attempts counted from zero again (a full series of retries) and its last error kept until the next attempt. A
 * delivery in any other state is left alone; says whether it was re-queued.
 */
export async function requeueDelivery(dataSource: DataSource, id: string, now: number = Date.now()): Promise<boolean> {
  return writeTransaction(dataSource, async (m) => (await m.update(NotificationDelivery, { id, status: 'failed' }, { status: 'pending', attempts: 0, nextAttemptAt: iso(now) })).affected === 1);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
