/**
 * Benchmark (not a test) of a cascade at national scale (issue 15 point 4): a five-level tree of the real shape — one
 * centre, 63 provinces, ~700 districts, ~10,000 communes, 200,000 cells — on PostgreSQL and the embedded runtime. One
 * guidance is issued at the top; every committee implements it as soon as its task opens (provinces and districts one
 * level further down, communes to their cells; each level's report deadline two days inside its parent's); a sample
 * of cells is driven through every task of its session over HTTP; every other cell's report is handed to its
 * commune as a cell's report arrives (cascade-bench-server.ts), except a share that never reports; every committee
 * rolls up as soon as its roll-up task opens, up to the top.
 *
 * Prints the time until every cell's procedure had started, the time from the last report until the top's roll-up,
 * rows and bytes per cell in the database, and the peak RSS of every process. Run with `npm run bench:cascade`
 * (DATABASE_URL selects the PostgreSQL server; a scratch database is created and dropped). Sizes: CASCADE_CELLS
 * (200000; the committees scale with it: a commune per 20 cells, a district per ~14 communes, up to 63 provinces),
 * CASCADE_SAMPLE (cells driven through their sessions, 50), CASCADE_SILENT (share of cells that never report, 0: with
 * more, the clock is advanced past the communes' deadline and the timers of every cell fire), CASCADE_CONCURRENCY (16).
 * The server's memory (heap now, live after a full collection with `BENCH_SERVER_NODE_ARGS=--expose-gc`, caches) is
 * printed at each phase's end; CASCADE_STOP_AFTER_ROLLUP=1 stops after the top's roll-up, before the notices' phase.
 */
import 'reflect-metadata';
import { hashPassword } from '@chibo/api';
import { createDataSource, Member, OrgUnit, ProcedureInstance, RoleAssignment, runMigrations, Task, Term, User } from '@chibo/db';
import { cellInstanceId, guidanceInstanceId, implementationInstanceId, type InstanceState } from '@chibo/procedure';
import { addDays, parseLocal } from '@chibo/rules';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { adminQuery, defaultPostgres, sampleMemory } from './bench-measure';
import type { InjectedReport } from './cascade-bench-server';

const CELLS = Number(process.env['CASCADE_CELLS'] ?? 200_000);
const SAMPLE = Number(process.env['CASCADE_SAMPLE'] ?? 50);
const SILENT = Number(process.env['CASCADE_SILENT'] ?? 0);
const CONCURRENCY = Number(process.env['CASCADE_CONCURRENCY'] ?? 16);
const COMMUNES = Math.max(1, Math.ceil(CELLS / 20));
const DISTRICTS = Math.max(1, Math.round(COMMUNES / 14.3));
const PROVINCES = Math.min(63, DISTRICTS);
const T0 = parseLocal('2026-01-05T08:00');
const DAY = '2026-01-05';
const TOP = 'TW';
const TOP_NUMBER = '01-HD/BTCTW';
/** Report deadlines: the top's, and two days less at each level below (provinces, districts, communes). */
const REPORT_BY = ['2026-04-30', '2026-04-28', '2026-04-26', '2026-04-24'] as const;

interface Unit {
  id: string;
  code: string;
  name: string;
  abbr: string;
  kind: 'committee' | 'cell';
  parentId: string | null;
  path: string;
  level: number;
  createdAt: string;
}

async function main(): Promise<void> {
  const server = process.env['DATABASE_URL']?.startsWith('postgres') ? process.env['DATABASE_URL'] : defaultPostgres();
  console.log(`== cascade: 1 centre → ${PROVINCES} provinces → ${DISTRICTS} districts → ${COMMUNES} communes → ${CELLS} cells; ${SAMPLE} driven, ${(SILENT * 100).toFixed(2)} % silent, concurrency ${CONCURRENCY} ==`);
  console.log(`PostgreSQL: ${server}; load average at start: ${loadAverage()}`);
  const name = `chibo_cascade_${randomBytes(4).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const ds = createDataSource({ url: url.toString() });
  await ds.initialize();
  let stop: (() => Promise<void>) | undefined;
  const memory = { stop: (): Record<string, number> => ({}) };
  try {
    await runMigrations(ds);
    let t = Date.now();
    const { units, users } = await seed(ds);
    const cells = units.filter((u) => u.kind === 'cell');
    const communes = new Map(units.filter((u) => u.level === 3).map((u) => [u.id, u]));
    console.log(`seeded ${units.length} units, ${cells.length * 3} members in ${s(t)} s`);
    const running = await startServer(url.toString(), name, users.map((u) => u.id));
    stop = running.stop;
    Object.assign(memory, sampleMemory(running.pid));
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });
    const call = (base: string, tok: string | null, method: string, path: string, body?: unknown) => http(agent, base, tok, method, path, body);
    const api = (tok: string, method: string, path: string, body?: unknown) => call(`${running.baseUrl}/api/v1`, tok, method, path, body);
    const [adminUser, committeeUser] = [users[0]!, users[1]!];
    const adminToken = running.tokens[adminUser.id]!;
    const committeeToken = running.tokens[committeeUser.id]!;

    // 1. The top guidance, and every committee's implementation as soon as its task opens.
    const start = Date.now();
    await api(committeeToken, 'POST', '/guidance', {
      issuer: TOP,
      number: TOP_NUMBER,
      issuedOn: DAY,
      title: 'Hướng dẫn sinh hoạt chuyên đề năm 2026',
      procedure: 'thematic-session',
      rubric: 'phu-tho-100',
      sessionBy: '2026-03-31',
      reportBy: REPORT_BY[0],
      cascade: true,
    });
    const committees = units.filter((u) => u.kind === 'committee' && u.level > 0).length;
    let implemented = 0;
    let lastLog = Date.now();
    for (;;) {
      const open = await ds.manager.find(Task, { select: { id: true, instanceId: true }, where: { status: 'open', stepId: 'implement' }, take: 2000 });
      await pool(open, CONCURRENCY, async (task) => {
        const code = task.instanceId.split(':')[1]!;
        const level = code.startsWith('T') ? 1 : code.startsWith('H') ? 2 : 3;
        await api(committeeToken, 'POST', `/tasks/${task.id}/submit`, {
          number: ['', '01-HD/TU', '01-HD/HU', '01-HD/ĐU'][level],
          issuedOn: DAY,
          title: 'Hướng dẫn thực hiện sinh hoạt chuyên đề năm 2026',
          reportBy: REPORT_BY[level],
          cascade: level < 3,
        });
      });
      implemented += open.length;
      const started = await ds.manager.createQueryBuilder(ProcedureInstance, 'i').where("i.id LIKE 'cell:%'").getCount();
      if (Date.now() - lastLog > 15_000) {
        console.log(`  ${s(start)} s: ${implemented}/${committees} committees implemented, ${started}/${CELLS} cells started, load ${loadAverage()}`);
        lastLog = Date.now();
      }
      if (started >= CELLS && implemented >= committees) break;
      if (!open.length) await sleep(200);
    }
    const reachedSeconds = (Date.now() - start) / 1000;
    await api(adminToken, 'POST', '/clock/settle');
    const settledSeconds = (Date.now() - start) / 1000;
    await logMemory(call, running.controlUrl, 'every cell reached');
    console.log(`every cell reached: ${CELLS} cells' procedures created in ${reachedSeconds.toFixed(1)} s (${implemented} implementations); settled in ${settledSeconds.toFixed(1)} s`);

    // 2. A sample of cells through every task of their session; the others report straight away, some never.
    const silentCount = Math.floor((CELLS - SAMPLE) * SILENT);
    const sample = cells.slice(0, SAMPLE);
    const reporting = cells.slice(SAMPLE, cells.length - silentCount);
    t = Date.now();
    const secretaries = users.slice(2);
    await pool(sample, CONCURRENCY, async (cell, i) => {
      const tok = running.tokens[secretaries[i]!.id]!;
      await driveCell(api, tok, cellInstanceId(cell.code, '01-HD/ĐU', DAY), 'phase1');
    });
    await api(adminToken, 'POST', '/clock/advance', { to: parseLocal('2026-01-12T16:30') });
    await pool(sample, CONCURRENCY, async (cell, i) => {
      const tok = running.tokens[secretaries[i]!.id]!;
      await driveCell(api, tok, cellInstanceId(cell.code, '01-HD/ĐU', DAY), 'phase2');
    });
    console.log(`sample: ${SAMPLE} cells through every task in ${s(t)} s`);
    t = Date.now();
    const ratings = ['Tốt', 'Tốt', 'Khá', 'Trung bình'];
    const batches: InjectedReport[][] = [];
    for (let i = 0; i < reporting.length; i += 500) {
      batches.push(
        reporting.slice(i, i + 500).map((cell, j) => ({
          parent: implementationInstanceId(communes.get(cell.parentId!)!.code, '01-HD/HU', DAY),
          child: cell.code,
          report: {
            cell: cell.code,
            cellName: cell.name,
            reportedAt: '2026-01-12T16:30:00.000+07:00',
            onTime: true,
            rating: ratings[(i + j) % ratings.length],
            resolution: 'adopted',
            attendance: { present: 3, eligible: 3 },
            findings: [],
            summary: null,
          },
        })),
      );
    }
    await pool(batches, 4, (batch) => call(running.controlUrl, null, 'POST', '/reports', batch));
    const lastReport = Date.now();
    console.log(`reports: ${reporting.length} cells' reports delivered in ${s(t)} s (${Math.round(reporting.length / ((lastReport - t) / 1000))}/s); ${silentCount} cells never report`);
    await logMemory(call, running.controlUrl, 'reports delivered');
    if (silentCount) {
      // The communes with a silent cell wait for their deadline: the clock passes it (every cell's timers fire too).
      await api(adminToken, 'POST', '/clock/advance', { to: addDays(parseLocal(`${REPORT_BY[3]}T00:00`), 1) });
    }

    // 3. Every committee rolls up as soon as its roll-up task opens, up to the top.
    const top = guidanceInstanceId(TOP, TOP_NUMBER, DAY);
    let rolled = 0;
    for (;;) {
      const open = await ds.manager.find(Task, { select: { id: true, instanceId: true }, where: { status: 'open', stepId: 'rollup' }, take: 2000 });
      await pool(open, CONCURRENCY, (task) => api(committeeToken, 'POST', `/tasks/${task.id}/submit`, {}));
      rolled += open.length;
      const head = await ds.manager.findOne(ProcedureInstance, { select: { id: true, status: true }, where: { id: top } });
      if (head?.status === 'completed') break;
      if (Date.now() - lastLog > 15_000) {
        console.log(`  roll-up: ${rolled}/${committees + 1} committees rolled up, load ${loadAverage()}`);
        lastLog = Date.now();
      }
      if (!open.length) await sleep(200);
    }
    const rollupSeconds = (Date.now() - lastReport) / 1000;
    const state = (await api(adminToken, 'GET', `/instances/${encodeURIComponent(top)}/state`)) as InstanceState;
    const rollup = state.facts['rollup'] as { reported: number; onTime: number; missing: number; ratings: Record<string, number> };
    const rated = Object.values(rollup.ratings).reduce((a, b) => a + b, 0);
    console.log(`roll-up at the top ${rollupSeconds.toFixed(1)} s after the last report (${rolled} roll-ups): ${rollup.reported}/${PROVINCES} provinces reported; ${rated} cell ratings reached the top ${JSON.stringify(rollup.ratings)}`);
    if (rated !== SAMPLE + reporting.length) console.log(`!! expected ${SAMPLE + reporting.length} ratings at the top, got ${rated}`);

    await logMemory(call, running.controlUrl, 'top rolled up');
    if (process.env['CASCADE_STOP_AFTER_ROLLUP'] === '1') {
      // A measurement of the run up to the top's roll-up only (the notices' phase below is long at scale).
      await logMemory(call, running.controlUrl, 'top rolled up, caches emptied', true);
      const rss = memory.stop();
      console.log(`peak RSS up to the roll-up: ${Object.entries(rss).map(([k, v]) => `${k} ${v} MB`).join(', ')}`);
      console.log(`| cells reached (procedures created) | ${reachedSeconds.toFixed(1)} s |\n| cells reached and settled | ${settledSeconds.toFixed(1)} s |\n| top roll-up after the last report | ${rollupSeconds.toFixed(1)} s |`);
      agent.destroy();
      return;
    }

    // 4. What it costs to store, once the work the reports caused (the committees' notices) is done.
    t = Date.now();
    for (let settled = false; !settled; ) {
      settled = await api(adminToken, 'POST', '/clock/settle').then(
        () => true,
        (error: Error) => {
          if (!/→ 503/.test(error.message)) throw error;
          return false;
        },
      );
    }
    console.log(`outstanding work (notices, documents) carried out ${s(t)} s after the top's roll-up`);
    const tables = (await ds.query(`SELECT relname AS name, n_live_tup::bigint AS rows, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables ORDER BY 3 DESC`)) as Array<{ name: string; rows: string; bytes: string }>;
    await ds.query('ANALYZE');
    const counted = await Promise.all(tables.map(async (row) => ({ ...row, rows: Number(((await ds.query(`SELECT count(*)::bigint AS n FROM "${row.name}"`)) as Array<{ n: string }>)[0]!.n) })));
    const size = ((await ds.query('SELECT pg_database_size(current_database()) AS size')) as Array<{ size: string }>)[0]!.size;
    const rows = counted.reduce((a, r) => a + r.rows, 0);
    console.log(`database: ${rows} rows, ${(Number(size) / 2 ** 20).toFixed(0)} MB = ${(rows / CELLS).toFixed(1)} rows and ${(Number(size) / CELLS / 1024).toFixed(1)} KiB per cell`);
    console.log(`largest tables: ${counted.slice(0, 8).map((r) => `${r.name} ${r.rows} rows ${(Number(r.bytes) / 2 ** 20).toFixed(0)} MB`).join('; ')}`);
    agent.destroy();
    await logMemory(call, running.controlUrl, 'outstanding work done');
    const rss = memory.stop();
    console.log(`peak RSS: ${Object.entries(rss).map(([k, v]) => `${k} ${v} MB`).join(', ')}; load average at the end: ${loadAverage()}`);
    console.log(`\n| measure | value | target |\n|---|---|---|`);
    console.log(`| cells reached (procedures created) | ${reachedSeconds.toFixed(1)} s | 300 s |`);
    console.log(`| cells reached and settled | ${settledSeconds.toFixed(1)} s | 300 s |`);
    console.log(`| top roll-up after the last report | ${rollupSeconds.toFixed(1)} s | 300 s |`);
    console.log(`| rows per cell | ${(rows / CELLS).toFixed(1)} | – |`);
    console.log(`| KiB per cell | ${(Number(size) / CELLS / 1024).toFixed(1)} | – |`);
    for (const [k, v] of Object.entries(rss)) console.log(`| peak RSS ${k} | ${v} MB | 1024 MB |`);
  } finally {
    memory.stop();
    await stop?.();
    await ds.destroy();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

type Api = (tok: string, method: string, path: string, body?: unknown) => Promise<unknown>;

/** A cell's session: plan to convening (phase 1), then the session to its report (phase 2, after the clock moved on). */
async function driveCell(api: Api, tok: string, instanceId: string, phase: 'phase1' | 'phase2'): Promise<void> {
  const sessionAt = '2026-01-12T14:00';
  const steps: Array<[string, Record<string, unknown>]> =
    phase === 'phase1'
      ? [
          ['plan', { topic: 'Nâng cao chất lượng sinh hoạt chi bộ', month: '2026-01' }],
          ['assign-draft', { assignee: 'sec' }],
          ['submit-draft', { title: 'Dự thảo chuyên đề' }],
          ['review-draft', { decision: 'approve' }],
          ['convene', { sessionAt, place: 'Hội trường', online: false }],
        ]
      : [
          ['hold-session', { heldAt: sessionAt, minutes: 120, chair: 'sec', clerk: 'm2', absent: [], opinions: [{ by: 'm3', text: 'Ý kiến đóng góp.' }], conclusion: 'Kết luận của chủ trì.' }],
          ['score', { marks: { preparation: 15, attendance: 20, conduct: 42, closing: 18 } }],
          ['resolution', { title: 'Nghị quyết chuyên đề', decisions: ['Thực hiện các giải pháp.'], vote: { for: 3, against: 0, abstain: 0 } }],
          ['report', {}],
        ];
  let tasks = ((await api(tok, 'GET', `/instances/${encodeURIComponent(instanceId)}`)) as { tasks: Array<{ id: string; step: string; status: string }> }).tasks;
  for (const [step, input] of steps) {
    const task = tasks.find((x) => x.step === step && x.status === 'open');
    if (!task) throw new Error(`${instanceId}: no open ${step} task`);
    tasks = ((await api(tok, 'POST', `/tasks/${task.id}/submit`, input)) as { openTasks: typeof tasks }).openTasks;
  }
}

/**
 * Bulk-creates the tree (paths and terms as the API would), three members per cell, and users: an admin, one
 * committee member at the centre (a grant covers the subtree, so they act for every committee, as the bench needs),
 * and a secretary for each sampled cell.
 */
async function seed(ds: DataSource): Promise<{ units: Unit[]; users: Array<{ id: string }> }> {
  const now = T0;
  const units: Unit[] = [];
  const add = (parent: Unit | null, code: string, name: string, abbr: string, kind: Unit['kind'], level: number): Unit => {
    const unit: Unit = { id: randomUUID(), code, name, abbr, kind, parentId: parent?.id ?? null, path: `${parent?.path ?? '/'}${code}/`, level, createdAt: now };
    units.push(unit);
    return unit;
  };
  const top = add(null, TOP, 'Ban Chấp hành Trung ương', 'TW', 'committee', 0);
  // Spread evenly: each commune takes its share of cells, each district of communes, each province of districts.
  const share = (total: number, parts: number, i: number) => Math.floor(((i + 1) * total) / parts) - Math.floor((i * total) / parts);
  let d = 0;
  let c = 0;
  let k = 0;
  for (let p = 0; p < PROVINCES; p++) {
    const province = add(top, `T${pad(p + 1, 2)}`, `Tỉnh ủy ${p + 1}`, 'TU', 'committee', 1);
    for (let i = 0; i < share(DISTRICTS, PROVINCES, p); i++, d++) {
      const district = add(province, `H${pad(d + 1, 4)}`, `Huyện ủy ${d + 1}`, 'HU', 'committee', 2);
      for (let j = 0; j < share(COMMUNES, DISTRICTS, d); j++, c++) {
        const commune = add(district, `X${pad(c + 1, 5)}`, `Đảng ủy xã ${c + 1}`, 'ĐU', 'committee', 3);
        for (let l = 0; l < share(CELLS, COMMUNES, c); l++, k++) add(commune, `CB${pad(k + 1, 6)}`, `Chi bộ ${k + 1}`, 'CB', 'cell', 4);
      }
    }
  }
  const row = ({ level: _l, ...u }: Unit) => u;
  for (let i = 0; i < units.length; i += 1000) await ds.manager.insert(OrgUnit, units.slice(i, i + 1000).map(row));
  const committees = units.filter((u) => u.kind === 'committee');
  for (let i = 0; i < committees.length; i += 2000) {
    await ds.manager.insert(Term, committees.slice(i, i + 2000).map((u) => ({ id: randomUUID(), orgId: u.id, from: '2025-10-01', to: null })));
  }
  const cells = units.filter((u) => u.kind === 'cell');
  const secretaries: string[] = [];
  for (let i = 0; i < cells.length; i += 500) {
    const members = cells.slice(i, i + 500).flatMap((cell) =>
      ['sec', 'm2', 'm3'].map((code, j) => ({
        id: randomUUID(),
        orgId: cell.id,
        code,
        name: `Đảng viên ${code}`,
        status: 'official' as const,
        roles: j === 0 ? ['secretary'] : [],
        createdAt: new Date(Date.parse(now) + j).toISOString(),
        updatedAt: now,
      })),
    );
    for (let m = 0; m < members.length && secretaries.length < SAMPLE; m += 3) secretaries.push(members[m]!.id);
    await ds.manager.insert(Member, members);
  }
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const users = [
    { id: randomUUID(), login: 'bench-admin', memberId: null as string | null, role: 'admin' as const, orgId: top.id },
    { id: randomUUID(), login: 'bench-committee', memberId: null as string | null, role: 'committee' as const, orgId: top.id },
    ...cells.slice(0, SAMPLE).map((cell, i) => ({ id: randomUUID(), login: `bench-sec-${i}`, memberId: secretaries[i]!, role: 'secretary' as const, orgId: cell.id })),
  ];
  await ds.manager.insert(User, users.map((u) => ({ id: u.id, login: u.login, passwordHash, displayName: u.login, memberId: u.memberId, disabled: false, createdAt: now })));
  await ds.manager.insert(RoleAssignment, users.map((u) => ({ id: randomUUID(), userId: u.id, role: u.role, orgId: u.orgId })));
  return { units, users };
}

async function startServer(databaseUrl: string, name: string, userIds: string[]): Promise<{ baseUrl: string; controlUrl: string; tokens: Record<string, string>; pid: number; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-cascade-'));
  const usersFile = join(dir, 'users.json');
  const readyFile = join(dir, 'ready.json');
  writeFileSync(usersFile, JSON.stringify(userIds));
  // The server's flags as `npm start` gives them (scripts/start.mjs), then any from BENCH_SERVER_NODE_ARGS (later wins).
  const nodeArgs = ['--max-semi-space-size=64', '--max-old-space-size=512', ...(process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, 'cascade-bench-server.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      CHIBO_ENGINE: 'embedded',
      AUTH_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: databaseUrl,
      CHIBO_CLOCK: 'simulated',
      QUEUE_PREFIX: `chibo-bench-${name}`,
      BENCH_T0: T0,
      BENCH_USERS_FILE: usersFile,
      BENCH_READY_FILE: readyFile,
      // The scratch database's audit journal goes with it, not into the installation's (.data/).
      AUDIT_JOURNAL: join(dir, 'audit-journal.jsonl'),
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !existsSync(readyFile); i++) {
    if (child.exitCode !== null) throw new Error('the bench server exited before it was ready');
    if (i > 1200) throw new Error('the bench server did not start within 120 s');
    await sleep(100);
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { baseUrl: string; controlUrl: string; tokens: Record<string, string> };
  return {
    ...ready,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function http(agent: Agent, base: string, tok: string | null, method: string, path: string, body?: unknown, retried = false): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = body !== undefined ? JSON.stringify(body) : undefined;
    const req = request(
      `${base}${path}`,
      {
        method,
        agent,
        headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path} → ${res.statusCode} ${text.slice(0, 500)}`));
          else resolve(text ? JSON.parse(text) : null);
        });
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while idle: the request never reached it, so it is sent again once
      // (Node's advice for `reusedSocket`).
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(http(agent, base, tok, method, path, body, true));
      else reject(error);
    });
    req.end(payload);
  });
}

/**
 * Prints the server's memory at a point of the run: its heap now and, when the server runs with --expose-gc (in
 * BENCH_SERVER_NODE_ARGS), after a full collection (what is live), each figure's peak so far, and its caches' fill.
 */
async function logMemory(call: (base: string, tok: string | null, method: string, path: string) => Promise<unknown>, controlUrl: string, when: string, forget = false): Promise<void> {
  const m = (await call(controlUrl, null, 'POST', forget ? '/memory?forget=1' : '/memory')) as {
    before: Record<string, number>;
    afterGc?: Record<string, number>;
    forgotten?: Record<string, number>;
    peak: Record<string, number>;
    caches: Record<string, number>;
  };
  const mb = (r: Record<string, number>) => `rss ${r['rss']} heap ${r['heapUsed']}/${r['heapTotal']} external ${r['external']} MB`;
  console.log(`server memory (${when}): ${mb(m.before)}${m.afterGc ? `; after a full GC: ${mb(m.afterGc)}` : ''}${m.forgotten ? `; with the caches emptied: ${mb(m.forgotten)}` : ''}; peaks: ${mb(m.peak)}; caches ${JSON.stringify(m.caches)}`);
}

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!, i);
    }),
  );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const s = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '–';
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
