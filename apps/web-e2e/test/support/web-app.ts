import { startServer, type RunningServer } from '@chibo/api';
import { ADMIN_LOGIN, DEMO_PASSWORD, loadDemo, seedOrganisation, startInProcessWorker, temporalServerFor, usersOf } from '@chibo/cli';
import { loadConfig } from '@chibo/config';
import { BullmqQueueDriver, SimulatedClock } from '@chibo/runtime-embedded';
import { parseLocal } from '@chibo/rules';
import { loadFixtures, type Scenario } from '@chibo/scenario';
import { freshDatabase, redisUrl, uniqueQueuePrefix } from '@chibo/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Every account of a test app has this password. */
export const PASSWORD = 'chibo-e2e-password';

/** The app under test, listening on a free port, and how to drive its clock and API as the admin. */
export interface WebApp {
  server: RunningServer;
  baseUrl: string;
  scenario: Scenario;
  /** Moves the simulated clock (admin API); local Hà Nội time or an ISO instant. Timers due on the way fire. */
  advanceTo(at: string): Promise<void>;
  /** Waits until queued work (documents, children, reports) is done. */
  settle(): Promise<void>;
  /** A bearer token for a login (to do through the API what the test does not show in a browser). */
  token(login: string): Promise<string>;
  api<T>(login: string, method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The engines the browser tests run on: the embedded runtime and, where chibo's dev server is built, Temporal. */
export type WebEngine = 'embedded' | 'temporal';

/** The example scenario `name` (packages/scenario/fixtures). */
export function fixture(name: string): Scenario {
  const found = loadFixtures().find((f) => f.scenario.name === name);
  if (!found) throw new Error(`No scenario fixture ${name}`);
  return found.scenario;
}

/**
 * Boots the app as `startServer` does (API, web pages, embedded runtime) on a fresh SQLite database with the
 * scenario's organisation and accounts (one per committee and member, as the CLI seeds them), a simulated clock at
 * the guidance date, and a queue prefix of its own. `demo` loads the demo organisation instead, as `npm start` does.
 */
export async function startWebApp(scenario: Scenario, options: { demo?: boolean; engine?: WebEngine } = {}): Promise<WebApp> {
  const db = await freshDatabase('sqlite');
  const keyDir = mkdtempSync(join(tmpdir(), 'chibo-e2e-key-'));
  const queuePrefix = uniqueQueuePrefix();
  // On Temporal, as `CHIBO_ENGINE=temporal npm start` runs it: the server chibo chooses (here chibo's dev server, in
  // memory) and a worker in this process.
  const temporal = options.engine === 'temporal' ? await temporalServerFor({ address: undefined, namespace: 'default', allowDownload: false }) : undefined;
  const config = loadConfig({
    ...(temporal ? { CHIBO_ENGINE: 'temporal', TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace } : {}),
    AUTH_SECRET: randomBytes(24).toString('hex'),
    CHIBO_CLOCK: 'simulated',
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: queuePrefix,
    SQLITE_PATH: db.url,
    AUDIT_KEY_PATH: join(keyDir, 'audit-key.pem'),
  });
  const start = parseLocal(scenario.guidance.issuedOn);
  let web: Parameters<typeof startServer>[0]['web'] = {};
  if (options.demo) {
    const demo = await loadDemo(db.dataSource);
    web = { demo: { password: DEMO_PASSWORD, logins: demo.logins } };
  } else {
    await seedOrganisation(db.dataSource, scenario.org, usersOf(scenario.org), () => PASSWORD, start, ADMIN_LOGIN);
  }
  const server = await startServer({ config, dataSource: db.dataSource, clock: new SimulatedClock(start), logger: false, web });
  const worker = temporal ? await startInProcessWorker({ address: temporal.address, namespace: temporal.namespace, queuePrefix, dataSource: db.dataSource, server }) : undefined;
  const tokens = new Map<string, string>();
  const app: WebApp = {
    server,
    baseUrl: server.baseUrl,
    scenario,
    token: async (login) => {
      const known = tokens.get(login);
      if (known) return known;
      const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: options.demo ? DEMO_PASSWORD : PASSWORD }) });
      if (!response.ok) throw new Error(`login ${login}: ${response.status} ${await response.text()}`);
      const token = ((await response.json()) as { token: string }).token;
      tokens.set(login, token);
      return token;
    },
    api: async <T>(login: string, method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${await app.token(login)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} as ${login}: ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    advanceTo: async (at) => {
      await app.api(ADMIN_LOGIN, 'POST', '/clock/advance', { to: parseLocal(at) });
    },
    settle: async () => {
      await app.api(ADMIN_LOGIN, 'POST', '/clock/settle');
    },
    close: async () => {
      await server.close();
      await worker?.stop();
      await temporal?.stop();
      const driver = new BullmqQueueDriver(redisUrl(), queuePrefix);
      try {
        await driver.obliterate();
      } finally {
        await driver.close();
      }
      await db.drop();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
  return app;
}
