import { ProcedureInstance } from '@chibo/db';
import { FACTS, type ResolutionFact } from '@chibo/procedure';
import { compareInstants, endOfDeadline, parseLocal } from '@chibo/rules';
import { cellInstanceId, driveScenario, runScenarioInMemory, type Scenario, type ScenarioOutcome, type ScenarioRun } from '@chibo/scenario';
import { databaseKinds, type DatabaseKind } from '@chibo/testing';
import { eventMultiset, readSideDisagreements, readSideFingerprint } from './read-side';
import { embeddedRuntime, registry, temporalOnDouble, temporalOnServer, type Booted, type RuntimeUnderTest } from './runtimes';

/** One runtime on one database: a host a scenario is replayed on and compared with the in-memory reference. */
export interface HostUnderTest {
  name: string;
  runtime: RuntimeUnderTest;
  db: DatabaseKind;
}

/**
 * The hosts a random scenario runs on: the embedded runtime on SQLite and on PostgreSQL, the Temporal workflows on
 * the in-process double (SQLite: it tests the workflow code, not the database) and, when a server is there, Temporal
 * on PostgreSQL. `notRun` says, one line each, which could not run here and why.
 */
export function hostsUnderTest(): { hosts: HostUnderTest[]; notRun: string[] } {
  const hosts: HostUnderTest[] = [];
  const notRun: string[] = [];
  const databases = databaseKinds();
  const add = (runtime: RuntimeUnderTest, db: DatabaseKind) => {
    const reason = runtime.unavailable() ?? (databases.includes(db) ? undefined : `no ${db} here`);
    if (reason) notRun.push(`${runtime.name} on ${db}: ${reason}`);
    else hosts.push({ name: `${runtime === temporalOnDouble ? 'temporal-double' : runtime.name} on ${db}`, runtime, db });
  };
  add(embeddedRuntime, 'sqlite');
  add(embeddedRuntime, 'postgres');
  add(temporalOnDouble, 'sqlite');
  add(temporalOnServer, 'postgres');
  return { hosts, notRun };
}

/** What a replay gives, in the terms every host is compared on (ids and times left out of the events). */
export interface Replay {
  outcome: ScenarioOutcome;
  errors: string[];
  /** Each instance's events as a sorted multiset (see eventMultiset). */
  events: Record<string, string[]>;
  /** The read side, table by table (DB hosts only). */
  readSide?: Record<string, string[]>;
  /** Ways the read side disagrees with the states, and problems the runtime reported itself. */
  problems: string[];
}

/** The scenario on the pure core in memory: the reference. */
export async function replayInMemory(scenario: Scenario): Promise<{ replay: Replay; run: ScenarioRun }> {
  const run = await runScenarioInMemory(scenario, registry);
  const events = Object.fromEntries([...run.host.instances.keys()].sort().map((id) => [id, eventMultiset(run.host.events(id))]));
  return { run, replay: { outcome: run.outcome, errors: run.errors, events, problems: [] } };
}

/** A promise that rejects after `ms` with a message saying what did not finish (the promise itself keeps running). */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms (a hang?)`)), ms);
  });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/**
 * Boots a host, runs `body` on it within `ms` and closes it (the close bounded too, so a runtime stuck in a loop
 * cannot hold the test: its database is dropped under it, which ends the loop).
 */
export async function onHost<T>(host: HostUnderTest, scenario: Scenario, ms: number, body: (boot: Booted) => Promise<T>): Promise<T> {
  const boot = await within(ms, `booting ${host.name}`, host.runtime.boot(host.db, scenario.org, parseLocal(scenario.guidance.issuedOn)));
  try {
    return await within(ms, `${scenario.name} on ${host.name}`, body(boot));
  } finally {
    await within(ms, `closing ${host.name}`, boot.close()).catch((error: unknown) => console.warn(`[chibo] ${String(error)}`));
  }
}

/** Replays a scenario on a host, within `ms`. */
export function replayOn(host: HostUnderTest, scenario: Scenario, ms: number): Promise<Replay> {
  return onHost(host, scenario, ms, async (boot) => {
    const driven = await driveScenario(scenario, boot.port);
    const rows = await boot.dataSource.manager.find(ProcedureInstance, { select: { id: true } });
    const ids = rows.map((r) => r.id).sort();
    const events: Record<string, string[]> = {};
    for (const id of ids) events[id] = eventMultiset(await boot.events(id));
    const states = await Promise.all(ids.map((id) => boot.state(id)));
    const problems = [...(await readSideDisagreements(boot.dataSource, states)), ...(await boot.problems())];
    return { outcome: driven.outcome, errors: driven.errors, events, readSide: await readSideFingerprint(boot.dataSource), problems };
  });
}

/** How a host's replay differs from the reference (and, for the read side, from the first host's). */
export function differences(host: string, reference: Replay, replay: Replay, readSideOf?: { host: string; readSide: Record<string, string[]> }): string[] {
  const out: string[] = [];
  // Outcomes are maps (a cell's documents by type…): compared whatever order their keys were filled in, which on
  // Temporal is the order concurrent effects happened to finish in. Lists keep their order.
  const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
  for (const cell of new Set([...Object.keys(reference.outcome.cells), ...Object.keys(replay.outcome.cells)])) {
    const [r, h] = [reference.outcome.cells[cell], replay.outcome.cells[cell]];
    if (!same(r, h)) out.push(`${host}: cell ${cell} outcome ${JSON.stringify(h)}, in memory ${JSON.stringify(r)}`);
  }
  if (!same(reference.outcome.guidance, replay.outcome.guidance)) out.push(`${host}: guidance outcome ${JSON.stringify(replay.outcome.guidance)}, in memory ${JSON.stringify(reference.outcome.guidance)}`);
  if (!same(reference.errors, replay.errors)) out.push(`${host}: refused facts ${JSON.stringify(replay.errors)}, in memory ${JSON.stringify(reference.errors)}`);
  for (const id of new Set([...Object.keys(reference.events), ...Object.keys(replay.events)])) {
    const [r, h] = [reference.events[id] ?? [], replay.events[id] ?? []];
    if (same(r, h)) continue;
    const extra = h.filter((e) => !r.includes(e));
    const lacking = r.filter((e) => !h.includes(e));
    out.push(`${host}: events of ${id} differ (${h.length} vs ${r.length} in memory); only here: ${extra.slice(0, 3).join(' ')}; only in memory: ${lacking.slice(0, 3).join(' ')}`);
  }
  out.push(...replay.problems.map((p) => `${host}: ${p}`));
  if (readSideOf && replay.readSide) {
    for (const table of Object.keys(readSideOf.readSide)) {
      const [a, b] = [readSideOf.readSide[table] ?? [], replay.readSide[table] ?? []];
      if (same(a, b)) continue;
      out.push(`${host}: read side table ${table} differs from ${readSideOf.host}'s; only here: ${b.filter((x) => !a.includes(x)).slice(0, 2).join(' ')}; only there: ${a.filter((x) => !b.includes(x)).slice(0, 2).join(' ')}`);
    }
  }
  return out;
}

/** The value with every object's keys in sorted order (lists as they are), for comparing maps. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

/**
 * What DESIGN §5 says of an outcome, checked on the reference, because every host shares the planner and the core
 * and would agree on the same mistake: `missing` counts only cells whose report deadline has passed, and an
 * `"all-present"` vote counts every present official and exempt member.
 */
export function designViolations(scenario: Scenario, run: ScenarioRun): string[] {
  const out: string[] = [];
  const g = scenario.guidance;
  const guidance = run.outcome.guidance;
  if (g.reportBy) {
    const asOf = guidance.status === 'completed' && g.rollup ? parseLocal(g.rollup.at) : parseLocal(scenario.until);
    const passed = compareInstants(asOf, endOfDeadline(g.reportBy)) >= 0;
    const unreported = Object.values(run.outcome.cells).filter((c) => c.report === 'missing').length;
    if (!passed && guidance.missing !== 0) out.push(`guidance missing is ${guidance.missing} at ${asOf}, before the report deadline ${g.reportBy} has passed (DESIGN §5: pending, not missing)`);
    if (passed && guidance.status !== 'completed' && guidance.missing !== unreported) out.push(`guidance missing is ${guidance.missing} after the report deadline, with ${unreported} cells unreported`);
  }
  for (const [cell, facts] of Object.entries(scenario.cells)) {
    if (facts.resolution?.vote.for !== 'all-present') continue;
    const id = cellInstanceId(cell, g.number, g.issuedOn);
    const resolution = run.host.instances.has(id) ? (run.host.state(id).facts[FACTS.resolution] as ResolutionFact | undefined) : undefined;
    if (!resolution) continue;
    const absent = new Set(facts.session?.absent.map((a) => a.member) ?? []);
    const members = run.host.tree.get(cell).members;
    const voters = members.filter((m) => (m.status === 'official' || m.status === 'exempt') && !absent.has(m.id)).length;
    if (resolution.for !== voters) out.push(`${cell}: "all-present" recorded ${resolution.for} votes for, ${voters} present officials and exempt members attended`);
  }
  return out;
}
