import { activeFindings, type InstanceState } from '@chibo/procedure';
import { ANNUAL_PLAN_FACT, CALENDAR_FACT, YEAR_FACT, yearInstanceId, type AnnualPlanFact, type CalendarFact, type YearFact } from '@chibo/plugin-regular-session';
import { parseLocal } from '@chibo/rules';
import { compareOutcome, type Mismatch } from '../compare';
import type { ScenarioPort } from '../drive';
import { cellOutcome, type CellOutcome } from '../outcome';
import { planYear, type YearAction } from './year-plan';
import type { YearScenario } from './year.schema';

/** What a host offers the year driver: a guidance scenario's port, with the year opened instead of a guidance issued. */
export type YearPort = Omit<ScenarioPort, 'issueGuidance'> & {
  /** Opens the cell's year at the current (simulated) time; returns the year instance's id. */
  startYear(scenario: YearScenario): Promise<string>;
};

/** The year's outcome, in the shape of `expect.year`. */
export interface YearOutcome {
  status: 'running' | 'completed' | 'failed';
  scheduled: number;
  held: number;
  rating: string | null;
  findings: string[];
  absentConsecutive: string[];
  /** The calendar keys of the sessions moved at least once. */
  moved: string[];
  documents: Record<string, string>;
  plan: 'approved' | 'submitted' | 'revision' | 'none';
}

export interface YearScenarioOutcome {
  year: YearOutcome;
  /** Every session on the calendar that has an instance, by calendar key. */
  sessions: Record<string, CellOutcome>;
}

export interface DrivenYear {
  outcome: YearScenarioOutcome;
  mismatches: Mismatch[];
  errors: string[];
  yearInstanceId: string;
  /** The instance id of each session that started, by calendar key. */
  sessionIds: Record<string, string>;
}

/**
 * Drives a year scenario through a host: the year opens, every fact is submitted to the open task it belongs to by
 * the person it is assigned to at the fact's time, and the clock passes the calendar's timers (each session's
 * instance starts by itself) on its way to `until`.
 */
export async function driveYear(scenario: YearScenario, port: YearPort, options: { stopBefore?: (action: YearAction) => boolean } = {}): Promise<DrivenYear> {
  const errors: string[] = [];
  const yearId = yearInstanceId(scenario.year.cell, scenario.year.year);
  let stopped = false;
  for (const action of planYear(scenario)) {
    if (options.stopBefore?.(action)) {
      stopped = true;
      break;
    }
    await port.advanceTo(action.at);
    if (action.type === 'open-year') {
      await port.startYear(scenario);
      continue;
    }
    let instanceId = yearId;
    if (action.target.kind === 'session') {
      const entry = calendarOf(await port.state(yearId))?.entries.find((e) => e.key === (action.target as { key: string }).key);
      if (!entry) {
        errors.push(`${action.label}: ${action.target.key} is not on the calendar`);
        continue;
      }
      instanceId = entry.instanceId;
    }
    const state = await port.state(instanceId);
    if (!state) {
      errors.push(`${action.label}: no procedure instance ${instanceId} (its session has not started)`);
      continue;
    }
    const task = Object.values(state.tasks).find((t) => t.status === 'open' && t.stepId === action.step && (action.task ? t.task === action.task : t.key === action.taskKey));
    if (!task) {
      errors.push(`${action.label}: the task is not open (current step: ${state.cursor >= 0 ? state.definition.steps[state.cursor]?.id : state.status})`);
      continue;
    }
    const result = await port.submit(instanceId, task.id, action.actor, action.input);
    if (!result.ok) errors.push(`${action.label}: ${result.message}`);
  }
  if (!stopped) await port.advanceTo(parseLocal(scenario.until));
  const year = await port.state(yearId);
  const sessions: Record<string, CellOutcome> = {};
  const sessionIds: Record<string, string> = {};
  for (const entry of calendarOf(year)?.entries ?? []) {
    const state = await port.state(entry.instanceId);
    if (!state) continue;
    sessions[entry.key] = cellOutcome(state);
    sessionIds[entry.key] = entry.instanceId;
  }
  const outcome: YearScenarioOutcome = { year: yearOutcome(year, sessions), sessions };
  return { outcome, mismatches: scenario.expect ? compareYear(scenario.expect, outcome) : [], errors, yearInstanceId: yearId, sessionIds };
}

function calendarOf(state: InstanceState | undefined): CalendarFact | undefined {
  return state?.facts[CALENDAR_FACT] as CalendarFact | undefined;
}

/** The year's outcome from its instance (and how many of its sessions were held). */
export function yearOutcome(state: InstanceState | undefined, sessions: Record<string, CellOutcome>, held?: number): YearOutcome {
  const year = state?.facts[YEAR_FACT] as YearFact | undefined;
  const plan = state?.facts[ANNUAL_PLAN_FACT] as AnnualPlanFact | undefined;
  const documents: Record<string, string> = {};
  for (const doc of state?.documents ?? []) documents[doc.type] ??= doc.number;
  return {
    status: state?.status === 'completed' ? 'completed' : state?.status === 'failed' ? 'failed' : 'running',
    scheduled: calendarOf(state)?.entries.length ?? 0,
    held: held ?? Object.values(sessions).filter((s) => s.attendance !== null).length,
    rating: year?.rating ?? null,
    findings: state ? [...activeFindings(state)].sort() : [],
    absentConsecutive: [...new Set((year?.absences ?? []).map((a) => a.member))].sort(),
    moved: (calendarOf(state)?.entries ?? []).filter((e) => (e.sequence ?? 0) > 0).map((e) => e.key).sort(),
    documents,
    plan: plan?.status ?? 'none',
  };
}

/** Compares a year outcome with `expect`: the year block field by field (sets as sets), each session as a cell is. */
export function compareYear(expect: NonNullable<YearScenario['expect']>, outcome: YearScenarioOutcome): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [key, want] of Object.entries(expect.year ?? {})) {
    const got = (outcome.year as unknown as Record<string, unknown>)[key];
    const path = `year.${key}`;
    if (key === 'findings' || key === 'absentConsecutive' || key === 'moved') {
      const a = [...((got as string[]) ?? [])].sort();
      const b = [...(want as string[])].sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, expected: b, actual: a });
    } else if (key === 'documents') {
      const docs = got as Record<string, string>;
      for (const [type, number] of Object.entries(want as Record<string, string>)) {
        const have = docs[type];
        const ok = number === 'any' ? have !== undefined : number === 'none' ? have === undefined : have === number;
        if (!ok) out.push({ path: `${path}.${type}`, expected: number, actual: have ?? 'none' });
      }
    } else if (JSON.stringify(got) !== JSON.stringify(want)) out.push({ path, expected: want, actual: got });
  }
  const sessions = compareOutcome({ cells: expect.sessions }, { cells: outcome.sessions, guidance: { status: 'in-progress', reported: 0, onTime: 0, late: 0, missing: 0, ratings: {}, documents: {} } });
  for (const m of sessions) out.push({ ...m, path: m.path.replace(/^cells\./, 'sessions.').replace('a cell of the guidance', 'a session of the calendar') });
  return out;
}

