import { OutboxEntry } from '@chibo/db';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { In } from 'typeorm';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A private, empty, memory-only redis-server this suite may kill (the shared one is left alone). */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.on('listening', () => socket.close(() => resolve(false)));
      socket.on('error', () => resolve(true));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const hasRedisServer = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * `/health` tells the truth and the runtime heals by itself (issue 18): with Redis killed the service is `degraded`
 * (requests still served, submissions still accepted), and once Redis is back — empty — the outbox lease re-queues
 * what it lost, without a restart: the guidance reaches every cell, nothing twice.
 */
if (!hasRedisServer) {
  if (process.env['CI'] === 'true') throw new Error('CI=true requires redis-server on PATH: this suite kills a Redis server of its own');
  console.warn('[@chibo/api] /health and Redis-loss suite NOT RUN: no redis-server on PATH to start (and kill) one of its own');
}
const describeWithRedisServer = hasRedisServer ? describeEngine : (name: string, body: (kind: 'sqlite') => void) => describe.skip(name, () => body('sqlite'));

describeWithRedisServer('health and Redis loss', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;
  let redis: ChildProcess;
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await startEngineApp(kind, { env: { REDIS_URL: `redis://127.0.0.1:${port}`, OUTBOX_LEASE_SECONDS: '3' } });
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
  });
  afterAll(async () => {
    await t?.close();
    if (redis) await stop(redis);
  });

  it('should say ok with Redis, the database and the queues when all is well', async () => {
    const response = await t.http().get('/health').expect(200);

    expect(response.body).toMatchObject({ status: 'ok', db: { status: 'up' }, redis: { status: 'up' }, queue: { status: 'ok' } });
  });

  it('should say degraded within 200 ms while Redis is down, keep serving, and heal once Redis is back empty', async () => {
    await stop(redis);

    const started = Date.now();
    const health = await t.http().get('/health').expect(200);
    const took = Date.now() - started;
    expect(health.body).toMatchObject({ status: 'degraded', redis: { status: 'down' } });
    expect(took).toBeLessThan(200);

    // Work accepted while Redis is gone: its outbox rows wait (pending or dispatched to a dead queue).
    const issued = await t
      .http()
      .post('/api/v1/guidance')
      .set(driver.auth('committeeA'))
      .send({ issuer: ORG.committeeA, number: '99-HD/ĐU', issuedOn: '2022-03-16', title: 'Hướng dẫn trong lúc mất Redis', cells: [ORG.cellA1, ORG.cellA2] });
    expect(issued.status).toBe(201);

    redis = await startRedis(port);
    const back = Date.now();
    const deadline = back + 60_000;
    let open = -1;
    while (Date.now() < deadline) {
      open = await t.ds.getRepository(OutboxEntry).count({ where: { status: In(['pending', 'dispatched']), type: 'start-children' } });
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const healedMs = Date.now() - back;

    expect(open).toBe(0);
    const cells = await t.http().get(`/api/v1/instances?guidance=${issued.body.id as string}`).set(driver.auth('committeeA')).expect(200);
    expect(JSON.stringify(cells.body)).toContain(`cell:${ORG.cellA1}:`);
    expect(JSON.stringify(cells.body)).toContain(`cell:${ORG.cellA2}:`);
    expect((await t.http().get('/health').expect(200)).body).toMatchObject({ status: 'ok', redis: { status: 'up' } });
    process.stdout.write(`[redis loss API ${kind}] /health answered degraded in ${took} ms; healed ${healedMs} ms after Redis came back empty\n`);
  });
});
