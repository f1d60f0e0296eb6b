import { FACTS, activeFindings, type InstanceState, type ReportFact, type ResolutionFact, type ScoreFact, type AttendanceFact } from '@chibo/procedure';
import { compileRollup } from '@chibo/plugin-guidance';

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

export interface ScenarioOutcome {
  cells: Record<string, CellOutcome>;
  guidance: GuidanceOutcome;
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

/** Reads a guidance instance's outcome: the roll-up once submitted, else the live count. */
export function guidanceOutcome(state: InstanceState): GuidanceOutcome {
  const rollup = (state.facts[FACTS.rollup] as ReturnType<typeof compileRollup> | undefined) ?? compileRollup(state);
  return {
    status: state.facts[FACTS.rollup] ? 'completed' : 'in-progress',
    reported: rollup.reported,
    onTime: rollup.onTime,
    late: rollup.late,
    missing: rollup.missing,
    ratings: rollup.ratings,
    documents: documentsOf(state),
  };
}

function documentsOf(state: InstanceState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const doc of state.documents) out[doc.type] ??= doc.number;
  return out;
}
