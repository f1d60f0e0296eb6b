/**
 * `npm run bench:inbox`: the inbox of a member with 45 open tasks under 32 concurrent connections — the page
 * (`/viec-cua-toi`) and the API (`/api/v1/tasks/inbox`) — among 20,000 open tasks of other members. Prints requests
 * per second and p50/p99 latency of each. The server is `chibo serve` in its own process on a seeded SQLite file
 * (BENCH_DATABASE_URL: an existing PostgreSQL database instead); Redis at REDIS_URL. BENCH_SECONDS per target (10);
 * BENCH_SERVER_NODE_ARGS adds Node flags to the server (--cpu-prof).
 */
import 'reflect-metadata';
import { createUser, hashPassword } from '@chibo/api';
import { createDataSource, Member, runMigrations, seedOrgTree, Task } from '@chibo/db';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CONNECTIONS = 32;
const OWN_TASKS = 45;
const OTHER_TASKS = Number(process.env['BENCH_OTHER_TASKS'] ?? 20_000);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const PORT = 39_000 + Math.floor(Math.random() * 1_000);
const AT = '2026-03-02T01:00:00.000Z';

async function seed(env: NodeJS.ProcessEnv): Promise<void> {
  const ds = createDataSource(env['DATABASE_URL'] ? { url: env['DATABASE_URL'] } : { sqlitePath: env['SQLITE_PATH']! });
  await ds.initialize();
  try {
    await runMigrations(ds);
    const members = Array.from({ length: 200 }, (_, i) => ({ id: `m${i}`, name: `Đảng viên số ${i}`, status: 'official' as const }));
    const units = await ds.transaction((m) =>
      seedOrgTree(m, { code: 'BENCH-INBOX-DU', name: 'Đảng ủy thử', kind: 'committee', abbr: 'ĐU', children: [{ code: 'BENCH-INBOX-CB', name: 'Chi bộ thử', kind: 'cell', abbr: 'CB', members }] }, AT),
    );
    const cell = units.get('BENCH-INBOX-CB')!;
    const rows = await ds.manager.find(Member, { where: { orgId: cell.id } });
    const me = rows.find((r) => r.code === 'm0')!;
    const others = rows.filter((r) => r.id !== me.id);
    const task = (assignee: Member, n: number): Partial<Task> => ({
      instanceId: `cell:BENCH-INBOX-CB:bench:${n}`,
      taskId: `self-assess:${assignee.code}`,
      stepId: 'self-assess',
      key: `self-assess:${assignee.code}`,
      task: 'self-assess',
      titleVi: `Tự kiểm điểm — đợt ${n}`,
      titleEn: `Self-assessment — round ${n}`,
      assigneeMemberId: assignee.id,
      assigneeRole: null,
      assigneeOrgId: null,
      orgId: cell.id,
      status: 'open',
      openedAt: AT,
      dueAt: n % 3 === 0 ? null : '2026-04-01T01:00:00.000Z',
      submittedAt: null,
      submittedBy: null,
    });
    const all = [
      ...Array.from({ length: OWN_TASKS }, (_, n) => task(me, n)),
      ...Array.from({ length: OTHER_TASKS }, (_, n) => task(others[n % others.length]!, OWN_TASKS + n)),
    ].map((t) => ({ id: randomUUID(), ...t }));
    for (let i = 0; i < all.length; i += 500) await ds.manager.insert(Task, all.slice(i, i + 500) as never);
    await createUser(ds, { login: 'bench.m0', password: 'bench-inbox', passwordHash: await hashPassword('bench-inbox'), displayName: me.name, memberId: me.id, grants: [] });
  } finally {
    await ds.destroy();
  }
}

function get(agent: Agent, path: string, headers: Record<string, string>): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: PORT, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(path: string, headers: Record<string, string>): Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const { status, ms } = await get(agent, path, headers);
        if (status === 200) latencies.push(ms);
        else failures++;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN);
  return `${path}: ${Math.round(latencies.length / SECONDS)} req/s, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, ${failures} failures (${CONNECTIONS} connections, ${SECONDS} s)`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-inbox-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: randomBytes(24).toString('hex'),
    PORT: String(PORT),
    QUEUE_PREFIX: `chibo-inbox-${randomBytes(4).toString('hex')}`,
    AUDIT_KEY_PATH: join(dir, 'audit-key.pem'),
    ...(process.env['BENCH_DATABASE_URL'] ? { DATABASE_URL: process.env['BENCH_DATABASE_URL'] } : { DATABASE_URL: '', SQLITE_PATH: join(dir, 'chibo.sqlite') }),
  };
  let server: ChildProcess | undefined;
  try {
    await seed(env);
    server = spawn(process.execPath, [...(process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean), join(__dirname, '..', 'main.js'), 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    for (let ready = false; !ready; ) {
      ready = await fetch(`http://127.0.0.1:${PORT}/health`).then((r) => r.ok, () => false);
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const loginRes = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bench.m0', password: 'bench-inbox' }) });
    const { token } = (await loginRes.json()) as { token: string };
    const inbox = (await (await fetch(`http://127.0.0.1:${PORT}/api/v1/tasks/inbox`, { headers: { authorization: `Bearer ${token}` } })).json()) as unknown[];
    if (inbox.length !== OWN_TASKS) throw new Error(`the inbox lists ${inbox.length} tasks, not ${OWN_TASKS}`);
    console.log(`[inbox] ${env['DATABASE_URL'] ? 'PostgreSQL' : 'SQLite'}, a member with ${OWN_TASKS} open tasks among ${OTHER_TASKS + OWN_TASKS}`);
    console.log(`[inbox] ${await load('/api/v1/tasks/inbox', { authorization: `Bearer ${token}` })}`);
    console.log(`[inbox] ${await load('/viec-cua-toi', { cookie: `chibo_token=${token}` })}`);
  } finally {
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
