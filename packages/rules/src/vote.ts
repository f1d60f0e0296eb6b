import { indexAbsences } from './absence-index';
import { memberLabel, type Absence, type RosterMember } from './attendance';
import { ruleIssue, type RuleIssue } from './issue';

// A type alias rather than an empty `interface … extends` (which the lint config rejects); callers see the same shape.
/** A roster member as seen by the vote rules (same shape as {@link RosterMember}). */
export type VoteRosterMember = RosterMember;

/** A show-of-hands or ballot result as counts. */
export interface VoteTally {
  for: number;
  against: number;
  abstain: number;
}

/** A vote where the members voting for (and optionally against/abstaining) are listed by id. */
export interface ListedVote {
  for: string[];
  against?: number | string[];
  abstain?: number | string[];
}

/** The vote denominator of QĐ 24-QĐ/TW 9.3.2 and the ids of present members who may vote. */
export interface VoteDenominator {
  denominator: number;
  voters: string[];
}

// Our reading of QĐ 24-QĐ/TW 9.3.2, member by member:
// - probationary: never votes, never counts (Điều lệ Art. 3); suspended: never votes, never counts, even if present;
// - official or exempt and present: votes and counts, also when attending elsewhere (they keep their vote in their
//   own cell, and a voter outside the denominator could push "for" above 100%);
// - official and absent: counts when the absence is unexcused; subtracted when excused or attending elsewhere;
// - exempt and absent: subtracted, whatever the reason.
// Absences naming unknown members are ignored (see `validateAbsences`). Voters keep roster order.
/** Computes the adoption denominator (QĐ 24-QĐ/TW 9.3.2) and the ids of present members who may vote. */
export function voteDenominator(roster: readonly RosterMember[], absences: readonly Absence[]): VoteDenominator {
  const absent = indexAbsences(roster, absences);
  const voters: string[] = [];
  let denominator = 0;
  for (const member of roster) {
    if (member.status === 'probationary' || member.status === 'suspended') continue;
    const absence = absent.get(member.id);
    if (absence === undefined) {
      voters.push(member.id);
      denominator += 1;
    } else if (member.status === 'official' && !member.attendingElsewhere && !absence.excused) {
      denominator += 1;
    }
  }
  return { denominator, voters };
}

const FIELDS = ['for', 'against', 'abstain'] as const;
type VoteField = (typeof FIELDS)[number];
const FIELD_LABELS: Record<VoteField, string> = { for: 'tán thành', against: 'không tán thành', abstain: 'không biểu quyết' };

// Listed voters must be known ("unknown-member"), not probationary ("probationary-cannot-vote"), not suspended
// ("suspended-cannot-vote"), present ("absent-cannot-vote") and listed once across all options ("duplicate-vote").
// Counts must be non-negative integers ("invalid-count"); all votes together may not exceed the present voters
// ("more-votes-than-voters"). Messages can only name ids: the roster carries no names.
/** Checks a vote (counts or voters listed by id) against the roster and the absences. */
export function validateVote(
  tally: VoteTally | ListedVote,
  roster: readonly RosterMember[],
  absences: readonly Absence[],
): RuleIssue[] {
  const members = new Map<string, RosterMember>();
  for (const member of roster) {
    if (!members.has(member.id)) members.set(member.id, member);
  }
  const absent = indexAbsences(roster, absences);
  const { voters } = voteDenominator(roster, absences);
  const seen = new Set<string>();
  const issues: RuleIssue[] = [];
  let total = 0;
  let countsValid = true;

  for (const field of FIELDS) {
    const value: unknown = (tally as Partial<Record<VoteField, unknown>>)[field];
    const path = `vote.${field}`;
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      value.forEach((id: unknown, i) => {
        const issue = checkVoter(id, `${path}[${i}]`, members, absent, seen);
        if (issue) issues.push(issue);
      });
      total += value.length;
    } else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      total += value;
    } else {
      countsValid = false;
      issues.push(ruleIssue(path, 'invalid-count', `Số phiếu ${FIELD_LABELS[field]} phải là số nguyên không âm`));
    }
  }

  if (countsValid && total > voters.length) {
    issues.push(
      ruleIssue(
        'vote',
        'more-votes-than-voters',
        `Tổng số phiếu (${total}) vượt quá số đảng viên có mặt có quyền biểu quyết (${voters.length})`,
      ),
    );
  }
  return issues;
}

function checkVoter(
  id: unknown,
  path: string,
  members: ReadonlyMap<string, RosterMember>,
  absent: ReadonlyMap<string, Absence>,
  seen: Set<string>,
): RuleIssue | undefined {
  const key = String(id);
  const member = typeof id === 'string' ? members.get(id) : undefined;
  // Messages name the member ("Đồng chí Nguyễn Văn An"); an id that is not on the roster is quoted as given.
  const who = memberLabel(member ?? { id: key });
  // A repeat is reported once as a repeat; its first occurrence already carries any eligibility issue.
  if (seen.has(key)) {
    return ruleIssue(path, 'duplicate-vote', `${who} biểu quyết nhiều lần`);
  }
  seen.add(key);
  if (member === undefined) {
    return ruleIssue(path, 'unknown-member', `Không tìm thấy đảng viên “${key}” trong danh sách chi bộ`);
  }
  if (member.status === 'probationary') {
    return ruleIssue(path, 'probationary-cannot-vote', `${who} là đảng viên dự bị, không có quyền biểu quyết`);
  }
  if (member.status === 'suspended') {
    return ruleIssue(path, 'suspended-cannot-vote', `${who} đang bị đình chỉ sinh hoạt, không có quyền biểu quyết`);
  }
  if (absent.has(member.id)) {
    return ruleIssue(path, 'absent-cannot-vote', `${who} vắng mặt nên không thể biểu quyết`);
  }
  return undefined;
}

/** Options of {@link decideAdoption}. */
export interface AdoptionConfig {
  /** Share of the denominator the "for" votes are compared with. Default 0.5. */
  threshold?: number;
  /** True (default): "for" must exceed threshold × denominator; false: reaching it is enough. */
  strict?: boolean;
}

/** Outcome of a vote: whether it passed, the minimum number of "for" votes needed, and for / denominator. */
export interface AdoptionDecision {
  adopted: boolean;
  required: number;
  ratio: number;
}

// Products such as 0.7 × 10 come out as 6.999…; snap them so the "exactly at the threshold" case stays exact.
const EPSILON = 1e-9;

// At least one "for" vote is always required, so a vote with an empty denominator never passes.
/** Decides adoption: by default "for" votes must be strictly more than half of the denominator (QĐ 24 9.3.2). */
export function decideAdoption(tally: VoteTally, denominator: number, config: AdoptionConfig = {}): AdoptionDecision {
  const threshold = config.threshold ?? 0.5;
  const strict = config.strict ?? true;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new RangeError(`Invalid threshold ${threshold}: expected a share in (0, 1]`);
  }
  if (!Number.isInteger(denominator) || denominator < 0) {
    throw new RangeError(`Invalid denominator ${denominator}: expected a non-negative integer`);
  }
  for (const field of FIELDS) {
    const count = tally[field];
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`Invalid ${field} count ${count}: expected a non-negative integer`);
    }
  }
  const raw = threshold * denominator;
  const nearest = Math.round(raw);
  const bar = Math.abs(raw - nearest) < EPSILON ? nearest : raw;
  const required = Math.max(1, strict ? Math.floor(bar) + 1 : Math.ceil(bar));
  return {
    adopted: tally.for >= required,
    required,
    ratio: denominator === 0 ? 0 : tally.for / denominator,
  };
}

/** The adoption rules a committee can choose by name: QĐ 24's default and the two-thirds majority. */
export const VOTE_RULES = Object.freeze({
  /** "Quá một nửa": for > 1/2 of the denominator (resolutions; the default). */
  'more-than-half': Object.freeze({ threshold: 0.5, strict: true, label: 'Quá một nửa số đảng viên chính thức được tính biểu quyết' }),
  /** "Ít nhất hai phần ba": for ≥ 2/3 (admitting members, some personnel decisions). */
  'two-thirds': Object.freeze({ threshold: 2 / 3, strict: false, label: 'Ít nhất hai phần ba số đảng viên chính thức được tính biểu quyết' }),
});

/** The name of an adoption rule in {@link VOTE_RULES}. */
export type VoteRuleName = keyof typeof VOTE_RULES;

/** True when `x` names one of {@link VOTE_RULES}. */
export function isVoteRuleName(x: unknown): x is VoteRuleName {
  return typeof x === 'string' && Object.hasOwn(VOTE_RULES, x);
}

/** Decides adoption by a named rule (default "more-than-half"): the same as {@link decideAdoption} with its threshold. */
export function decideAdoptionByRule(tally: VoteTally, denominator: number, rule: VoteRuleName = 'more-than-half'): AdoptionDecision {
  const { threshold, strict } = VOTE_RULES[rule];
  return decideAdoption(tally, denominator, { threshold, strict });
}
