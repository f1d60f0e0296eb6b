import { isPostgresUrl } from '@chibo/db';
import { Client } from 'pg';

/** Environment variable the global setup fills: "available", or why Postgres is not. Jest workers inherit it. */
export const PG_PROBE_ENV = 'CHIBO_API_TEST_POSTGRES';
export const PG_AVAILABLE = 'available';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The Postgres server the tests use: DATABASE_URL when it is a postgres URL, else the local CI default. */
export function postgresServerUrl(): string {
  const fromEnv = process.env['DATABASE_URL'];
  return isPostgresUrl(fromEnv) ? fromEnv : DEFAULT_SERVER_URL;
}

/** The same server, another database. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the server's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onServer(serverUrl: string, statements: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Undefined when Postgres answers, else the reason it does not. */
export async function probePostgres(serverUrl: string): Promise<string | undefined> {
  try {
    await onServer(serverUrl, ['SELECT 1']);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  }
}

/** The URL with its password hidden, for messages. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Databases the integration suites run against: SQLite always; Postgres when reachable, and always in CI. */
export function databasesUnderTest(): Array<'sqlite' | 'postgres'> {
  const probe = process.env[PG_PROBE_ENV];
  return probe === PG_AVAILABLE || process.env['CI'] === 'true' ? ['sqlite', 'postgres'] : ['sqlite'];
}
