import {
  DocumentEntity,
  EffectRun,
  Finding,
  Guidance,
  InstanceEvent,
  Member,
  MemberAssignment,
  NumberingRegister,
  OrgUnit,
  ProcedureDefinitionEntity,
  ProcedureInstance,
  Report,
  Resolution,
  Score,
  SessionAttendance,
  SessionGuest,
  SessionOpinion,
  SessionRecord,
  Task,
  Timer,
  Vote,
} from '@chibo/db';
import { activeFindings, type InstanceState, type ProcedureEvent } from '@chibo/procedure';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Documents requested together (a resolution's NQ and BB) are issued by concurrent effects and complete in either
 * order, on either engine; a report lists the instance's documents in completion order. That order is not part of
 * the contract, so lists of issued documents are compared sorted.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    const documents = items.every((i) => i && typeof i === 'object' && typeof (i as { type?: unknown }).type === 'string' && typeof (i as { number?: unknown }).number === 'string');
    return documents && items.length > 1 ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]));
  return value;
}

/** The read-side tables the API and UI read, plus the write-side heads they join on (DESIGN §1). */
const TABLES: Array<[string, EntityTarget<ObjectLiteral>]> = [
  ['procedure_instances', ProcedureInstance],
  ['guidance', Guidance],
  ['procedure_definitions', ProcedureDefinitionEntity],
  ['tasks', Task],
  ['timers', Timer],
  ['findings', Finding],
  ['sessions', SessionRecord],
  ['session_attendance', SessionAttendance],
  ['session_opinions', SessionOpinion],
  ['session_guests', SessionGuest],
  ['votes', Vote],
  ['scores', Score],
  ['resolutions', Resolution],
  ['reports', Report],
  ['documents', DocumentEntity],
  ['numbering_registers', NumberingRegister],
  ['member_assignments', MemberAssignment],
  ['effect_runs', EffectRun],
];

/**
 * Every row of the read side, with generated ids replaced by what they stand for (an org's code, a member's code, a
 * guidance's number…) and each table's rows sorted, so two databases filled by different engines can be compared.
 * Left out: the instance's state snapshot (how often it is written is the engine's business) and what is derived from
 * a document's data (checksums, rendered HTML).
 */
export async function readSideFingerprint(ds: DataSource): Promise<Record<string, string[]>> {
  const m = ds.manager;
  const labels = new Map<string, string>();
  for (const o of await m.find(OrgUnit)) labels.set(o.id, `org:${o.code}`);
  const orgCode = (id: string) => labels.get(id) ?? id;
  for (const x of await m.find(Member)) labels.set(x.id, `member:${orgCode(x.orgId)}/${x.code}`);
  for (const g of await m.find(Guidance)) labels.set(g.id, `guidance:${g.number}|${g.issuedOn}`);
  for (const s of await m.find(SessionRecord)) labels.set(s.id, `session:${s.instanceId}`);
  for (const d of await m.find(DocumentEntity)) labels.set(d.id, `document:${orgCode(d.orgId)}/${d.number}`);
  for (const r of await m.find(NumberingRegister)) labels.set(r.id, `register:${orgCode(r.orgId)}/${r.type}/${r.termFrom}`);
  const label = (value: unknown): unknown => {
    if (typeof value === 'string') return UUID.test(value) ? (labels.get(value) ?? '<uuid>') : value;
    if (Array.isArray(value)) return value.map(label);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, label(v)]));
    return value;
  };
  const out: Record<string, string[]> = {};
  for (const [name, entity] of TABLES) {
    const rows = await m.find(entity);
    out[name] = rows
      .map((row) => {
        // Checksums and the rendered HTML follow the data, whose document lists are compared sorted instead (see
        // canonical): a report's rendered list of attachments is in completion order.
        const { id: _id, state: _state, checksum: _checksum, html: _html, htmlChecksum: _htmlChecksum, ...rest } = row as Record<string, unknown>;
        return JSON.stringify(canonical(label(rest)));
      })
      .sort();
  }
  return out;
}

/** An event as two engines record it alike: an effect's result keeps only the document it issued (ids differ); lists of documents sorted. */
export function normalizeEvent(event: ProcedureEvent): string {
  if (event.type !== 'effect-completed') return JSON.stringify(canonical(event));
  const doc = event.result['document'] as { type?: string; number?: string } | undefined;
  return JSON.stringify({ ...event, result: doc ? { document: { type: doc.type, number: doc.number } } : {} });
}

/** An instance's events as a sorted list (concurrent effects may complete in either order). */
export function eventMultiset(events: readonly ProcedureEvent[]): string[] {
  return events.map(normalizeEvent).sort();
}

/**
 * Ways the read side disagrees with the instances' states: every task, timer and active finding of a state is in its
 * table with the same status, the instance row has the state's version and status, and the event log is complete.
 */
export async function readSideDisagreements(ds: DataSource, states: readonly InstanceState[]): Promise<string[]> {
  const m = ds.manager;
  const problems: string[] = [];
  for (const state of states) {
    const id = state.instanceId;
    const row = await m.findOne(ProcedureInstance, { where: { id } });
    if (!row) {
      problems.push(`${id}: no instance row`);
      continue;
    }
    if (row.version !== state.version || row.status !== state.status) problems.push(`${id}: row ${row.status}@${row.version}, state ${state.status}@${state.version}`);
    const events = await m.count(InstanceEvent, { where: { instanceId: id } });
    if (events !== state.version) problems.push(`${id}: ${events} events for version ${state.version}`);
    const tasks = new Map((await m.find(Task, { where: { instanceId: id } })).map((t) => [t.taskId, t.status]));
    for (const task of Object.values(state.tasks)) if (tasks.get(task.id) !== task.status) problems.push(`${id}: task ${task.id} is ${tasks.get(task.id)} in the read side, ${task.status} in the state`);
    if (tasks.size !== Object.keys(state.tasks).length) problems.push(`${id}: ${tasks.size} task rows for ${Object.keys(state.tasks).length} tasks`);
    const timers = new Map((await m.find(Timer, { where: { instanceId: id } })).map((t) => [t.timerId, t.status]));
    for (const timer of Object.values(state.timers)) if (timers.get(timer.id) !== timer.status) problems.push(`${id}: timer ${timer.id} is ${timers.get(timer.id)} in the read side, ${timer.status} in the state`);
    const findings = (await m.find(Finding, { where: { instanceId: id } })).filter((f) => !f.resolvedAt).map((f) => f.code).sort();
    if (JSON.stringify(findings) !== JSON.stringify([...activeFindings(state)].sort())) problems.push(`${id}: findings ${findings.join(',')} vs ${activeFindings(state).join(',')}`);
  }
  return problems;
}
