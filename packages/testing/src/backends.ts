import { createDataSource, runMigrations } from '@chibo/db';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AVAILABLE, PROBE_ENV, onServer, postgresServerUrl, withDatabase } from './services';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Why a service is unavailable in this run, or undefined when it is there (read from the global setup's probe). */
export function unavailable(service: keyof typeof PROBE_ENV): string | undefined {
  const value = process.env[PROBE_ENV[service]];
  if (value === undefined) return `the ${service} probe did not run (add @chibo/testing's global setup to jest.config.js)`;
  return value === AVAILABLE ? undefined : value;
}

/** `describe` when every named service is available; otherwise prints one line saying why and skips visibly. */
export function describeWith(services: Array<keyof typeof PROBE_ENV>, name: string, body: () => void): void {
  const reasons = services.map(unavailable).filter((r): r is string => r !== undefined);
  if (reasons.length) {
    console.warn(`[chibo] NOT RUN: "${name}" — ${reasons.join('; ')}`);
    describe.skip(name, body);
  } else {
    describe(name, body);
  }
}

/** The databases to run a suite on: SQLite always, Postgres when available (mandatory in CI). */
export function databaseKinds(): DatabaseKind[] {
  const reason = unavailable('postgres');
  if (reason) console.warn(`[chibo] Postgres variant NOT RUN: ${reason}`);
  return reason ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** A migrated, empty database of the given kind, and a function that closes and removes it. */
export async function freshDatabase(kind: DatabaseKind): Promise<{ dataSource: DataSource; url: string; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'chibo-test-'));
    const path = join(dir, 'chibo.sqlite');
    const dataSource = createDataSource({ sqlitePath: path });
    await dataSource.initialize();
    await runMigrations(dataSource);
    return {
      dataSource,
      url: path,
      drop: async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const server = postgresServerUrl();
  const name = `chibo_test_${randomBytes(6).toString('hex')}`;
  await onServer(server, [`CREATE DATABASE ${name}`]);
  const url = withDatabase(server, name);
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  await runMigrations(dataSource);
  return {
    dataSource,
    url,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await onServer(server, [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    },
  };
}

/** A Redis key prefix unique to this test run, so parallel suites never share queues. */
export function uniqueQueuePrefix(): string {
  return `chibo-test-${randomBytes(5).toString('hex')}`;
}
