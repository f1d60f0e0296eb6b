import { AuditLog } from '@chibo/audit';
import { createHost } from '@chibo/catalog-node';
import type { ChiboConfig } from '@chibo/config';
import type * as TemporalRuntime from '@chibo/runtime-temporal';
import { BullmqQueueDriver, EmbeddedRuntime, SimulatedClock, SystemClock, type Clock } from '@chibo/runtime-embedded';
import { writeTransaction } from '@chibo/host';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { DataSource, EntityManager } from 'typeorm';
import { createApp } from './create-app';
import { mountBullBoard } from './queues/bull-board';
import { EngineModule } from './engine/engine.module';
import { ENGINE_FEATURE_MODULES } from './engine/engine-features';
import type { ProcedureEngine } from './engine/procedure-engine';
import { WEB_UI_OPTIONS, type WebUiOptions } from './web/web-options';
import { createAuditLog, startPeriodicCheckpoints } from './audit/audit-wiring';
import { notificationWiring, startNotificationDelivery, type NotificationWiring } from './notifications/notification-delivery';
import { UNDELIVERED_LABEL, UndeliveredQueue } from './notifications/undelivered-queue';
import type { DeliveryDispatcher, DeliveryPolicy } from '@chibo/notifications';

/** A listening API with its engine, on a data source the caller owns. */
export interface RunningServer {
  app: INestApplication;
  /** The engine the API drives: the embedded runtime, or the Temporal engine (CHIBO_ENGINE). */
  engine: ProcedureEngine;
  /** The embedded runtime when CHIBO_ENGINE=embedded (its queues, tests); undefined on Temporal. */
  runtime: EmbeddedRuntime | undefined;
  /** The audit log every event and administrative action is chained into. */
  audit: AuditLog;
  /** Sends the notices' e-mails (and any other configured channel); idle without SMTP_URL. */
  notifications: DeliveryDispatcher;
  /** A write transaction on the API's data source, serialised with the engine's writes where the database needs it. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the engine CHIBO_ENGINE selects — the embedded runtime (workers, relay, recovery of unfinished work), or the
 * Temporal engine on the server at TEMPORAL_ADDRESS (its workers run elsewhere: apps/worker, or `chibo serve`) — and
 * the API with every feature, and listens (`port` 0 = any free port). Closing stops the API first, then the engine.
 */
export async function startServer(options: {
  config: ChiboConfig;
  dataSource: DataSource;
  clock?: Clock;
  port?: number;
  host?: string;
  logger?: LoggerService | LogLevel[] | false;
  /** What the web pages show beyond the data, e.g. the demo accounts on the login page. */
  web?: WebUiOptions;
  /** How deliveries are retried (default: from 30 s, doubling, 8 attempts). */
  deliveryPolicy?: Partial<DeliveryPolicy>;
}): Promise<RunningServer> {
  const clock = options.clock ?? (options.config.clock === 'simulated' ? new SimulatedClock(new Date().toISOString()) : new SystemClock());
  // Every event is chained into the audit log in its own transaction; reports upward carry signed checkpoints.
  // (With Temporal the events are written by the workers' activities, which take the same hooks: apps/worker.)
  const { audit } = createAuditLog(options.config, clock);
  // E-mail when SMTP_URL is set (else the in-app board only, said once): the notify effect queues, a dispatcher sends.
  const notifications = notificationWiring(options.config, options.logger === false ? {} : { logger: console });
  const { engine, runtime, closeEngine } = await startEngine(options.config, options.dataSource, clock, audit, notifications);
  // On Redis (the embedded engine's BullMQ) the messages given up are also jobs of a queue bull-board shows; a retry
  // there re-queues the delivery. On Temporal nothing uses Redis: the admin page lists them (docs/adr/0032).
  const usesRedis = runtime?.queues instanceof BullmqQueueDriver;
  let wakeDispatcher = (): void => undefined;
  const undelivered =
    usesRedis && notifications.channels.length
      ? new UndeliveredQueue({ redisUrl: options.config.redisUrl, prefix: options.config.queuePrefix, dataSource: options.dataSource, onRequeued: () => wakeDispatcher(), logger: console })
      : undefined;
  const dispatcher = startNotificationDelivery(options.dataSource, notifications, options.deliveryPolicy, undelivered && ((d) => undelivered.givenUp(d)));
  wakeDispatcher = () => dispatcher.nudge();
  const stopDelivery = async () => {
    await dispatcher.stop();
    await undelivered?.close();
  };
  try {
    await undelivered?.backfill().catch((error: Error) => console.error(`[chibo] notifications: could not list the undelivered messages in their queue: ${error.message}`));
    const app = await createApp({
      config: options.config,
      dataSource: options.dataSource,
      extraModules: [EngineModule.forRoot(engine), ...ENGINE_FEATURE_MODULES],
      providers: [
        { provide: AuditLog, useValue: audit },
        { provide: WEB_UI_OPTIONS, useValue: options.web ?? {} },
      ],
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      // The embedded engine's BullMQ queues and the undelivered messages; Temporal has none (its work is in the Temporal UI).
      beforeInit: (nest) =>
        mountBullBoard(
          nest,
          runtime?.queues instanceof BullmqQueueDriver ? [...Object.values(runtime.queues.queues), ...(undelivered ? [undelivered.queue] : [])] : [],
          new Map(undelivered ? [[undelivered.queue, UNDELIVERED_LABEL]] : []),
        ),
    });
    // A demo (sample data, public passwords) says so on every page.
    (app.getHttpAdapter().getInstance() as { locals: Record<string, unknown> }).locals['demoMode'] = Boolean(options.web?.demo);
    await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    const address = app.getHttpServer().address() as AddressInfo;
    const write = <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => (runtime ? runtime.write(work) : writeTransaction(options.dataSource, work));
    const checkpoints = startPeriodicCheckpoints({ write }, audit, options.config.auditCheckpointMinutes);
    return {
      app,
      engine,
      runtime,
      audit,
      notifications: dispatcher,
      write,
      baseUrl: `http://127.0.0.1:${address.port}`,
      close: async () => {
        await checkpoints.stop();
        await app.close();
        await stopDelivery();
        await closeEngine();
      },
    };
  } catch (error) {
    await stopDelivery();
    await closeEngine();
    throw error;
  }
}

/** The engine CHIBO_ENGINE names, started. */
async function startEngine(
  config: ChiboConfig,
  dataSource: DataSource,
  clock: Clock,
  audit: AuditLog,
  notifications: NotificationWiring,
): Promise<{ engine: ProcedureEngine; runtime: EmbeddedRuntime | undefined; closeEngine: () => Promise<void> }> {
  // Registry, effects (report documents sealed) and audit hooks, built as the worker and the CLI build them.
  const host = createHost({ audit, effects: notifications.effects });
  if (config.engine === 'temporal') {
    if (!config.temporalAddress) {
      throw new Error('CHIBO_ENGINE=temporal needs TEMPORAL_ADDRESS (host:port of a Temporal frontend); `npm start` and `chibo serve` launch a dev server when the Temporal CLI is installed (docs/temporal.md).');
    }
    // Loaded only for Temporal: the SDK and its protobufs cost about a second of CPU at every start otherwise. A
    // require, not import(): this file is CommonJS, and a native import() fails where modules run in a VM (Jest).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { connectTemporalEngine } = require('@chibo/runtime-temporal') as typeof TemporalRuntime;
    const engine = await connectTemporalEngine({
      address: config.temporalAddress,
      namespace: config.temporalNamespace,
      security: { ...(config.temporalTls ? { tls: config.temporalTls } : {}), ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}) },
      queuePrefix: config.queuePrefix,
      maxSignalsPerRun: config.temporalSignalsPerRun,
      dataSource,
      registry: host.registry,
      clock,
      logger: console,
    });
    return { engine, runtime: undefined, closeEngine: () => engine.close() };
  }
  const runtime = new EmbeddedRuntime({
    dataSource,
    clock,
    redisUrl: config.redisUrl,
    queuePrefix: config.queuePrefix,
    outboxLeaseMs: config.outboxLeaseSeconds * 1000,
    logger: console,
    ...host,
  });
  await runtime.start();
  return { engine: runtime, runtime, closeEngine: () => runtime.close() };
}
