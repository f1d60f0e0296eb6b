/**
 * Benchmark (not a test): dispatches one guidance to 10,000 cells and drives 1,000 cells through the whole procedure
 * through the HTTP API, on PostgreSQL. The server runs in its own process (bench-server.ts); this one is the client.
 * Prints fan-out cells/s, task submissions/s and the p50/p99 latency of a task submission, CPU per submission, the
 * peak RSS of every process involved and, on Temporal, the history events and bytes per cell. Run with `npm run
 * bench` (DATABASE_URL selects the Postgres server; a scratch database is created and dropped). BENCH_ENGINE picks
 * the engine: `embedded` (default), `temporal` (the server chibo chooses: TEMPORAL_ADDRESS, else its dev server, else
 * the `temporal` CLI), or `both`, which runs the same workload on each in one sitting and prints one table. Sizes can
 * be changed with BENCH_CELLS, BENCH_DRIVEN, BENCH_CONCURRENCY; BENCH_SERVER_NODE_ARGS adds Node flags to the server
 * process (profiling). BENCH_REPORT_ALL=1 (Temporal) then sends every other cell's report to the guidance at once and
 * measures the guidance workflow's runs against Temporal's history warning limits.
 */
import 'reflect-metadata';
import { hashPassword } from '@chibo/api';
import { createDataSource, Member, OrgUnit, ProcedureInstance, RoleAssignment, runMigrations, Term, User } from '@chibo/db';
import type { InstanceState } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { createActivities } from '@chibo/runtime-temporal';
import { createRegistry } from '@chibo/catalog';
import { adminQuery, defaultPostgres, rssKb } from './bench-measure';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';

const CELLS = Number(process.env['BENCH_CELLS'] ?? 10_000);
const DRIVEN = Number(process.env['BENCH_DRIVEN'] ?? 1_000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const T0 = parseLocal('2026-01-05T08:00');
const COMMITTEE = 'BENCH-DU';

type Engine = 'embedded' | 'temporal';

/** What one run measured (null where this machine cannot tell). */
interface BenchResult {
  engine: Engine;
  cellsPerSecond: number;
  /** Cells per second until the fan-out had settled (every cell's procedure started, nothing outstanding). */
  settledCellsPerSecond: number;
  submissionsPerSecond: number;
  p50: number;
  p99: number;
  serverCpuMsPerSubmission: number | null;
  machineCpuMsPerSubmission: number | null;
  /** Peak resident memory by process group (MB). */
  rss: Record<string, number>;
  /** Temporal only: history events and bytes per cell (its own workflow, plus its share of the guidance's and batches'). */
  history?: { eventsPerCell: number; bytesPerCell: number };
  /** Temporal only: every other cell's report sent to the guidance at once (BENCH_REPORT_ALL=1). */
  reports?: ReportFlood;
}

/** The guidance taking every remaining cell's report at once, and its workflow's runs afterwards. */
interface ReportFlood {
  reports: number;
  perSecond: number;
  runs: number;
  largestRunEvents: number;
  largestRunBytes: number;
  /** Signals the guidance's runs received in all (wakes: one per page of reports, not one per report). */
  signals: number;
}

/** Temporal's warning limits for one run's history (the research note's table): 10,240 events, 10 MiB. */
const HISTORY_WARN = { events: 10_240, bytes: 10 * 1024 * 1024 };

async function main(): Promise<void> {
  const choice = process.env['BENCH_ENGINE'] ?? 'embedded';
  if (!['embedded', 'temporal', 'both'].includes(choice)) throw new Error(`BENCH_ENGINE must be embedded, temporal or both (got "${choice}")`);
  const engines: Engine[] = choice === 'both' ? ['embedded', 'temporal'] : [choice as Engine];
  const results: BenchResult[] = [];
  for (const engine of engines) results.push(await runWorkload(engine));
  printTable(results);
}

async function runWorkload(engine: Engine): Promise<BenchResult> {
  const server = process.env['DATABASE_URL']?.startsWith('postgres') ? process.env['DATABASE_URL'] : defaultPostgres();
  console.log(`\n== ${engine} engine: ${CELLS} cells, ${DRIVEN} driven, concurrency ${CONCURRENCY} ==`);
  console.log(`PostgreSQL: ${server}`);
  const name = `chibo_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const dataSource = createDataSource({ url: url.toString() });
  await dataSource.initialize();
  let stop: (() => Promise<void>) | undefined;
  let memoryStop: (() => void) | undefined;
  try {
    await runMigrations(dataSource);
    const t = Date.now();
    const users = await seed(dataSource);
    console.log(`seeded ${CELLS} cells, ${CELLS * 5} members, ${users.length} users in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const running = await startBenchServer(url.toString(), name, users.map((u) => u.id), engine);
    stop = running.stop;
    if (running.temporal) console.log(`Temporal: ${running.temporal.description}`);
    const memory = sampleMemory(running.pid);
    memoryStop = () => void memory.stop();
    const token = async (userId: string) => running.tokens[userId]!;
    // Plain keep-alive HTTP: the client shares the machine with the server, so it should cost as little as it can
    // (fetch's streams cost it several times more CPU per request).
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });
    const call = (tok: string, method: string, path: string, body?: unknown) =>
      new Promise<unknown>((resolve, reject) => {
        const payload = body !== undefined ? JSON.stringify(body) : undefined;
        const req = request(
          `${running.baseUrl}/api/v1${path}`,
          {
            method,
            agent,
            headers: { authorization: `Bearer ${tok}`, ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path} → ${res.statusCode} ${text}`));
              else resolve(text ? JSON.parse(text) : null);
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    const adminToken = await token(users[0]!.id);
    const committeeToken = await token(users[1]!.id);

    // 1. Fan-out.
    const fanStart = Date.now();
    const fanCpuStart = processCpuSeconds(running.pid);
    const fanMachineStart = machineCpuSeconds();
    const { instanceId } = (await call(committeeToken, 'POST', '/guidance', {
      issuer: COMMITTEE,
      number: '01-HD/ĐU',
      issuedOn: '2026-01-05',
      title: 'Sinh hoạt chuyên đề quý I năm 2026',
      procedure: 'thematic-session',
      rubric: 'phu-tho-100',
      sessionBy: '2026-03-31',
      reportBy: '2026-04-10',
    })) as { instanceId: string };
    for (;;) {
      const started = await dataSource.manager.count(ProcedureInstance, { where: { parentInstanceId: instanceId } });
      if (started >= CELLS) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const fanSeconds = (Date.now() - fanStart) / 1000;
    await call(adminToken, 'POST', '/clock/settle');
    // Until every cell's procedure has started and nothing is left to carry out (on Temporal: every cell's workflow
    // started and resumed from the read side), not only until its instance row exists.
    const settledSeconds = (Date.now() - fanStart) / 1000;
    console.log(`fan-out: ${CELLS} cells in ${fanSeconds.toFixed(2)} s = ${Math.round(CELLS / fanSeconds)} cells/s; settled in ${settledSeconds.toFixed(2)} s = ${Math.round(CELLS / settledSeconds)} cells/s`);
    const fanCpu = cpuDelta(fanCpuStart, processCpuSeconds(running.pid));
    const fanMachine = cpuDelta(fanMachineStart, machineCpuSeconds());
    if (fanCpu !== null && fanMachine !== null) console.log(`fan-out CPU: server ${fanCpu.toFixed(1)} s, whole machine ${fanMachine.toFixed(1)} s (of ${(2 * fanSeconds).toFixed(1)} s on 2 cores)`);

    // 2. Drive DRIVEN cells through every task, CONCURRENCY cells at a time.
    const latencies: number[] = [];
    const driven = users.slice(2, 2 + DRIVEN);
    const cellTokens = await Promise.all(driven.map((u) => token(u.id)));
    // The submit response lists what is open next, as a UI would use it; the first task of a phase is looked up.
    const next = new Map<number, { tasks: Array<{ id: string; step: string; status: string }> }>();
    const submitNext = async (i: number, step: string, input: Record<string, unknown>) => {
      const id = `cell:${driven[i]!.cell}:01-HD/ĐU:2026-01-05`;
      const detail = next.get(i) ?? ((await call(cellTokens[i]!, 'GET', `/instances/${encodeURIComponent(id)}`)) as { tasks: Array<{ id: string; step: string; status: string }> });
      const task = detail.tasks.find((x) => x.step === step && x.status === 'open');
      if (!task) throw new Error(`${id}: no open ${step} task`);
      const started = performance.now();
      const result = (await call(cellTokens[i]!, 'POST', `/tasks/${task.id}/submit`, input)) as { openTasks: Array<{ id: string; step: string; status: string }> };
      latencies.push(performance.now() - started);
      next.set(i, { tasks: result.openTasks });
    };
    const sessionAt = '2026-01-12T14:00';
    const phase1 = [
      ['plan', { topic: 'Nâng cao chất lượng sinh hoạt chi bộ', month: '2026-01' }],
      ['assign-draft', { assignee: 'sec' }],
      ['submit-draft', { title: 'Dự thảo chuyên đề' }],
      ['review-draft', { decision: 'approve' }],
      ['convene', { sessionAt, place: 'Hội trường', online: false }],
    ] as const;
    const phase2 = [
      ['hold-session', { heldAt: sessionAt, minutes: 120, chair: 'sec', clerk: 'm2', absent: [], opinions: [{ by: 'm3', text: 'Ý kiến đóng góp.' }], conclusion: 'Kết luận của chủ trì.' }],
      ['score', { marks: { preparation: 15, attendance: 20, conduct: 42, closing: 18 } }],
      ['resolution', { title: 'Nghị quyết chuyên đề', decisions: ['Thực hiện các giải pháp.'], vote: { for: 5, against: 0, abstain: 0 } }],
      ['report', {}],
    ] as const;
    const runPhase = async (steps: ReadonlyArray<readonly [string, Record<string, unknown>]>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let i = next++; i < driven.length; i = next++) for (const [step, input] of steps) await submitNext(i, step, input);
        }),
      );
    };
    const cpuStart = processCpuSeconds(running.pid);
    const machineStart = machineCpuSeconds();
    const driveStart = Date.now();
    await runPhase(phase1);
    const p1 = Date.now() - driveStart;
    await call(adminToken, 'POST', '/clock/advance', { to: parseLocal('2026-01-12T16:30') });
    next.clear();
    const p2Start = Date.now();
    await runPhase(phase2);
    const p2 = Date.now() - p2Start;
    const cpuEnd = processCpuSeconds(running.pid);
    const machineEnd = machineCpuSeconds();
    await call(adminToken, 'POST', '/clock/settle');
    const settled = Date.now() - p2Start - p2;
    const submissions = latencies.length;
    const seconds = (p1 + p2) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
    const completed = await dataSource.manager.count(ProcedureInstance, { where: { parentInstanceId: instanceId, status: 'completed' } });
    const guidance = (await call(adminToken, 'GET', `/instances/${encodeURIComponent(instanceId)}/state`)) as InstanceState;
    const reported = Object.values(guidance.children).filter((c) => c.report).length;
    console.log(`driven: ${DRIVEN} cells, ${submissions} task submissions in ${seconds.toFixed(2)} s = ${Math.round(submissions / seconds)} submissions/s (concurrency ${CONCURRENCY}); queues settled ${(settled / 1000).toFixed(2)} s later`);
    console.log(`submission latency: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms`);
    // CPU time is steadier than wall time on a shared machine: it tells whether a change made the server do less.
    if (cpuStart !== null && cpuEnd !== null) console.log(`server process CPU while driving: ${(cpuEnd - cpuStart).toFixed(1)} s = ${(((cpuEnd - cpuStart) * 1000) / submissions).toFixed(2)} ms per submission (background work included)`);
    if (machineStart !== null && machineEnd !== null) console.log(`machine CPU while driving (server, PostgreSQL, Redis and this client): ${(machineEnd - machineStart).toFixed(1)} s = ${(((machineEnd - machineStart) * 1000) / submissions).toFixed(2)} ms per submission`);
    console.log(`completed cell procedures: ${completed}; reports received by the guidance: ${reported}`);
    agent.destroy();
    const rss = memory.stop();
    console.log(`peak RSS: ${Object.entries(rss).map(([k, v]) => `${k} ${v} MB`).join(', ')}`);
    const history = running.temporal ? await historyPerCell(running.temporal, instanceId, driven.map((d) => `cell:${d.cell}:01-HD/ĐU:2026-01-05`), name) : undefined;
    if (history) console.log(`Temporal history per cell: ${history.eventsPerCell.toFixed(1)} events, ${(history.bytesPerCell / 1024).toFixed(1)} KiB`);
    // 3. Every other cell reports at once (Temporal only): the guidance workflow takes thousands of signals in a burst.
    const template = Object.values(guidance.children).find((c) => c.report)?.report;
    let reports: ReportFlood | undefined;
    if (running.temporal && process.env['BENCH_REPORT_ALL'] === '1') {
      if (!template) throw new Error('no driven cell reported: nothing to model the other reports on');
      const rest = Object.keys(guidance.children).filter((cell) => !guidance.children[cell]!.report);
      reports = await reportFlood(running.temporal, dataSource, name, instanceId, rest, template, async () => {
        const state = (await call(adminToken, 'GET', `/instances/${encodeURIComponent(instanceId)}/state`)) as InstanceState;
        return Object.values(state.children).filter((c) => c.report).length;
      });
      console.log(`report flood: ${reports.reports} reports at ${reports.perSecond.toFixed(0)}/s; the guidance ran ${reports.runs} runs, the largest ${reports.largestRunEvents} events / ${(reports.largestRunBytes / 1024 / 1024).toFixed(2)} MiB (warning limits ${HISTORY_WARN.events} / 10 MiB), ${reports.signals} signals in all`);
    }
    return {
      engine,
      cellsPerSecond: CELLS / fanSeconds,
      settledCellsPerSecond: CELLS / settledSeconds,
      submissionsPerSecond: submissions / seconds,
      p50: Number(pct(50)),
      p99: Number(pct(99)),
      serverCpuMsPerSubmission: cpuStart !== null && cpuEnd !== null ? ((cpuEnd - cpuStart) * 1000) / submissions : null,
      machineCpuMsPerSubmission: machineStart !== null && machineEnd !== null ? ((machineEnd - machineStart) * 1000) / submissions : null,
      rss,
      ...(history ? { history } : {}),
      ...(reports ? { reports } : {}),
    };
  } finally {
    memoryStop?.();
    await stop?.();
    await dataSource.destroy();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Bulk-creates the committee, its cells and members, and users (admin, committee, one secretary per driven cell). */
async function seed(ds: DataSource): Promise<Array<{ id: string; cell: string }>> {
  const now = T0;
  const committee = { id: randomUUID(), code: COMMITTEE, name: 'Đảng ủy thử tải', abbr: 'ĐU', kind: 'committee' as const, parentId: null, path: `/${COMMITTEE}/`, createdAt: now };
  await ds.manager.insert(OrgUnit, committee);
  await ds.manager.insert(Term, { id: randomUUID(), orgId: committee.id, from: '2025-10-01', to: null });
  const cells = Array.from({ length: CELLS }, (_, i) => {
    const code = `BENCH-CB-${String(i + 1).padStart(5, '0')}`;
    return { id: randomUUID(), code, name: `Chi bộ thử tải ${i + 1}`, abbr: 'CB', kind: 'cell' as const, parentId: committee.id, path: `/${COMMITTEE}/${code}/`, createdAt: now };
  });
  for (let i = 0; i < cells.length; i += 1000) await ds.manager.insert(OrgUnit, cells.slice(i, i + 1000));
  const members = cells.flatMap((cell) =>
    ['sec', 'm2', 'm3', 'm4', 'm5'].map((code, j) => ({
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
  for (let i = 0; i < members.length; i += 1000) await ds.manager.insert(Member, members.slice(i, i + 1000));
  // One password hash for every bench account: hashing thousands of scrypt passwords would measure scrypt.
  const passwordHash = await hashPassword(randomBytes(12).toString('hex'));
  const users: Array<{ id: string; cell: string; login: string; memberId: string | null; role: 'admin' | 'committee' | 'secretary'; orgId: string }> = [
    { id: randomUUID(), cell: '', login: 'bench-admin', memberId: null, role: 'admin', orgId: committee.id },
    { id: randomUUID(), cell: '', login: 'bench-committee', memberId: null, role: 'committee', orgId: committee.id },
    ...cells.slice(0, DRIVEN).map((cell, i) => ({ id: randomUUID(), cell: cell.code, login: `bench-${i}`, memberId: members[i * 5]!.id, role: 'secretary' as const, orgId: cell.id })),
  ];
  for (let i = 0; i < users.length; i += 1000) {
    const chunk = users.slice(i, i + 1000);
    await ds.manager.insert(User, chunk.map((u) => ({ id: u.id, login: u.login, passwordHash, displayName: u.login, memberId: u.memberId, disabled: false, createdAt: now })));
    await ds.manager.insert(RoleAssignment, chunk.map((u) => ({ id: randomUUID(), userId: u.id, role: u.role, orgId: u.orgId })));
  }
  return users;
}

/** Starts bench-server.js in its own process and waits for its URL and the users' tokens. */
interface TemporalInfo {
  address: string;
  namespace: string;
  taskQueue: string;
  description: string;
}

async function startBenchServer(
  databaseUrl: string,
  name: string,
  userIds: string[],
  engine: Engine,
): Promise<{ baseUrl: string; tokens: Record<string, string>; temporal?: TemporalInfo; pid: number; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-'));
  const usersFile = join(dir, 'users.json');
  const readyFile = join(dir, 'ready.json');
  writeFileSync(usersFile, JSON.stringify(userIds));
  // The server runs with the flags `npm start` gives it (scripts/start.mjs); BENCH_SERVER_NODE_ARGS adds more (e.g.
  // "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it).
  const nodeArgs = ['--max-semi-space-size=64', ...(process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, join(__dirname, 'bench-server.js')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      AUTH_SECRET: randomBytes(24).toString('hex'),
      DATABASE_URL: databaseUrl,
      CHIBO_CLOCK: 'simulated',
      QUEUE_PREFIX: `chibo-bench-${name}`,
      // A journal of the run's own: the scratch database's chains must not meet an installation's journaled heads.
      AUDIT_JOURNAL: join(dir, 'audit-journal.jsonl'),
      BENCH_T0: T0,
      BENCH_ENGINE: engine,
      BENCH_USERS_FILE: usersFile,
      BENCH_READY_FILE: readyFile,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; !existsSync(readyFile); i++) {
    if (child.exitCode !== null) throw new Error('the bench server exited before it was ready');
    if (i > 1200) throw new Error('the bench server did not start within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const ready = JSON.parse(readFileSync(readyFile, 'utf8')) as { baseUrl: string; tokens: Record<string, string>; temporal?: TemporalInfo };
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

/**
 * Samples, once a second, the resident memory of the bench server, the Temporal server, PostgreSQL (all its processes)
 * and Redis; `stop` answers each one's peak in MB.
 */
function sampleMemory(serverPid: number): { stop(): Record<string, number> } {
  const peak: Record<string, number> = {};
  const sample = () => {
    const groups: Record<string, number> = { 'chibo server': rssKb(serverPid) };
    let pids: string[] = [];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      } catch {
        continue;
      }
      const group = /temporal-dev-server|(^|\/)temporal$/.test(cmd) ? 'Temporal server' : /postgres/.test(cmd) ? 'PostgreSQL' : /redis-server/.test(cmd) ? 'Redis' : undefined;
      if (group) groups[group] = (groups[group] ?? 0) + rssKb(Number(pid));
    }
    for (const [group, kb] of Object.entries(groups)) peak[group] = Math.max(peak[group] ?? 0, Math.round(kb / 1024));
  };
  sample();
  const timer = setInterval(sample, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/**
 * History events and bytes per cell on Temporal: the mean over the driven cells' workflows, plus the guidance's and
 * its batch workflows' share (their totals divided by the number of cells).
 */
async function historyPerCell(temporal: TemporalInfo, guidanceId: string, cellIds: string[], installation: string): Promise<{ eventsPerCell: number; bytesPerCell: number }> {
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const client = new TemporalClient({ connection, namespace: temporal.namespace });
    const prefix = `chibo-bench-${installation}/`;
    const describe = async (id: string) => {
      const d = await client.workflow.getHandle(`${prefix}${id}`).describe();
      return { events: d.historyLength, bytes: d.historySize ?? 0 };
    };
    const sample = cellIds.slice(0, 50);
    const cells = await Promise.all(sample.map(describe));
    const guidance = await describe(guidanceId);
    const batches = await Promise.all(Array.from({ length: Math.ceil(CELLS / 500) }, (_, i) => describe(`${guidanceId}#batch-${i + 1}`).catch(() => ({ events: 0, bytes: 0 }))));
    const shared = [guidance, ...batches].reduce((a, b) => ({ events: a.events + b.events, bytes: a.bytes + b.bytes }), { events: 0, bytes: 0 });
    const mean = (f: (x: { events: number; bytes: number }) => number) => cells.reduce((a, c) => a + f(c), 0) / cells.length;
    return { eventsPerCell: mean((c) => c.events) + shared.events / CELLS, bytesPerCell: mean((c) => c.bytes) + shared.bytes / CELLS };
  } finally {
    await connection.close();
  }
}

/**
 * Sends each remaining cell's report to the guidance workflow as that cell's workflow would (the child-report signal,
 * shaped like a driven cell's sealed report), 64 at a time, waits until the guidance has recorded all of them, and
 * measures every run of the guidance's workflow (continue-as-new splits it into runs).
 */
async function reportFlood(temporal: TemporalInfo, dataSource: DataSource, installation: string, guidanceId: string, cells: string[], template: Record<string, unknown>, recorded: () => Promise<number>): Promise<ReportFlood> {
  // Each report goes as a cell's workflow sends it (ADR 0026): posted to the read side by the same activity code,
  // and the guidance woken by a signal only when the post found nothing waiting.
  const { postReport } = createActivities({ dataSource, registry: createRegistry() });
  // A run's history can be read in pages larger than gRPC's default 4 MB message (a guidance's first run holds its fan-out).
  const connection = await Connection.connect({ address: temporal.address, channelArgs: { 'grpc.max_receive_message_length': 256 * 1024 * 1024 } });
  try {
    const client = new TemporalClient({ connection, namespace: temporal.namespace });
    const workflowId = `chibo-bench-${installation}/${guidanceId}`;
    const handle = client.workflow.getHandle(workflowId);
    const before = await recorded();
    const started = Date.now();
    let next = 0;
    let refusedForLimit = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let i = next++; i < cells.length; i = next++) {
          const cell = cells[i]!;
          const from = { instanceId: `cell:${cell}:01-HD/ĐU:2026-01-05`, commandId: 'notify:report.report' };
          const posted = await postReport({ parentInstanceId: guidanceId, args: { child: cell, report: { ...template, cell }, at: parseLocal('2026-01-12T16:30'), from } });
          if (posted.parentEnded) throw new Error(`the guidance ${guidanceId} has ended: it takes no report`);
          // Refused for the run's signal limit: wait and send again, as a cell's workflow does (ADR 0026).
          for (let attempt = 1; posted.wake; attempt++) {
            try {
              await handle.signal('reports-waiting');
              break;
            } catch (error) {
              if (!/limit for signal/i.test((error as Error).message) || attempt > 20) throw error;
              refusedForLimit++;
              await new Promise((r) => setTimeout(r, 5_000));
            }
          }
        }
      }),
    );
    for (;;) {
      if ((await recorded()) >= before + cells.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (Date.now() - started) / 1000;
    let runs = 0;
    let largestRunEvents = 0;
    let largestRunBytes = 0;
    let signals = 0;
    for await (const run of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      const runHandle = client.workflow.getHandle(workflowId, run.runId);
      const d = await runHandle.describe();
      try {
        signals += ((await runHandle.fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).length;
      } catch (error) {
        console.log(`report flood: could not read the signals of run ${run.runId}: ${(error as Error).message}`);
      }
      console.log(`report flood: guidance run ${run.runId}: ${d.historyLength} events, ${((d.historySize ?? 0) / 1024 / 1024).toFixed(2)} MiB`);
      runs++;
      largestRunEvents = Math.max(largestRunEvents, d.historyLength);
      largestRunBytes = Math.max(largestRunBytes, d.historySize ?? 0);
    }
    if (refusedForLimit) console.log(`report flood: ${refusedForLimit} signals refused for the run's signal limit and sent again`);
    return { reports: cells.length, perSecond: cells.length / seconds, runs, largestRunEvents, largestRunBytes, signals };
  } finally {
    await connection.close();
  }
}

/** One table for every engine run, side by side. */
function printTable(results: BenchResult[]): void {
  const groups = [...new Set(results.flatMap((r) => Object.keys(r.rss)))];
  const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '–' : v.toFixed(digits));
  const rows: Array<[string, ...string[]]> = [
    ['engine', ...results.map((r) => r.engine)],
    ['fan-out, cells/s (instances created)', ...results.map((r) => num(r.cellsPerSecond, 0))],
    ['fan-out, cells/s (settled: every procedure started)', ...results.map((r) => num(r.settledCellsPerSecond, 0))],
    ['task submissions/s', ...results.map((r) => num(r.submissionsPerSecond, 0))],
    ['submission p50, ms', ...results.map((r) => num(r.p50))],
    ['submission p99, ms', ...results.map((r) => num(r.p99))],
    ['server CPU per submission, ms', ...results.map((r) => num(r.serverCpuMsPerSubmission, 2))],
    ['machine CPU per submission, ms', ...results.map((r) => num(r.machineCpuMsPerSubmission, 2))],
    ...groups.map((g): [string, ...string[]] => [`peak RSS ${g}, MB`, ...results.map((r) => (r.rss[g] === undefined ? '–' : String(r.rss[g])))]),
    ['history events per cell', ...results.map((r) => num(r.history?.eventsPerCell))],
    ['history KiB per cell', ...results.map((r) => (r.history ? (r.history.bytesPerCell / 1024).toFixed(1) : '–'))],
    ...(results.some((r) => r.reports)
      ? ([
          ['report flood (every other cell at once), reports/s', ...results.map((r) => num(r.reports?.perSecond, 0))],
          ['guidance workflow runs after the flood', ...results.map((r) => (r.reports ? String(r.reports.runs) : '–'))],
          ['signals the guidance received in all', ...results.map((r) => (r.reports ? String(r.reports.signals) : '–'))],
          ['largest run of the guidance: events / MiB', ...results.map((r) => (r.reports ? `${r.reports.largestRunEvents} / ${(r.reports.largestRunBytes / 1024 / 1024).toFixed(2)}` : '–'))],
        ] as Array<[string, ...string[]]>)
      : []),
  ];
  console.log(`\n${CELLS} cells fanned out, ${DRIVEN} driven through every task over HTTP (concurrency ${CONCURRENCY}):\n`);
  console.log(`| ${rows[0]!.join(' | ')} |`);
  console.log(`|${rows[0]!.map(() => '---').join('|')}|`);
  for (const row of rows.slice(1)) console.log(`| ${row.join(' | ')} |`);
}

/** User + system CPU seconds of a process so far (Linux /proc; null elsewhere). */
function processCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // After the command name: state is field 3, utime field 14 and stime field 15 (clock ticks, 100 per second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function cpuDelta(start: number | null, end: number | null): number | null {
  return start === null || end === null ? null : end - start;
}

/** Busy CPU seconds of the whole machine so far, all cores (Linux /proc/stat: user+nice+system+irq+softirq; null elsewhere). */
function machineCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (fields[0]! + fields[1]! + fields[2]! + fields[5]! + fields[6]!) / 100;
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
