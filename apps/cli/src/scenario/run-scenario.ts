import { loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import { parseLocal } from '@chibo/rules';
import { driveScenario, parseScenario, type DrivenScenario, type Scenario } from '@chibo/scenario';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@chibo/api';
import { seedOrganisation } from '../seed-organisation';
import { ApiClient } from './http-client';
import { httpPort } from './http-port';
import { ADMIN_LOGIN, usersOf } from './scenario-users';

export interface RunScenarioOptions {
  db: 'sqlite' | 'postgres';
  /** Postgres server to create the run's database on (default DATABASE_URL, else the local server). */
  postgresUrl?: string;
  redisUrl?: string;
  out?: string;
}

export interface ScenarioResult extends DrivenScenario {
  scenario: Scenario;
  documents: Array<{ org: string; type: string; number: string; title: string; data: unknown; checksum: string | null }>;
}

/**
 * Runs one scenario as DESIGN.md §5 says: a fresh database and API on a simulated clock starting at the guidance
 * date; every fact submitted through the HTTP API by the person it is assigned to; timers fire as the clock passes
 * them; the outcome is compared with `expect`.
 */
export async function runScenarioFile(file: string, options: RunScenarioOptions): Promise<ScenarioResult> {
  const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  const db = await freshDatabase(options);
  const secret = randomBytes(24).toString('hex');
  const config = loadConfig({
    AUTH_SECRET: secret,
    CHIBO_CLOCK: 'simulated',
    REDIS_URL: options.redisUrl ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `chibo-run-${randomBytes(4).toString('hex')}`,
    BODY_LIMIT: '1mb',
    ...(db.url.startsWith('postgres') ? { DATABASE_URL: db.url } : { SQLITE_PATH: db.url }),
  });
  const dataSource = createDataSource(db.url.startsWith('postgres') ? { url: db.url } : { sqlitePath: db.url });
  await dataSource.initialize();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await runMigrations(dataSource);
    const start = parseLocal(scenario.guidance.issuedOn);
    // One password per run; nobody outside this process ever learns it.
    const password = (login: string) => `${secret}:${login}`;
    await seedOrganisation(dataSource, scenario.org, usersOf(scenario.org), password, start, ADMIN_LOGIN);
    server = await startServer({ config, dataSource, clock: new SimulatedClock(start), logger: false });
    const api = new ApiClient(server.baseUrl, password);
    const driven = await driveScenario(scenario, httpPort(api));
    const documents = await api.ok<ScenarioResult['documents']>(ADMIN_LOGIN, 'GET', '/documents?limit=1000');
    if (options.out) writeDocuments(options.out, documents);
    return { ...driven, scenario, documents };
  } finally {
    await server?.close();
    await dataSource.destroy();
    await db.drop();
  }
}

/** Writes every document of the run as `DIR/<org code>/<type>-<number>.json` (rendering comes with the documents package). */
function writeDocuments(out: string, documents: ScenarioResult['documents']): void {
  for (const doc of documents) {
    const dir = join(out, doc.org);
    mkdirSync(dir, { recursive: true });
    const seq = doc.number.replace(/^Số\s*/, '').split('-')[0];
    writeFileSync(join(dir, `${doc.type}-${seq}.json`), `${JSON.stringify(doc, null, 2)}\n`);
  }
}

async function freshDatabase(options: RunScenarioOptions): Promise<{ url: string; drop: () => Promise<void> }> {
  if (options.db === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'chibo-scenario-'));
    return { url: join(dir, 'chibo.sqlite'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = options.postgresUrl ?? (process.env['DATABASE_URL']?.startsWith('postgres') ? process.env['DATABASE_URL'] : 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `chibo_scenario_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`CREATE DATABASE ${name}`);
  } catch (error) {
    throw new Error(`Không tạo được cơ sở dữ liệu PostgreSQL tạm trên ${server}: ${(error as Error).message}. Cần PostgreSQL (ví dụ 127.0.0.1:5432, người dùng postgres).`);
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
