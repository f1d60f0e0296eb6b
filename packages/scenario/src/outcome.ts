import { FACTS, activeFindings, type InstanceState, type ReportFact, type ResolutionFact, type ScoreFact, type AttendanceFact } from '@chibo/procedure';
import { compileRollup, effectiveGuidance, reportDeadlinePassed, type Rollup } from '@chibo/plugin-guidance';

/** A cell's outcome, in the shape of a scenario's `expect.cells` entry. */
export interface CellOutcome {
  status: 'completed' | 'in-progress' | 'overdue' | 'failed';
  attendance: { present: number; eligible: number } | null;
  resolution: 'adopted' | 'rejected' | null;
  rating: string | null;
  report: 'on-time' | 'late' | 'missing';
  findings: string[];
  documents: Record<string, string>;
}

/** The guidance's outcome, in the shape of a scenario's `expect.guidance`. */
export interface GuidanceOutcome {
  status: 'completed' | 'in-progress';
  reported: number;
  onTime: number;
  late: number;
  missing: number;
  ratings: Record<string, number>;
  documents: Record<string, string>;
}

/** A committee's implementation of the guidance it received (cascades): its own guidance's outcome and its report. */
export interface ImplementationOutcome extends GuidanceOutcome {
  /** Its report to the parent (its roll-up), against the parent's report deadline. */
  report: 'on-time' | 'late' | 'missing';
}

export interface ScenarioOutcome {
  cells: Record<string, CellOutcome>;
  guidance: GuidanceOutcome;
  /** Cascades only: every committee the guidance reached, by code. */
  implementations?: Record<string, ImplementationOutcome>;
}

/** Reads a cell instance's outcome from its state. */
export function cellOutcome(state: InstanceState): CellOutcome {
  const facts = state.facts;
  const report = facts[FACTS.report] as ReportFact | undefined;
  const resolution = facts[FACTS.resolution] as ResolutionFact | undefined;
  const attendance = facts[FACTS.attendance] as AttendanceFact | undefined;
  const status =
    state.status === 'completed' ? 'completed' : state.status === 'failed' ? 'failed' : facts[FACTS.status] === 'overdue' ? 'overdue' : 'in-progress';
  return {
    status,
    attendance: attendance ? { present: attendance.present, eligible: attendance.eligible } : null,
    resolution: resolution ? (resolution.adopted ? 'adopted' : 'rejected') : null,
    rating: (facts[FACTS.score] as ScoreFact | undefined)?.rating ?? null,
    report: report ? (report.onTime ? 'on-time' : 'late') : 'missing',
    findings: [...activeFindings(state)].sort(),
    documents: documentsOf(state),
  };
}

/**
 * Reads a guidance instance's outcome as of `now` (a scenario's `until`): the roll-up once submitted, else the live
 * count. Unreported cells count as missing only once the report deadline is behind `now` (DESIGN §5); a roll-up
 * submitted before the deadline left them pending, and they become missing when `now` passes it.
 */
export function guidanceOutcome(state: InstanceState, now: string): GuidanceOutcome {
  const submitted = state.facts[FACTS.rollup] as Rollup | undefined;
  const rollup = submitted ?? compileRollup(state, now);
  const late = reportDeadlinePassed(effectiveGuidance(state)?.reportBy, now);
  return {
    status: submitted ? 'completed' : 'in-progress',
    reported: rollup.reported,
    onTime: rollup.onTime,
    late: rollup.late,
    missing: rollup.missing + (late ? (rollup.pending ?? 0) : 0),
    ratings: rollup.ratings,
    documents: documentsOf(state),
  };
}

function documentsOf(state: InstanceState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const doc of state.documents) out[doc.type] ??= doc.number;
  return out;
}
