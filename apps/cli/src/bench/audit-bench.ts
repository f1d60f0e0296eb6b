/**
 * Benchmark (not a test) of the audit log on PostgreSQL: writes 1,000,000 entries (200 cells × 5,000 entries — a
 * cell's ten years), then measures
 *   1. `verifyDatabase` over all of them (target: under 5 s),
 *   2. a cell's whole trace (5,000 entries) through the HTTP API as an auditor (target: under 50 ms),
 *   3. exporting the bundle and verifying it without the database.
 * Run with `npm run bench:audit` (DATABASE_URL selects the Postgres server; a scratch database is created and
 * dropped; Redis is needed for the API's runtime). Sizes: BENCH_AUDIT_CHAINS, BENCH_AUDIT_PER_CHAIN.
 */
import 'reflect-metadata';
import { AuditSigner, entryBody, entryHash, exportBundle, GENESIS_HASH, verifyBundle, verifyDatabase, type EntryFields } from '@chibo/audit';
import { loadConfig } from '@chibo/config';
import { createDataSource, OrgUnit, RoleAssignment, runMigrations, User } from '@chibo/db';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { Client } from 'pg';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';

const CHAINS = Number(process.env['BENCH_AUDIT_CHAINS'] ?? 200);
const PER_CHAIN = Number(process.env['BENCH_AUDIT_PER_CHAIN'] ?? 5_000);
const TRACE_RUNS = 50;
const TRACE_WARM_UP = 10;
const COMMITTEE = 'BENCH-DU';
const T0 = Date.parse('2016-01-04T01:00:00.000Z');

async function main(): Promise<void> {
  const server = process.env['DATABASE_URL']?.startsWith('postgres') ? process.env['DATABASE_URL'] : 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `chibo_bench_audit_${randomBytes(4).toString('hex')}`;
  await admin(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString() });
  await dataSource.initialize();
  const work = mkdtempSync(join(tmpdir(), 'chibo-bench-audit-'));
  let stop: (() => Promise<void>) | undefined;
  try {
    await runMigrations(dataSource);
    const signer = AuditSigner.generate();
    const cells = await seedOrgs(dataSource);
    let t = performance.now();
    const written = await writeEntries(dataSource, cells);
    console.log(`wrote ${fmt(written)} audit entries (${CHAINS} chains × ${fmt(PER_CHAIN)}) in ${seconds(t)} s`);
    await dataSource.query('VACUUM ANALYZE audit_entries');

    // 1. Verification of the whole log, from the database.
    const keys = [signer.publicOnly()];
    await verifyDatabase(dataSource, { keys, chains: [cells[0]!] }); // warm the connection and the code
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const report = await verifyDatabase(dataSource, { keys });
      runs.push(performance.now() - t);
      if (!report.ok || report.entries !== written) throw new Error(`verification failed: ${JSON.stringify(report.problems.slice(0, 3))}`);
    }
    const best = Math.min(...runs);
    console.log(`verify ${fmt(written)} entries from PostgreSQL: ${runs.map((r) => (r / 1000).toFixed(2)).join(' s, ')} s (best ${(best / 1000).toFixed(2)} s = ${fmt(Math.round(written / (best / 1000)))} entries/s; target < 5 s)`);

    // 2. A cell's ten-year trace through the API, as an auditor.
    const users = await seedUsers(dataSource);
    const config = loadConfig({
      AUTH_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: url.toString(),
      CHIBO_CLOCK: 'simulated',
      QUEUE_PREFIX: `chibo-bench-${name}`,
      REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
      AUDIT_KEY_PATH: join(work, 'audit-key.pem'),
      AUDIT_CHECKPOINT_MINUTES: '0',
    });
    // Loaded here: the verification above needs nothing of the API.
    const { startServer, TokenService } = await import('@chibo/api');
    const running = await startServer({ config, dataSource, clock: new SimulatedClock(new Date(T0).toISOString()), logger: false });
    stop = running.close;
    // The auditor is seeded directly, at token version 0.
    const token = (await running.app.get(TokenService).issue(users.auditor, 0)).token;
    const cell = cells[Math.floor(cells.length / 2)]!;
    const path = `${running.baseUrl}/api/v1/audit/entries?org=${cell}&limit=${PER_CHAIN}`;
    const received: number[] = [];
    const parsed: number[] = [];
    let returned = 0;
    let bytes = 0;
    for (let i = 0; i < TRACE_RUNS + TRACE_WARM_UP; i++) {
      const started = performance.now();
      const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
      const text = await response.text();
      const got = performance.now();
      const body = JSON.parse(text) as { items: unknown[] };
      if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${text.slice(0, 500)}`);
      // The first requests warm the code (JIT) and the connection pool, as in a server that has been up a while.
      if (i >= TRACE_WARM_UP) {
        received.push(got - started);
        parsed.push(performance.now() - started);
      }
      returned = body.items.length;
      bytes = text.length;
    }
    const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!.toFixed(1);
    console.log(
      `trace of one cell (${fmt(returned)} entries, ${(bytes / 1e6).toFixed(1)} MB of JSON) via GET /api/v1/audit/entries as an auditor, ${TRACE_RUNS} requests: ` +
        `response received in p50 ${pct(received, 50)} ms, p95 ${pct(received, 95)} ms (target < 50 ms); with JSON.parse in the client p50 ${pct(parsed, 50)} ms`,
    );
    await stop();
    stop = undefined;

    // 3. The export bundle, verified without the database.
    t = performance.now();
    const manifest = await exportBundle(dataSource, join(work, 'bundle'), { publicKey: signer.publicOnly() });
    console.log(`export bundle of ${fmt(manifest.entries)} entries: ${seconds(t)} s`);
    t = performance.now();
    const offline = await verifyBundle(join(work, 'bundle'), { keys });
    if (!offline.ok) throw new Error('bundle verification failed');
    console.log(`verify the bundle offline: ${seconds(t)} s`);
  } finally {
    await stop?.();
    await dataSource.destroy();
    await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(work, { recursive: true, force: true });
  }
}

/** A committee and its cells (the chains' org units, so the API's scope rules apply as in production). */
async function seedOrgs(ds: DataSource): Promise<string[]> {
  const now = new Date(T0).toISOString();
  const committee = { id: randomUUID(), code: COMMITTEE, name: 'Đảng ủy thử tải', abbr: 'ĐU', kind: 'committee' as const, parentId: null, path: `/${COMMITTEE}/`, createdAt: now };
  await ds.manager.insert(OrgUnit, committee);
  const cells = Array.from({ length: CHAINS }, (_, i) => {
    const code = `BENCH-CB-${String(i + 1).padStart(4, '0')}`;
    return { id: randomUUID(), code, name: `Chi bộ thử tải ${i + 1}`, abbr: 'CB', kind: 'cell' as const, parentId: committee.id, path: `/${COMMITTEE}/${code}/`, createdAt: now };
  });
  for (let i = 0; i < cells.length; i += 1000) await ds.manager.insert(OrgUnit, cells.slice(i, i + 1000));
  return cells.map((c) => c.code);
}

async function seedUsers(ds: DataSource): Promise<{ auditor: string }> {
  const committee = await ds.manager.findOneByOrFail(OrgUnit, { code: COMMITTEE });
  const id = randomUUID();
  // Nobody logs in with a password: the bench issues the auditor's token directly.
  await ds.manager.insert(User, { id, login: 'bench-auditor', passwordHash: '$scrypt$ln=15,r=8,p=1$unused$unused', displayName: 'Ủy ban kiểm tra', memberId: null, disabled: false, createdAt: new Date(T0).toISOString() });
  await ds.manager.insert(RoleAssignment, { id: randomUUID(), userId: id, role: 'auditor', orgId: committee.id });
  return { auditor: id };
}

/** What a cell's procedures append over ten years, in the proportions a thematic session produces them. */
function payloadOf(cell: string, i: number): { type: string; payload: string; finding: string | null } {
  const instance = `cell:${cell}:${Math.floor(i / 40) + 1}-HD/ĐU:2016-01-04`;
  switch (i % 8) {
    case 0:
      return { type: 'task-opened', finding: null, payload: JSON.stringify({ assignee: { org: cell, role: 'secretary' }, at: '', key: 'plan', step: 'plan', taskId: `plan.1.plan`, title: { en: 'Submit the thematic plan', vi: 'Lập kế hoạch sinh hoạt chuyên đề' }, type: 'task-opened' }) };
    case 1:
      return { type: 'task-submitted', finding: null, payload: JSON.stringify({ by: { member: { id: 'sec', org: cell }, roles: [{ org: cell, role: 'secretary' }], userId: 'u' }, input: { month: '2016-02', topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh' }, taskId: 'plan.1.plan', type: 'task-submitted' }) };
    case 2:
      return { type: 'fact-recorded', finding: null, payload: JSON.stringify({ name: 'attendance', stepId: 'hold-session', type: 'fact-recorded', value: { absent: [{ excused: true, member: 'm07', reason: 'Ốm' }], eligible: 18, present: 17, rate: 0.944 } }) };
    case 3:
      return { type: 'effect-requested', finding: null, payload: JSON.stringify({ effectId: 'resolution.1.nq', input: { org: cell, title: 'Nghị quyết sinh hoạt chuyên đề', type: 'NQ' }, name: 'issue-document', stepId: 'resolution', type: 'effect-requested' }) };
    case 4:
      return { type: 'step-entered', finding: null, payload: JSON.stringify({ stepId: 'score', type: 'step-entered', visit: 1 }) };
    case 5:
      return { type: 'timer-scheduled', finding: null, payload: JSON.stringify({ fireAt: '2016-03-31T17:00:00.000Z', key: 'session-deadline', stepId: 'hold-session', timerId: 'hold-session.session-deadline', type: 'timer-scheduled' }) };
    case 6:
      return { type: 'finding-recorded', finding: 'draft-late', payload: JSON.stringify({ code: 'draft-late', detail: 'Dự thảo được duyệt chưa đủ 24 giờ trước buổi sinh hoạt', stepId: 'hold-session', type: 'finding-recorded' }) };
    default:
      return { type: 'step-completed', finding: null, payload: JSON.stringify({ instance, output: { rating: 'Tốt', total: 92 }, stepId: 'score', type: 'step-completed' }) };
  }
}

/** Writes every chain with correct links, 10,000 rows per INSERT … SELECT FROM unnest(…). */
async function writeEntries(ds: DataSource, cells: string[]): Promise<number> {
  const columns = ['chain', 'position', 'prev_hash', 'hash', 'at', 'recorded_at', 'source', 'type', 'actor_user_id', 'instance_id', 'seq', 'finding_code', 'payload'] as const;
  const types = ['text', 'int', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'int', 'text', 'text'];
  let batch: unknown[][] = columns.map(() => []);
  let written = 0;
  const flush = async () => {
    if (!batch[0]!.length) return;
    await ds.query(
      `INSERT INTO audit_entries (${columns.join(', ')}) SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`,
      batch,
    );
    written += batch[0]!.length;
    batch = columns.map(() => []);
  };
  for (const cell of cells) {
    let prev = GENESIS_HASH;
    for (let i = 0; i < PER_CHAIN; i++) {
      const at = new Date(T0 + i * 17 * 3_600_000).toISOString();
      const { type, payload, finding } = payloadOf(cell, i);
      const fields: EntryFields = {
        chain: cell,
        at,
        recordedAt: at,
        source: 'event',
        type,
        actorUserId: type === 'task-submitted' ? randomUUID() : null,
        memberId: null,
        guidanceId: null,
        instanceId: `cell:${cell}:${Math.floor(i / 40) + 1}-HD/ĐU:2016-01-04`,
        seq: (i % 40) + 1,
        findingCode: finding,
        documentId: null,
        documentChecksum: null,
        payload,
      };
      const hash = entryHash(prev, entryBody(fields));
      const row = [cell, i + 1, prev, hash, at, at, 'event', type, fields.actorUserId, fields.instanceId, fields.seq, finding, payload];
      row.forEach((value, c) => batch[c]!.push(value));
      prev = hash;
      if (batch[0]!.length >= 10_000) await flush();
    }
  }
  await flush();
  return written;
}

async function admin(server: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
