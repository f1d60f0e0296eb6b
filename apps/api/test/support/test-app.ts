import { type ChiboConfig, loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueQueuePrefix } from '@chibo/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { type CreateAppOptions, createApp } from '../../src';
import { onServer, postgresServerUrl, withDatabase } from './postgres';

export type DbKind = 'sqlite' | 'postgres';

/** A booted app on a throwaway database. */
export interface TestApp {
  readonly kind: DbKind;
  readonly app: NestExpressApplication;
  readonly ds: DataSource;
  readonly config: ChiboConfig;
  /** A supertest client for the app's server. */
  http(): ReturnType<typeof request>;
  /** Closes the app, then the data source, then throws the database away. */
  close(): Promise<void>;
}

/** Body limit the suites run with: small, so the 413 test sends little. */
export const TEST_BODY_LIMIT = '16kb';

/** A fresh, migrated database with the config that points at it. */
export interface TestDatabase {
  readonly kind: DbKind;
  readonly ds: DataSource;
  readonly config: ChiboConfig;
  /** Closes the data source, then throws the database away. */
  cleanUp(): Promise<void>;
}

/**
 * A fresh database: a temporary SQLite file, or a new Postgres database with a random name (dropped on clean-up).
 * Migrations from @chibo/db run first, as in production. `env` adds to (or overrides) the config's environment.
 */
export async function openTestDatabase(kind: DbKind, env: NodeJS.ProcessEnv = {}): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chibo-api-'));
  const serverUrl = postgresServerUrl();
  const database = `chibo_api_test_${randomBytes(6).toString('hex')}`;
  if (kind === 'postgres') await onServer(serverUrl, [`CREATE DATABASE ${database}`]);

  const config = loadConfig(
    {
      AUTH_SECRET: randomBytes(32).toString('hex'),
      BODY_LIMIT: TEST_BODY_LIMIT,
      SQLITE_PATH: join(dataDir, 'api.sqlite'),
      // Redis keys (the login throttle's counters among them) per app: suites and runs never share them.
      QUEUE_PREFIX: uniqueQueuePrefix(),
      ...(kind === 'postgres' ? { DATABASE_URL: withDatabase(serverUrl, database) } : {}),
      ...env,
    },
    { dataDir },
  );
  const ds = await createDataSource({ url: config.databaseUrl, sqlitePath: config.sqlitePath }).initialize();
  const cleanUp = async (): Promise<void> => {
    if (ds.isInitialized) await ds.destroy();
    if (kind === 'postgres') await onServer(serverUrl, [`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await runMigrations(ds);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { kind, ds, config, cleanUp };
}

/** Boots `createApp` (without the engine) on a fresh database ({@link openTestDatabase}). */
export async function startTestApp(
  kind: DbKind,
  env: NodeJS.ProcessEnv = {},
  extra: Pick<CreateAppOptions, 'extraModules' | 'providers'> = {},
): Promise<TestApp> {
  const { ds, config, cleanUp } = await openTestDatabase(kind, env);
  try {
    const app = await createApp({ config, dataSource: ds, logger: false, ...extra });
    return {
      kind,
      app,
      ds,
      config,
      http: () => request(app.getHttpServer()),
      close: async () => {
        await app.close();
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
