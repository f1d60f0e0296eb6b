import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource, MigrationExecutor } from 'typeorm';
import { AppendOnlySubscriber } from './append-only.subscriber';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

export interface CreateDataSourceOptions {
  /** A `postgres://` or `postgresql://` URL selects Postgres; anything else (or nothing) selects SQLite. */
  url?: string;
  /** SQLite file; default `<repo>/.data/chibo.sqlite`. `:memory:` works for throwaway databases. */
  sqlitePath?: string;
  /** Log every SQL statement (default false). */
  logging?: boolean;
}

/** How long a SQLite writer waits for another writer's lock before failing with SQLITE_BUSY, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Table where TypeORM records which migrations ran. */
export const MIGRATIONS_TABLE = 'typeorm_migrations';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** True when `url` selects the Postgres driver. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && POSTGRES_URL.test(url);
}

/**
 * Builds (without connecting) the chibo data source: Postgres for a postgres URL, otherwise SQLite through
 * better-sqlite3. The schema is only ever changed by migrations (`synchronize` is off); call {@link runMigrations}
 * after `initialize()`.
 */
export function createDataSource(options: CreateDataSourceOptions = {}): DataSource {
  const common = {
    entities: [...ENTITIES],
    // Refuses updates and deletes of the append-only audit tables in code (triggers refuse them in the database).
    subscribers: [AppendOnlySubscriber],
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: MIGRATIONS_TABLE,
    // One transaction per migration, so a failure leaves the database at the last good migration.
    migrationsTransactionMode: 'each' as const,
    logging: options.logging ?? false,
  };

  if (isPostgresUrl(options.url)) {
    return new DataSource({
      ...common,
      type: 'postgres',
      url: options.url,
      applicationName: 'chibo',
      migrations: [...POSTGRES_MIGRATIONS],
    });
  }

  const database = options.sqlitePath ?? defaultSqlitePath();
  if (database !== ':memory:') mkdirSync(dirname(resolve(database)), { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database,
    // better-sqlite3 sets SQLite's busy_timeout from this; TypeORM always turns foreign_keys on after prepareDatabase.
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // WAL lets the API read while a worker writes.
    enableWAL: database !== ':memory:',
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      // Durable at every checkpoint and much faster than FULL; the recommended pairing with WAL.
      db.pragma('synchronous = NORMAL');
    },
    migrations: [...SQLITE_MIGRATIONS],
  });
}

/** Runs every pending migration (one transaction each) and returns the names of those that ran. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((migration) => migration.name);
}

/** Reverts every executed migration, newest first, through each migration's `down`; returns the reverted names. */
export async function revertAllMigrations(dataSource: DataSource): Promise<string[]> {
  const executed = await new MigrationExecutor(dataSource).getExecutedMigrations();
  const newestFirst = [...executed].sort((a, b) => b.timestamp - a.timestamp);
  for (let i = 0; i < newestFirst.length; i++) {
    await dataSource.undoLastMigration({ transaction: 'each' });
  }
  return newestFirst.map((migration) => migration.name);
}

/** `<repo>/.data/chibo.sqlite`, where `<repo>` is the npm workspace root above this package. */
export function defaultSqlitePath(): string {
  return join(findWorkspaceRoot(__dirname), '.data', 'chibo.sqlite');
}

function findWorkspaceRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && hasWorkspaces(manifest)) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

function hasWorkspaces(manifest: string): boolean {
  try {
    return 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object);
  } catch {
    return false;
  }
}
