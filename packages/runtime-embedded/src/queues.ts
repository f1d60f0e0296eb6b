import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { createHash } from 'node:crypto';

/** Every queue the embedded runtime uses; names come from here only. */
export const QUEUE_NAMES = {
  effects: 'effects',
  children: 'children',
  reports: 'reports',
  timers: 'timers',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Retries with backoff, and retention: a week of failures and the last thousand successes stay visible in bull-board. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 200 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** What a job carries: the outbox row it came from. */
export interface OutboxJob {
  outboxId: number;
  instanceId: string;
  commandId: string;
  /**
   * The row's command, as relayed: a job on its first run reads it from here instead of the database. Absent in jobs
   * queued by an earlier version.
   */
  command?: unknown;
  /** Re-added after a restart: the row may have been carried out meanwhile, so the worker reads it first. */
  recovered?: boolean;
}

/** BullMQ job ids may not contain ':'; ours are a hash of instance and command id, stable across restarts. */
export function jobIdOf(instanceId: string, commandId: string): string {
  return createHash('sha1').update(`${instanceId}\u0000${commandId}`).digest('hex');
}

/** The queues and workers, behind a small interface so the runtime does not depend on BullMQ's details. */
export class QueueDriver {
  readonly queues: Record<QueueName, Queue<OutboxJob>>;
  private readonly workers: Worker<OutboxJob>[] = [];

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
  ) {
    const connection = { url: redisUrl, maxRetriesPerRequest: null };
    this.queues = Object.fromEntries(
      Object.values(QUEUE_NAMES).map((name) => [name, new Queue<OutboxJob>(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })]),
    ) as Record<QueueName, Queue<OutboxJob>>;
  }

  /** Adds a job unless one with the same id is still known to Redis (then BullMQ keeps the existing one). */
  async add(queue: QueueName, job: OutboxJob, options: { delay?: number } = {}): Promise<void> {
    await this.queues[queue].add(queue, job, { jobId: jobIdOf(job.instanceId, job.commandId), ...(options.delay ? { delay: options.delay } : {}) });
  }

  /** Adds many jobs to one queue in one round trip (ids dedupe as in `add`). */
  async addMany(queue: QueueName, jobs: Array<{ job: OutboxJob; delay?: number }>): Promise<void> {
    if (!jobs.length) return;
    await this.queues[queue].addBulk(
      jobs.map(({ job, delay }) => ({ name: queue, data: job, opts: { jobId: jobIdOf(job.instanceId, job.commandId), ...(delay ? { delay } : {}) } })),
    );
  }

  /** Re-adds a job after a restart: a finished copy in Redis is removed first so the job runs (idempotently) again. */
  async readd(queue: QueueName, job: OutboxJob, options: { delay?: number } = {}): Promise<void> {
    const existing = await this.queues[queue].getJob(jobIdOf(job.instanceId, job.commandId));
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') return;
      await existing.remove();
    }
    await this.add(queue, job, options);
  }

  work(queue: QueueName, concurrency: number, processor: (job: Job<OutboxJob>) => Promise<void>): Worker<OutboxJob> {
    const worker = new Worker<OutboxJob>(queue, processor, {
      connection: { url: this.redisUrl, maxRetriesPerRequest: null },
      prefix: this.prefix,
      concurrency,
      // A job whose worker died (kill -9) is taken over after the lock lapses; keep that short, renewals keep long jobs.
      lockDuration: 10_000,
      stalledInterval: 5_000,
    });
    this.workers.push(worker);
    return worker;
  }

  /** Closes workers first (letting active jobs finish), then queues. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}
