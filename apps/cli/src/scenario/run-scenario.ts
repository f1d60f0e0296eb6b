import { exportBundle } from '@chibo/audit';
import { loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import type { DataSource } from 'typeorm';
import { parseLocal } from '@chibo/rules';
import { driveScenario, driveYear, isYearScenario, parseScenario, parseYearScenario, type DrivenScenario, type DrivenYear, type Scenario, type ScenarioOrg, type YearScenario } from '@chibo/scenario';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@chibo/api';
import { seedOrganisation } from '../seed-organisation';
import { ApiClient } from './http-client';
import { httpPort, yearHttpPort } from './http-port';
import { ADMIN_LOGIN, usersOf } from './scenario-users';
import { startInProcessWorker, temporalServerFor } from '../temporal-host';
import { TemporalEngine } from '@chibo/runtime-temporal';
import type { DeliveryPolicy } from '@chibo/notifications';

export interface RunScenarioOptions {
  db: 'sqlite' | 'postgres';
  /** Postgres server to create the run's database on (default DATABASE_URL, else the local server). */
  postgresUrl?: string;
  redisUrl?: string;
  out?: string;
  /** The engine of the run (default embedded); `temporal` uses TEMPORAL_ADDRESS or launches the Temporal CLI's dev server. */
  engine?: 'embedded' | 'temporal';
  /** Notifications by e-mail through this SMTP server (SMTP_URL); the run waits until every message is delivered or given up. */
  smtpUrl?: string;
  /** Retry policy of the deliveries (tests shorten the backoff). */
  deliveryPolicy?: Partial<DeliveryPolicy>;
  /**
   * Called once the run's server is up, before `beforeDrive`, with its database (a SQLite file or a Postgres URL):
   * tests that send the run's messages from another process (and kill it mid-send) start it here.
   */
  onStarted?: (run: { databaseUrl: string; server: Awaited<ReturnType<typeof startServer>> }) => Promise<void>;
  /** Called before the first fact, as the run's users (e.g. to set their e-mail addresses and preferences). */
  beforeDrive?: (api: ApiClient, logins: { admin: string; users: ReturnType<typeof usersOf> }) => Promise<void>;
  /** Called after the last fact (and the deliveries), while the server still runs. */
  afterDrive?: (api: ApiClient) => Promise<void>;
}

export interface ScenarioResult extends DrivenScenario {
  scenario: Scenario;
  documents: Array<{ id: string; org: string; type: string; number: string; title: string; data: unknown; checksum: string | null }>;
}

/**
 * Runs one scenario as DESIGN.md §5 says: a fresh database and API on a simulated clock starting at the guidance
 * date; every fact submitted through the HTTP API by the person it is assigned to; timers fire as the clock passes
 * them; the outcome is compared with `expect`.
 */
export async function runScenarioFile(file: string, options: RunScenarioOptions): Promise<ScenarioResult> {
  const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  return runOnServer(scenario.org, parseLocal(scenario.guidance.issuedOn), options, async (api) => ({ ...(await driveScenario(scenario, httpPort(api))), scenario }));
}

/** A year scenario's run: its outcome and mismatches, with the documents of the run. */
export interface YearResult extends DrivenYear {
  scenario: YearScenario;
  documents: ScenarioResult['documents'];
}

/**
 * Runs a scenario of a cell's year the same way (docs/scenarios-year.md): the clock starts when the year opens, the
 * secretary opens it through the API, and every calendar timer fires as the simulated clock passes it.
 */
export async function runYearFile(file: string, options: RunScenarioOptions): Promise<YearResult> {
  const scenario = parseYearScenario(JSON.parse(readFileSync(file, 'utf8')));
  const start = parseLocal(scenario.year.opensOn ?? `${scenario.year.year}-01-01`);
  return runOnServer(scenario.org, start, options, async (api) => ({ ...(await driveYear(scenario, yearHttpPort(api, scenario))), scenario }));
}

/** Whether a scenario file is a cell's year (a `year` block instead of a `guidance`). */
export function isYearScenarioFile(file: string): boolean {
  return isYearScenario(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * A fresh database and API on a simulated clock starting at `start`, the org's users, the drive, then the documents
 * (and under `out` the files and the audit bundle); everything is removed afterwards.
 */
async function runOnServer<R extends object>(org: ScenarioOrg, start: string, options: RunScenarioOptions, drive: (api: ApiClient) => Promise<R>): Promise<R & { documents: ScenarioResult['documents'] }> {
  // Temporal first: without a server there is nothing to set up (TemporalUnavailableError says what to install).
  const temporal =
    options.engine === 'temporal'
      ? await temporalServerFor({ address: process.env['TEMPORAL_ADDRESS'], namespace: process.env['TEMPORAL_NAMESPACE'] || 'default', allowDownload: false })
      : undefined;
  const db = await freshDatabase(options).catch(async (error: unknown) => {
    await temporal?.stop();
    throw error;
  });
  // A throwaway signing key for the run's audit log: its public half goes into the bundle under --out.
  const keyDir = mkdtempSync(join(tmpdir(), 'chibo-scenario-key-'));
  const secret = randomBytes(24).toString('hex');
  const config = loadConfig({
    AUTH_SECRET: secret,
    CHIBO_CLOCK: 'simulated',
    REDIS_URL: options.redisUrl ?? process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `chibo-run-${randomBytes(4).toString('hex')}`,
    BODY_LIMIT: '1mb',
    AUDIT_KEY_PATH: join(keyDir, 'audit-key.pem'),
    AUDIT_CHECKPOINT_MINUTES: '0',
    ...(temporal ? { CHIBO_ENGINE: 'temporal', TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace } : {}),
    ...(db.url.startsWith('postgres') ? { DATABASE_URL: db.url } : { SQLITE_PATH: db.url }),
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl, SMTP_FROM: '"chibo" <no-reply@chibo.local>' } : {}),
  });
  const dataSource = createDataSource(db.url.startsWith('postgres') ? { url: db.url } : { sqlitePath: db.url });
  await dataSource.initialize();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  try {
    await runMigrations(dataSource);
    // One password per run; nobody outside this process ever learns it.
    const password = (login: string) => `${secret}:${login}`;
    await seedOrganisation(dataSource, org, usersOf(org), password, start, ADMIN_LOGIN);
    server = await startServer({ config, dataSource, clock: new SimulatedClock(start), logger: false, ...(options.deliveryPolicy ? { deliveryPolicy: options.deliveryPolicy } : {}) });
    if (temporal) worker = await startInProcessWorker({ address: temporal.address, namespace: temporal.namespace, queuePrefix: config.queuePrefix, workflowCache: config.temporalWorkflowCache, dataSource, server, notifications: config });
    const api = new ApiClient(server.baseUrl, password);
    await options.onStarted?.({ databaseUrl: db.url, server });
    await options.beforeDrive?.(api, { admin: ADMIN_LOGIN, users: usersOf(org) });
    const driven = await drive(api);
    if (options.smtpUrl) await deliveriesSettled(server);
    await options.afterDrive?.(api);
    const documents = await api.ok<ScenarioResult['documents']>(ADMIN_LOGIN, 'GET', '/documents?limit=1000');
    if (options.out) {
      await writeDocuments(api, options.out, documents);
      await writeAuditBundle(server, dataSource, join(options.out, 'audit'));
    }
    return { ...driven, documents };
  } finally {
    // Workflows of the run that never end (an overdue cell) must not outlive it on a shared server.
    if (server?.engine instanceof TemporalEngine) await server.engine.terminateAll('scenario run finished');
    await server?.close();
    await worker?.stop();
    await dataSource.destroy();
    await db.drop();
    await temporal?.stop();
    rmSync(keyDir, { recursive: true, force: true });
  }
}

/** Waits until the run's messages are all sent or given up (bounded: a stuck delivery fails the run, visibly). */
async function deliveriesSettled(server: Awaited<ReturnType<typeof startServer>>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  server.notifications.nudge();
  while (!(await server.notifications.idle())) {
    if (Date.now() > deadline) throw new Error(`Notifications still undelivered after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Writes every document of the run as `DIR/<org code>/<type>-<seq>.{html,pdf,docx}`, downloaded through the API as a
 * secretary would (the HTML as issued, the PDF printed by Chromium, the DOCX to edit). Without Chromium on this
 * machine there are no PDFs, and the run says so once (on stderr, so `--json` output stays JSON).
 */
async function writeDocuments(api: ApiClient, out: string, documents: ScenarioResult['documents']): Promise<void> {
  let pdfMissing: string | undefined;
  for (const doc of documents) {
    const dir = join(out, doc.org);
    mkdirSync(dir, { recursive: true });
    const name = `${doc.type}-${doc.number.replace(/^Số\s*/u, '').split('-')[0]}`;
    for (const format of ['html', 'pdf', 'docx'] as const) {
      if (format === 'pdf' && pdfMissing) continue;
      const res = await api.download(ADMIN_LOGIN, `/documents/${doc.id}/${format}`);
      if (format === 'pdf' && res.status === 503) {
        pdfMissing = (JSON.parse(res.body.toString('utf8')) as { message?: string }).message ?? 'PDF unavailable';
        continue;
      }
      if (res.status !== 200) throw new Error(`GET /documents/${doc.id}/${format} → ${res.status}: ${res.body.toString('utf8').slice(0, 500)}`);
      writeFileSync(join(dir, `${name}.${format}`), res.body);
    }
  }
  if (pdfMissing) console.error(`[chibo] Không tạo tệp PDF: ${pdfMissing}`);
}

/**
 * Writes the run's audit log as a bundle (`DIR/audit/`, checked with `chibo audit verify --bundle DIR/audit`), after
 * signing a checkpoint of every chain, so the whole run is covered by signatures.
 */
async function writeAuditBundle(server: Awaited<ReturnType<typeof startServer>>, dataSource: DataSource, dir: string): Promise<void> {
  const signer = server.audit.signer!;
  await server.write((m) => server.audit.checkpointMoved(m, 'export'));
  await exportBundle(dataSource, dir, { publicKey: signer.publicOnly(), now: server.engine.clock.now() });
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
