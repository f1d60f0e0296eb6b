/**
 * Facts that steps of different plugins share (a self-criticism step reads who was present; a report step reads the
 * rating). Each is recorded under its name with `fact-recorded`; these types are the contract between plugins.
 */
export interface PlanFact {
  topic: string;
  month: string;
  preparer?: string;
  /** Which session the plan is for (absent: thematic); for a regular session `topic` is the content prepared. */
  kind?: 'thematic' | 'regular';
  /** Regular session: the results of the month's tasks (kết quả thực hiện nhiệm vụ tháng). */
  results?: string;
  /** Regular session: the next month's tasks (nhiệm vụ tháng tới), and that month (`YYYY-MM`). */
  nextTasks?: string;
  nextMonth?: string;
}

export interface DraftFact {
  assignee: string;
  assignedAt: string;
  versions: number;
  status: 'assigned' | 'submitted' | 'revision' | 'approved';
  approvedAt?: string;
  notes: string[];
}

export interface SessionFact {
  heldAt: string;
  minutes: number;
  place?: string;
  online: boolean;
  combined: boolean;
  chair: string;
  clerk: string;
  presenter?: string;
  absent: Array<{ member: string; reason: string; excused: boolean }>;
  guests: Array<{ name: string; title: string }>;
  opinions: Array<{ by: string; text: string; guest: boolean }>;
  agenda?: string;
  conclusion: string;
  assignments: Array<{ to: string; task: string }>;
  /** When the draft was sent to members, as recorded at the session (documents claim it only when recorded). */
  draftSentAt?: string;
  /** Recorded at the session: the minutes were read back and adopted before closing. */
  minutesAdopted?: boolean;
}

export interface AttendanceFact {
  total: number;
  eligible: number;
  present: number;
  presentEligible: number;
  presentOfficial: number;
  presentProbationary: number;
  rate: number;
}

/** A sheet's condition "`rating` only with at least `min` marks on `criterion`" that lowered a score to `otherwise`. */
export interface ScoreCap {
  criterion: string;
  min: number;
  mark: number;
  rating: string;
  otherwise: string;
}

export interface ScoreFact {
  rubric: string;
  marks?: Record<string, number>;
  total: number | null;
  rating: string;
  capped: boolean;
  /** Present only when a min-marks condition of the sheet capped the rating (ADR 0036). */
  cappedBy?: ScoreCap[];
}

export interface ResolutionFact {
  title: string;
  decisions: string[];
  method: 'show-of-hands' | 'secret';
  for: number;
  against: number;
  abstain: number;
  denominator: number;
  required: number;
  adopted: boolean;
}

export interface ReportFact {
  at: string;
  onTime: boolean;
  summary?: string;
}

/** Names under which the shared facts are recorded. */
export const FACTS = {
  plan: 'plan',
  draft: 'draft',
  convened: 'convened',
  session: 'session',
  attendance: 'attendance',
  selfCriticism: 'selfCriticism',
  score: 'score',
  resolution: 'resolution',
  report: 'report',
  status: 'status',
  rollup: 'rollup',
} as const;

/** Reads a fact with its type (the caller names which). */
export function fact<T>(facts: Readonly<Record<string, unknown>>, name: string): T | undefined {
  return facts[name] as T | undefined;
}
