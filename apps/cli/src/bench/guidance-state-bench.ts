/**
 * `npm run bench:guidance-state`: how large a guidance's state is once every cell has reported, as a Temporal run
 * reloads it (ADR 0026). Builds a committee of BENCH_CELLS cells (10,000), starts the shipped guidance procedure through
 * the procedure core, starts every batch and folds one report per cell as a cell's report step sends it (name,
 * attendance, absentees, the secretary's summary, a signed audit checkpoint). Prints the state's JSON in code units and
 * the bytes of reloading it (its JSON in slices, each a string in an activity result's JSON payload), and the same state holding whole reports (how it was folded before ADR 0026's summary), with the
 * consequence for a run's history: a run reloads the state and continues as new once past both the 2 MiB floor of
 * progress and 8 MiB. Pure computation: no database, no server.
 */
import { createRegistry } from '@chibo/catalog';
import { composeDefinition, EMPTY_STATE, handle, handleAll, type InstanceState, type ProcedureInput } from '@chibo/procedure';
import { guidanceInstanceId, OrgTree, type ScenarioOrg } from '@chibo/scenario';
import { performance } from 'node:perf_hooks';

const CELLS = Number(process.env['BENCH_CELLS'] ?? 10_000);
const AT = '2026-03-02T01:00:00.000Z';
const MiB = 1024 * 1024;
/** ADR 0026: a run continues as new once it grew 2 MiB since its state was loaded and is past 8 MiB. */
const FLOOR = 2 * MiB;
const ROTATE = 8 * MiB;

function committee(count: number): ScenarioOrg {
  const members = (cell: number) =>
    Array.from({ length: 12 }, (_, m) => ({
      id: `m${String(m + 1).padStart(2, '0')}`,
      name: `Nguyễn Thị Hồng ${cell}-${m + 1}`,
      status: 'official' as const,
      roles: m === 0 ? (['secretary'] as const).slice() : [],
    }));
  const cells = Array.from({ length: count }, (_, i): ScenarioOrg => ({
    code: `CB-${String(i + 1).padStart(5, '0')}`,
    name: `Chi bộ Trường Tiểu học xã Ngọc Sơn số ${i + 1}`,
    kind: 'cell',
    abbr: 'CB',
    members: members(i + 1),
    children: [],
  }));
  return { code: 'DU-BENCH', name: 'Đảng ủy xã Ngọc Sơn', kind: 'committee', abbr: 'ĐU', term: { from: '2020-08-01' }, members: [], children: cells };
}

/** What a cell's report step sends its guidance (thematic-session `report`), sealed with a checkpoint by the host. */
function cellReport(code: string, name: string, i: number): Record<string, unknown> {
  return {
    cell: code,
    cellName: name,
    reportedAt: AT,
    onTime: i % 10 !== 0,
    rating: ['tot', 'kha', 'trung-binh'][i % 3],
    resolution: 'adopted',
    attendance: { total: 12, eligible: 12, present: 11, presentEligible: 11, presentOfficial: 11, presentProbationary: 0, rate: 0.9166666666666666 },
    findings: i % 7 === 0 ? ['draft-late'] : [],
    summary: 'Chi bộ đã tổ chức sinh hoạt chuyên đề đúng kế hoạch, đảng viên tham gia ý kiến sôi nổi.',
    heldAt: '2026-02-20T07:30:00.000Z',
    absent: ['m07'],
    auditCheckpoint: {
      format: 'chibo-checkpoint/1',
      chain: `org:${code}`,
      position: 40 + (i % 20),
      hash: 'f'.repeat(64),
      issuedAt: AT,
      keyId: 'chibo-2026-03-ed25519',
      signature: 'A'.repeat(86),
    },
  };
}

/** The state's JSON, and its bytes once reloaded: slices of that JSON as strings in activity results' JSON payloads. */
function sizes(state: InstanceState): { units: number; bytes: number } {
  const json = JSON.stringify(state);
  return { units: json.length, bytes: Buffer.byteLength(JSON.stringify(json)) };
}

function main(): void {
  const t0 = performance.now();
  const registry = createRegistry();
  const org = committee(CELLS);
  const tree = new OrgTree(org);
  const guidance = { number: '27-HD/ĐU', issuedOn: '2026-03-02', title: 'Hướng dẫn sinh hoạt chuyên đề', issuer: tree.ref(org.code), sessionBy: '2026-04-30', reportBy: '2026-05-15', basedOn: [] };
  const child = composeDefinition(registry.procedure('thematic-session'), { addSteps: [], owner: org.code }, registry);
  const instanceId = guidanceInstanceId(org.code, guidance.number, guidance.issuedOn);
  const start: ProcedureInput = {
    type: 'start',
    at: AT,
    instanceId,
    definition: registry.procedure('guidance'),
    context: tree.context(org.code, { guidance, cells: tree.cellsUnder(org.code).map((c) => tree.ref(c.code)), childProcedure: { key: child.key, version: child.version, owner: child.owner } }),
  };
  const started = handle(EMPTY_STATE, start, registry);
  if (!started.ok) throw new Error(`the guidance did not start: ${JSON.stringify(started.rejection)}`);
  let state = started.state;
  // Every batch the dispatch step asks for, started (as the host answers), until every cell is a child.
  for (let round = 0; round < CELLS; round++) {
    const pending = Object.entries(state.batches).filter(([, b]) => !b.started);
    if (!pending.length) break;
    for (const [batch] of pending) {
      const r = handle(state, { type: 'children-started', at: AT, batch }, registry);
      if (!r.ok) throw new Error(`batch ${batch} refused`);
      state = r.state;
    }
  }
  const beforeReports = sizes(state);
  const names = new Map(tree.cellsUnder(org.code).map((c) => [c.code, c.name]));
  const reports: ProcedureInput[] = Object.keys(state.children).map((code, i) => ({ type: 'child-report', at: AT, child: code, report: cellReport(code, names.get(code)!, i) }));
  state = handleAll(state, reports, registry).state;
  const kept = sizes(state);
  // The same state as it was folded before: every child holding its whole report.
  const whole: InstanceState = { ...state, children: { ...state.children } };
  for (const input of reports) {
    if (input.type !== 'child-report') continue;
    whole.children[input.child] = { ...whole.children[input.child]!, report: input.report };
  }
  const before = sizes(whole);
  const run = (reload: number) => Math.max(reload + FLOOR, ROTATE);
  const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`;
  const rows: Array<[string, string, string]> = [
    ['state after the fan-out, no report yet', `${beforeReports.units.toLocaleString('en')} units`, mib(beforeReports.bytes)],
    ['state with every report, whole reports (before)', `${before.units.toLocaleString('en')} units`, mib(before.bytes)],
    ['state with every report, report summaries (now)', `${kept.units.toLocaleString('en')} units`, mib(kept.bytes)],
  ];
  console.log(`Guidance to ${CELLS.toLocaleString('en')} cells, ${state.childrenReported} reported (${Object.keys(state.batches).length} batches); ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [what, units, bytes] of rows) console.log(`  ${what.padEnd(52)} ${units.padStart(18)} ${bytes.padStart(12)}`);
  console.log(`  per reported cell: ${((before.bytes - beforeReports.bytes) / CELLS).toFixed(0)} bytes whole, ${((kept.bytes - beforeReports.bytes) / CELLS).toFixed(0)} bytes kept`);
  console.log(`  smallest run that can continue as new after reloading it: ${mib(run(before.bytes))} before, ${mib(run(kept.bytes))} now (Temporal warns at 10 MiB)`);
}

main();
