import { createRegistry } from '@chibo/catalog';
import type { ChiboConfig } from '@chibo/config';
import { EmbeddedRuntime, SimulatedClock, SystemClock, type Clock } from '@chibo/runtime-embedded';
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createApp } from './create-app';
import { mountBullBoard } from './queues/bull-board';
import { EngineModule } from './engine/engine.module';
import { ENGINE_FEATURE_MODULES } from './engine/engine-features';

/** A listening API with its engine, on a data source the caller owns. */
export interface RunningServer {
  app: INestApplication;
  runtime: EmbeddedRuntime;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the embedded runtime (workers, relay, recovery of unfinished work) and the API with every feature, and
 * listens (`port` 0 = any free port). Closing stops the API first, then the runtime's workers and queues.
 */
export async function startServer(options: {
  config: ChiboConfig;
  dataSource: DataSource;
  clock?: Clock;
  port?: number;
  host?: string;
  logger?: LoggerService | LogLevel[] | false;
}): Promise<RunningServer> {
  const clock = options.clock ?? (options.config.clock === 'simulated' ? new SimulatedClock(new Date().toISOString()) : new SystemClock());
  const runtime = new EmbeddedRuntime({
    dataSource: options.dataSource,
    registry: createRegistry(),
    clock,
    redisUrl: options.config.redisUrl,
    queuePrefix: options.config.queuePrefix,
    logger: console,
  });
  await runtime.start();
  try {
    const app = await createApp({
      config: options.config,
      dataSource: options.dataSource,
      extraModules: [EngineModule.forRoot(runtime), ...ENGINE_FEATURE_MODULES],
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      beforeInit: (nest) => mountBullBoard(nest, Object.values(runtime.queues.queues)),
    });
    await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    const address = app.getHttpServer().address() as AddressInfo;
    return {
      app,
      runtime,
      baseUrl: `http://127.0.0.1:${address.port}`,
      close: async () => {
        await app.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
