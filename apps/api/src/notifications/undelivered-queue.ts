import { NotificationDelivery } from '@chibo/db';
import { requeueDelivery, type GivenUpDelivery } from '@chibo/notifications';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { DataSource } from 'typeorm';

/** The BullMQ queue (under the installation's QUEUE_PREFIX) where bull-board shows the messages given up. */
export const UNDELIVERED_QUEUE = 'notifications-undelivered';

/** How bull-board names the queue (Vietnamese first, as the admin page). */
export const UNDELIVERED_LABEL = {
  displayName: 'Thư chưa gửi được (notifications-undelivered)',
  description: 'Mỗi việc là một thư đã bỏ cuộc (kênh, người nhận, loại, số lần thử, lỗi cuối). Thử lại (Retry) = đưa thư về hàng gửi. / Each job is a message given up; Retry re-queues it.',
};

/** A job of {@link UNDELIVERED_QUEUE}: one delivery given up (`permanent` unknown for those read back from the database). */
export type UndeliveredJob = Omit<GivenUpDelivery, 'permanent'> & { permanent?: boolean };

const REQUEUED = 're-queued: the dispatcher sends it again';

/** Failed deliveries read from the database at start, so those given up while Redis was away are shown too. */
const BACKFILL_LIMIT = 1000;

/**
 * Mirrors the deliveries the dispatcher gave up into a BullMQ queue, for bull-board (docs/adr/0032-undelivered-in-bull-board.md).
 * The database stays the queue of record: the dispatcher never reads Redis, and the admin page lists the same rows.
 *
 * One job per given-up delivery, its id the delivery's id (BullMQ adds it once). The queue's own worker fails each new
 * job at once with the delivery's last error, so bull-board lists it under "failed" with its channel, recipient, kind,
 * attempts and error. Retrying the job there runs it again: the worker then re-queues the delivery in the database
 * (`failed` → `pending`, due now, attempts from zero) and wakes the dispatcher; the job completes, saying what it did.
 * If the delivery is given up again, its completed job is replaced by a new failed one.
 */
export class UndeliveredQueue {
  readonly queue: Queue<UndeliveredJob>;
  private readonly worker: Worker<UndeliveredJob, string>;

  constructor(
    private readonly options: {
      redisUrl: string;
      prefix: string;
      dataSource: DataSource;
      /** Called after a delivery was re-queued (the dispatcher's `nudge`). */
      onRequeued?: () => void;
      logger?: Pick<Console, 'error'>;
    },
  ) {
    const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
    // Kept until an admin cleans them in bull-board: a given-up message must not vanish from view on its own.
    this.queue = new Queue<UndeliveredJob>(UNDELIVERED_QUEUE, { connection, prefix: options.prefix, defaultJobOptions: { attempts: 1, removeOnComplete: false, removeOnFail: false } });
    this.worker = new Worker<UndeliveredJob, string>(UNDELIVERED_QUEUE, (job) => this.process(job), { connection, prefix: options.prefix, concurrency: 1 });
    // Woken once the job is completed, so that a delivery given up again at once finds it completed and replaces it.
    this.worker.on('completed', (_job, result) => {
      if (result === REQUEUED) options.onRequeued?.();
    });
    this.worker.on('error', (error) => options.logger?.error(`[chibo] notifications: the undelivered queue's worker: ${error.message}`));
  }

  /** Shows a delivery given up (the dispatcher's `onGivenUp`). */
  async givenUp(delivery: GivenUpDelivery): Promise<void> {
    const existing = await this.queue.getJob(delivery.id);
    if (existing) {
      // Still shown (failed, or about to be): this give-up is the one it shows. A completed job was a re-queue: replace it.
      if ((await existing.getState()) !== 'completed') return;
      await existing.remove();
    }
    await this.queue.add(`${delivery.channel} ${delivery.kind}`, delivery, { jobId: delivery.id });
  }

  /** Adds the deliveries already failed in the database that the queue does not know yet (ids dedupe). */
  async backfill(): Promise<number> {
    const failed = await this.options.dataSource.manager.find(NotificationDelivery, { where: { status: 'failed' }, order: { nextAttemptAt: 'DESC', id: 'ASC' }, take: BACKFILL_LIMIT });
    let added = 0;
    for (const d of failed) {
      if (await this.queue.getJob(d.id)) continue;
      await this.queue.add(`${d.channel} ${d.kind}`, { id: d.id, channel: d.channel, userId: d.userId, address: d.address, kind: d.kind, subject: d.subject, attempts: d.attempts, lastError: d.lastError ?? '', givenUpAt: d.lastAttemptAt ?? d.nextAttemptAt }, { jobId: d.id });
      added += 1;
    }
    return added;
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }

  private async process(job: Job<UndeliveredJob, string>): Promise<string> {
    // First run: the job only shows the failure. bull-board's retry keeps attemptsMade, so a later run is a retry.
    if (job.attemptsMade === 0) throw new UnrecoverableError(job.data.lastError || 'given up');
    if (await requeueDelivery(this.options.dataSource, job.data.id)) return REQUEUED;
    const row = await this.options.dataSource.manager.findOne(NotificationDelivery, { where: { id: job.data.id }, select: { id: true, status: true } });
    return row ? `not re-queued: the delivery is ${row.status}` : 'not re-queued: the delivery no longer exists';
  }
}
