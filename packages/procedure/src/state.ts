import type { GuidanceRef, ProcedureRef } from './context';
import type { Actor, Assignee, InstanceContext } from './context';
import type { ProcedureDefinition } from './definition';
import type { ParentRef } from './events';
import type { Localized } from './localized';

export interface TaskRecord {
  id: string;
  stepId: string;
  key: string;
  task: string;
  assignee: Assignee;
  title: Localized;
  status: 'open' | 'submitted' | 'cancelled';
  openedAt: string;
  dueAt?: string;
  prefill?: Record<string, unknown>;
  /** Stays open when its step completes (see `TaskSpec.standing`). */
  standing?: true;
  submittedAt?: string;
  submittedBy?: Actor;
  input?: unknown;
}

export interface TimerRecord {
  id: string;
  stepId: string;
  key: string;
  fireAt: string;
  status: 'scheduled' | 'fired' | 'cancelled';
  payload?: Record<string, unknown>;
}

export interface EffectRecord {
  id: string;
  stepId: string;
  name: string;
  input: Record<string, unknown>;
  status: 'requested' | 'completed';
  result?: Record<string, unknown>;
}

/** A document an effect issued (the effect result carries `document: { type, number }`). */
export interface IssuedDocument {
  effectId: string;
  type: string;
  number: string;
}

export interface ChildRecord {
  key: string;
  org: string;
  /** For a committee child (cascades): the procedure its cells run by default. */
  childProcedure?: ProcedureRef;
  batch: string;
  started: boolean;
  /**
   * The child's report as its parent's state keeps it: only the fields in {@link CHILD_REPORT_FIELDS}
   * ({@link childReportSummary}; the checkpoint only in an instance that has a parent). The whole report is in the parent's `child-reported` event, in the read side, and
   * reaches `onChildReport`; a step that needs more of it records it there (the year's schedule keeps each session's
   * date and absentees in its own fact). States folded before this rule keep whole reports, which read the same.
   */
  report?: Record<string, unknown>;
  reportedAt?: string;
}

/**
 * The fields of a child's report that its parent's state keeps: what the parent's steps and pages decide on (reported,
 * on time, rating, resolution, findings, a sub-committee's compiled figures) and, in an instance that reports to a
 * parent of its own, the audit checkpoint it passes on up (`auditCheckpoint`; a top-level guidance sends no report, and
 * the checkpoint stays in its `child-reported` event, where the audit reads it). A guidance to 10,000 cells reloads its
 * state at the start of every Temporal run: with whole reports (names, attendance, absentees, the summary text, the
 * checkpoint) that state was about 11 MiB to reload, and no run could stay under Temporal's 10 MiB history warning
 * (ADR 0026; `npm run bench:guidance-state`).
 */
export const CHILD_REPORT_FIELDS = ['onTime', 'rating', 'resolution', 'findings', 'rollup', 'auditCheckpoint'] as const;

/** The fields of a sub-committee's compiled figures (`rollup`) its parent's state keeps: the counts, not its per-cell lines. */
const ROLLUP_FIELDS = ['cells', 'reported', 'onTime', 'late', 'missing', 'pending', 'ratings', 'adopted', 'rejected', 'findings', 'committees', 'subtree'] as const;

/**
 * A child's report as its parent's state keeps it (see {@link ChildRecord.report}); `forwards` when the parent reports
 * to a parent of its own and so passes its children's checkpoints on. Pure.
 */
export function childReportSummary(report: Record<string, unknown>, forwards: boolean): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of CHILD_REPORT_FIELDS) {
    if (!(field in report) || (field === 'auditCheckpoint' && !forwards)) continue;
    const value = report[field];
    kept[field] = field === 'rollup' ? rollupSummary(value) : value;
  }
  return kept;
}

function rollupSummary(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const rollup = value as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of ROLLUP_FIELDS) if (field in rollup) kept[field] = rollup[field];
  return kept;
}

/**
 * What a finding says, as data beside its sentence: codes, numbers, names as typed, dates as the step had them
 * (`2026-06-30`), and lists of these — never words, so that a page can word the finding in its own language from its
 * code. JSON values only (they travel in events).
 */
export type FindingParams = Record<string, unknown>;

export interface FindingRecord {
  code: string;
  stepId: string;
  /** The finding in Vietnamese, as the step wrote it (the JSON API's and the documents' sentence). */
  detail?: string;
  /** The same finding's data, for the pages to word it (absent from findings recorded before it was kept). */
  params?: FindingParams;
  at: string;
  /** When and why a later fact resolved it: the reason in Vietnamese, and its data (absent before it was kept). */
  resolved?: { at: string; reason: string; params?: FindingParams };
}

/** The state of one instance: a pure fold of its events. */
export interface InstanceState {
  instanceId: string;
  definition: ProcedureDefinition;
  context: InstanceContext;
  parent?: ParentRef;
  status: 'running' | 'completed' | 'failed';
  failure?: string;
  /** Index into definition.steps of the current step, or -1 when none is current. */
  cursor: number;
  visits: Record<string, number>;
  stepStates: Record<string, unknown>;
  completedSteps: Record<string, { at: string; output?: unknown }>;
  facts: Record<string, unknown>;
  tasks: Record<string, TaskRecord>;
  timers: Record<string, TimerRecord>;
  effects: Record<string, EffectRecord>;
  documents: IssuedDocument[];
  findings: FindingRecord[];
  batches: Record<string, { stepId: string; started: boolean; procedure: ProcedureRef; children: string[]; guidance?: GuidanceRef }>;
  children: Record<string, ChildRecord>;
  /**
   * How many children have reported, kept by the fold so that a guidance to thousands of cells need not count them on
   * every report. Absent in states stored before it was kept: {@link reportedChildren} counts them then.
   */
  childrenReported?: number;
  notifications: Record<string, { report: Record<string, unknown>; delivered: boolean }>;
  startedAt: string;
  updatedAt: string;
  completedAt?: string;
  /** Number of events folded so far: the version used for optimistic concurrency. */
  version: number;
}

/** The step that is current, if any. */
export function currentStep(state: InstanceState): ProcedureDefinition['steps'][number] | undefined {
  return state.cursor >= 0 ? state.definition.steps[state.cursor] : undefined;
}

/** How many children have reported. */
export function reportedChildren(state: Pick<InstanceState, 'children' | 'childrenReported'>): number {
  if (state.childrenReported !== undefined) return state.childrenReported;
  let count = 0;
  for (const key in state.children) if (state.children[key]!.report) count++;
  return count;
}

/** Codes of the findings not resolved. */
export function activeFindings(state: InstanceState): string[] {
  return state.findings.filter((f) => !f.resolved).map((f) => f.code);
}

/** Open tasks, in the order they were opened. */
export function openTasks(state: InstanceState): TaskRecord[] {
  return Object.values(state.tasks).filter((t) => t.status === 'open');
}

/** The active finding codes after a reaction records and resolves some (for reports built inside that reaction). */
export function activeFindingsAfter(
  active: readonly string[],
  recorded: ReadonlyArray<{ code: string }>,
  resolved: ReadonlyArray<{ code: string }>,
): string[] {
  const gone = new Set(resolved.map((r) => r.code));
  return [...new Set([...active.filter((c) => !gone.has(c)), ...recorded.map((r) => r.code)])];
}
