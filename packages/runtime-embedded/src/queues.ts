import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
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

/** Thrown by a processor for a job that must not be tried again (the driver stops its retries). */
export class PermanentJobError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'PermanentJobError';
  }
}

/** What a processor sees of a job: its data and how often it has been tried (BullMQ's jobs have this shape). */
export interface QueueJob {
  data: OutboxJob;
  attemptsMade: number;
  /** How often the job was taken over from a worker that stopped renewing its lock. */
  stalledCounter?: number;
  opts: { attempts?: number };
}

/**
 * The queues and workers the runtime needs, behind a small interface so that it does not depend on BullMQ's details
 * (and another broker could be plugged in): jobs are deduplicated by instance and command id, retried with backoff
 * (`DEFAULT_JOB_OPTIONS`), and closed cleanly.
 */
export interface QueueDriver {
  /** Adds a job unless one with the same id is still known (then the existing one is kept). */
  add(queue: QueueName, job: OutboxJob, options?: { delay?: number }): Promise<void>;
  /** Adds many jobs to one queue at once (ids dedupe as in `add`). */
  addMany(queue: QueueName, jobs: Array<{ job: OutboxJob; delay?: number }>): Promise<void>;
  /** Re-adds a job after a restart: a finished copy is removed first so the job runs (idempotently) again. */
  readd(queue: QueueName, job: OutboxJob, options?: { delay?: number }): Promise<void>;
  /**
   * Runs `processor` on the queue's jobs, `concurrency` at a time; a processor that throws has its job retried, unless
   * it threw a `PermanentJobError`.
   */
  work(queue: QueueName, concurrency: number, processor: (job: QueueJob) => Promise<void>): void;
  /** Removes every job of every queue (tests, and an installation being reset). */
  obliterate(): Promise<void>;
  /** Closes workers first (letting active jobs finish), then queues. */
  close(): Promise<void>;
}

/** The QueueDriver on BullMQ and Redis (the queues are shown at /admin/queues by bull-board). */
export class BullmqQueueDriver implements QueueDriver {
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
    const run = async (job: Job<OutboxJob>) => {
      try {
        await processor(job);
      } catch (error) {
        throw error instanceof PermanentJobError ? new UnrecoverableError(error.message) : error;
      }
    };
    const worker = new Worker<OutboxJob>(queue, run, {
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

  async obliterate(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.obliterate({ force: true })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all(Object.values(this.queues).map((q) => q.close()));
  }
}
