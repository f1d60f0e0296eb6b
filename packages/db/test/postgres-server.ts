import { Client } from 'pg';
import { isPostgresUrl } from '../src/data-source';

/** Environment variable the global setup fills with the probe result: "available" or why Postgres is not. */
export const PG_PROBE_ENV = 'CHIBO_DB_TEST_POSTGRES';
export const PG_AVAILABLE = 'available';

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The Postgres server the tests use: DATABASE_URL when it is a postgres URL, else the local default. */
export function postgresServerUrl(): string {
  const fromEnv = process.env['DATABASE_URL'];
  return isPostgresUrl(fromEnv) ? fromEnv : DEFAULT_SERVER_URL;
}

/** The same server with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onServer(serverUrl: string, statements: string[]): Promise<void> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Connects once; resolves to undefined when Postgres answers, or to the reason it does not. */
export async function probePostgres(serverUrl: string): Promise<string | undefined> {
  try {
    await onServer(serverUrl, ['SELECT 1']);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  }
}

/** Hides the password when a URL is printed. */
export function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
