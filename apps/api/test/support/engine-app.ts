import { createHost } from '@chibo/catalog-node';
import type { DeliveryPolicy } from '@chibo/notifications';
import { Queue } from 'bullmq';
import { BullmqQueueDriver, type EmbeddedRuntime, SimulatedClock } from '@chibo/runtime-embedded';
import { DEV_SERVER_READY_LINE, findDevServer, startDevServer, temporalNaming, type DevServerProcess } from '@chibo/runtime-temporal';
import { createChiboWorker } from '@chibo/worker';
import { SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { NativeConnection } from '@temporalio/worker';
import { spawnSync } from 'node:child_process';
import { uniqueQueuePrefix } from '@chibo/testing';
import type { LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { type RunningServer, startServer } from '../../src';
import type { WebUiOptions } from '../../src/web/web-options';
import { UNDELIVERED_QUEUE } from '../../src/notifications/undelivered-queue';
import { PG_AVAILABLE, PG_PROBE_ENV } from './postgres';
import { redisUnavailable, testRedisUrl } from './redis';
import { type DbKind, type TestApp, openTestDatabase } from './test-app';

/** Where the simulated clock of every engine suite starts: 09:00 in Hà Nội on the day the guidance is issued. */
export const ENGINE_START = '2022-03-16T02:00:00.000Z';
/** The guidance date the engine suites issue with (the clock starts that morning). */
export const ISSUED_ON = '2022-03-16';

/** An app booted as production boots it (`startServer`): the API plus the embedded runtime, on a simulated clock. */
export interface EngineTestApp extends TestApp {
  /** The embedded runtime (undefined on the Temporal engine). */
  readonly runtime: EmbeddedRuntime;
  /** Which engine the app runs: `embedded`, or `temporal` on chibo's dev server (a real Temporal server). */
  readonly engine: EngineKind;
  readonly clock: SimulatedClock;
  /** The BullMQ key prefix of this app's queues (unique per app, so parallel suites never share jobs). */
  readonly queuePrefix: string;
  /** Another API process on the same database and queues (its own runtime and in-process locks). Closed with the app. */
  startSecondProcess(): Promise<{ http(): ReturnType<typeof request> }>;
}

/**
 * Boots `startServer` on a fresh database with a `SimulatedClock` at {@link ENGINE_START} and a unique queue prefix.
 * Closing stops the API(s), then the runtime's workers and queues, removes the run's keys from Redis, and drops the
 * database, so nothing stays open when the suite ends.
 */
export async function startEngineApp(
  kind: DbKind,
  options: { start?: string; logger?: false | LogLevel[]; web?: WebUiOptions; env?: NodeJS.ProcessEnv; engine?: EngineKind; deliveryPolicy?: Partial<DeliveryPolicy> } = {},
): Promise<EngineTestApp> {
  const queuePrefix = uniqueQueuePrefix();
  const engine = options.engine ?? 'embedded';
  // On Temporal: chibo's dev server for this suite (in memory), and a worker in this process, as `npm start` runs them.
  const temporal: { server?: DevServerProcess; connection?: NativeConnection; stopWorker?: () => Promise<void> } = {};
  if (engine === 'temporal') {
    temporal.server = await startDevServer({ executable: findDevServer()!, namespace: 'default', searchAttributes: Object.values(SEARCH_ATTRIBUTES), readyLine: DEV_SERVER_READY_LINE });
  }
  const db = await openTestDatabase(kind, {
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: queuePrefix,
    CHIBO_CLOCK: 'simulated',
    ...(temporal.server ? { CHIBO_ENGINE: 'temporal', TEMPORAL_ADDRESS: temporal.server.address, TEMPORAL_NAMESPACE: 'default' } : {}),
    ...options.env,
  });
  const clock = new SimulatedClock(options.start ?? ENGINE_START);
  const servers: RunningServer[] = [];
  const closeAll = async (): Promise<void> => {
    // Last started first: a second process must not outlive the database the first one migrated.
    for (const server of servers.splice(0).reverse()) await server.close();
    await temporal.stopWorker?.();
    await temporal.connection?.close();
    await temporal.server?.stop();
    await removeQueues(queuePrefix);
    await db.cleanUp();
  };
  const boot = async (): Promise<RunningServer> => {
    const server = await startServer({
      config: db.config,
      dataSource: db.ds,
      clock,
      logger: options.logger ?? false,
      ...(options.web ? { web: options.web } : {}),
      ...(options.deliveryPolicy ? { deliveryPolicy: options.deliveryPolicy } : {}),
    });
    servers.push(server);
    return server;
  };
  try {
    const server = await boot();
    if (temporal.server) {
      temporal.connection = await NativeConnection.connect({ address: temporal.server.address });
      const worker = await createChiboWorker({
        connection: temporal.connection,
        namespace: 'default',
        taskQueue: temporalNaming(queuePrefix).taskQueue,
        dataSource: db.ds,
        ...createHost({ audit: server.audit }),
      });
      const running = worker.run();
      temporal.stopWorker = async () => {
        worker.shutdown();
        await running;
      };
    }
    return {
      kind,
      engine,
      app: server.app as NestExpressApplication,
      ds: db.ds,
      config: db.config,
      // With CHIBO_ENGINE unset startServer starts the embedded runtime; on Temporal there is none.
      runtime: server.runtime!,
      clock,
      queuePrefix,
      http: () => request(server.app.getHttpServer()),
      startSecondProcess: async () => {
        const second = await boot();
        return { http: () => request(second.app.getHttpServer()) };
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Deletes every key of the run's queues (after the workers stopped), so test runs leave nothing behind in Redis. */
async function removeQueues(prefix: string): Promise<void> {
  const driver = new BullmqQueueDriver(testRedisUrl(), prefix);
  const undelivered = new Queue(UNDELIVERED_QUEUE, { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix });
  try {
    await driver.obliterate();
    await undelivered.obliterate({ force: true });
  } finally {
    await driver.close();
    await undelivered.close();
  }
}

/**
 * `describe` once per database for a suite that boots the engine: SQLite, and Postgres. A variant that cannot run
 * here (no Redis; no Postgres for the Postgres variant) is skipped visibly, with one line saying why. With CI=true
 * nothing is skipped: the global setup has already failed the run when a service is missing.
 */
export type EngineKind = 'embedded' | 'temporal';

/**
 * Why the Temporal variant of the engine suites cannot run here, or undefined: it needs chibo's dev server (built by
 * `npm run build` where Go is installed). With CI=true on a machine with Go it must run: not finding it fails.
 */
function temporalUnavailable(): string | undefined {
  if (findDevServer()) return undefined;
  const reason = 'chibo’s Temporal dev server is not built (npm run build builds it where Go is installed)';
  if (process.env['CI'] === 'true' && spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0) throw new Error(`CI=true with Go installed: ${reason}`);
  return reason;
}

/**
 * `describe` once per database for a suite that boots the engine: SQLite, and Postgres; with `{ temporal: true }`
 * also on the Temporal engine (a real Temporal server, chibo's dev server) with PostgreSQL. A variant that cannot run
 * here (no Redis; no Postgres for the Postgres variant; no dev server) is skipped visibly, with one line saying why.
 * With CI=true nothing is skipped: the global setup has already failed the run when a service is missing.
 */
export function describeEngine(name: string, body: (kind: DbKind, engine: EngineKind) => void, options: { temporal?: boolean } = {}): void {
  const variants: Array<[DbKind, EngineKind]> = [
    ['sqlite', 'embedded'],
    ['postgres', 'embedded'],
    ...(options.temporal ? [['postgres', 'temporal'] as [DbKind, EngineKind]] : []),
  ];
  for (const [kind, engine] of variants) {
    const title = engine === 'temporal' ? `${name} (temporal, ${kind})` : `${name} (${kind})`;
    const reason = redisUnavailable() ?? (kind === 'postgres' ? postgresUnavailable() : undefined) ?? (engine === 'temporal' ? temporalUnavailable() : undefined);
    if (reason === undefined) {
      describe(title, () => body(kind, engine));
    } else {
      process.stdout.write(`[@chibo/api] "${title}" SKIPPED: ${reason}\n`);
      describe.skip(title, () => body(kind, engine));
    }
  }
}

function postgresUnavailable(): string | undefined {
  if (process.env['CI'] === 'true') return undefined;
  const probe = process.env[PG_PROBE_ENV];
  return probe === PG_AVAILABLE ? undefined : (probe ?? 'the Postgres probe did not run (test/global-setup.ts)');
}
