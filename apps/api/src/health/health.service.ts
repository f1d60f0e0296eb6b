import type { ChiboConfig } from '@chibo/config';
import { OPEN_OUTBOX_STATUSES, OutboxEntry } from '@chibo/db';
import { Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource, In } from 'typeorm';
import { InjectConfig } from '../common/config.token';
import { ProcedureEngine } from '../engine/procedure-engine';

/** Outbox work older than this (seconds) makes the service "degraded": effects, reports or timers are not running. */
export const QUEUE_LAG_LIMIT_SECONDS = 60;
/** How long /health waits for Redis to answer a PING. */
const REDIS_TIMEOUT_MS = 500;

/**
 * `GET /health`: the process is up; the database answers (else `error`, 503); and, with the embedded engine, Redis
 * answers and queued work is moving (else `degraded`, 200: requests are still served, effects and timers wait).
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'error';
  db: { status: 'up' | 'down'; type: string; error?: string };
  redis?: { status: 'up' | 'down'; error?: string };
  /** Outbox rows not yet carried out (timers not yet due aside), and how long the oldest has waited. */
  queue?: { status: 'ok' | 'lagging' | 'unknown'; waiting: number; oldestSeconds: number };
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private redis?: Redis;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: ChiboConfig,
    @Optional() private readonly engine?: ProcedureEngine,
  ) {}

  async check(): Promise<HealthReport> {
    const type = this.dataSource.options.type;
    let db: HealthReport['db'];
    try {
      if (!this.dataSource.isInitialized) throw new Error('data source not initialized');
      await this.dataSource.query('SELECT 1');
      db = { status: 'up', type };
    } catch (error) {
      db = { status: 'down', type, error: error instanceof Error ? error.message : String(error) };
    }
    // Only the embedded engine has queues on Redis (Temporal keeps its own).
    if (!this.engine || this.config.engine !== 'embedded') return { status: db.status === 'up' ? 'ok' : 'error', db };
    const [redis, queue] = await Promise.all([this.pingRedis(), db.status === 'up' ? this.queueLag(this.engine.clock.now()) : Promise.resolve({ status: 'unknown' as const, waiting: 0, oldestSeconds: 0 })]);
    const status = db.status !== 'up' ? 'error' : redis.status !== 'up' || queue.status !== 'ok' ? 'degraded' : 'ok';
    return { status, db, redis, queue };
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }

  private async pingRedis(): Promise<NonNullable<HealthReport['redis']>> {
    if (!this.redis) {
      this.redis = new Redis(this.config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, connectTimeout: REDIS_TIMEOUT_MS });
      // Errors are reported by the ping below; without a listener ioredis would print each reconnection attempt.
      this.redis.on('error', () => undefined);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect();
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS)));
      await Promise.race([this.redis.ping(), timeout]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Outbox rows due and not done; the oldest one's wait, from when it became due (or was last dispatched). */
  private async queueLag(now: string): Promise<NonNullable<HealthReport['queue']>> {
    const rows = await this.dataSource
      .getRepository(OutboxEntry)
      .createQueryBuilder('o')
      .select('COUNT(*)', 'waiting')
      .addSelect('MIN(o.availableAt)', 'oldest')
      .where({ status: In([...OPEN_OUTBOX_STATUSES]) })
      .andWhere('o.availableAt <= :now', { now })
      .getRawOne<{ waiting: string | number; oldest: string | null }>();
    const waiting = Number(rows?.waiting ?? 0);
    const oldestSeconds = rows?.oldest ? Math.max(0, Math.round((Date.parse(now) - Date.parse(rows.oldest)) / 1000)) : 0;
    return { status: oldestSeconds > QUEUE_LAG_LIMIT_SECONDS ? 'lagging' : 'ok', waiting, oldestSeconds };
  }
}
