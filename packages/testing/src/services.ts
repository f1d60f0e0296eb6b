import { Client } from 'pg';
import { Queue } from 'bullmq';

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

/** Environment variables the global setup fills: "available", or the reason the service is not. */
export const PROBE_ENV = { postgres: 'CHIBO_TEST_POSTGRES', redis: 'CHIBO_TEST_REDIS' } as const;
export const AVAILABLE = 'available';

/** The Postgres server tests use: DATABASE_URL when it is a Postgres URL, else the local default. */
export function postgresServerUrl(): string {
  const url = process.env['DATABASE_URL'];
  return url && /^postgres(ql)?:\/\//.test(url) ? url : DEFAULT_PG;
}

export function redisUrl(): string {
  return process.env['REDIS_URL'] || DEFAULT_REDIS;
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

/** Undefined when Postgres answers, else why not. */
export async function probePostgres(url = postgresServerUrl()): Promise<string | undefined> {
  try {
    await onServer(url, ['SELECT 1']);
    return undefined;
  } catch (error) {
    return `Postgres at ${url} is unreachable (${(error as Error).message || String(error)})`;
  }
}

/** Undefined when Redis answers, else why not. */
export async function probeRedis(url = redisUrl()): Promise<string | undefined> {
  const queue = new Queue('chibo-probe', { connection: { url, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null } });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([queue.waitUntilReady(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 3_000)))]);
    return undefined;
  } catch (error) {
    return `Redis at ${url} is unreachable (${(error as Error).message || String(error)})`;
  } finally {
    // A pending timer would keep Jest's main process alive for 3 s after the run ("Jest did not exit").
    clearTimeout(timer);
    await queue.close().catch(() => undefined);
  }
}
