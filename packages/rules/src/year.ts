import { memberLabel, type RosterMember } from './attendance';
import { ruleIssue, type RuleIssue } from './issue';
import { annualRating, RATINGS, type Rating } from './rubrics';
import { compareInstants } from './time';

/** Regular (thường kỳ, monthly) or thematic (chuyên đề) session. */
export type YearSessionKind = 'regular' | 'thematic';

/** One session of a cell's year as the year rules see it. */
export interface YearSession {
  /** Stable id (the procedure instance id, or a scenario's session key); named in results. */
  id: string;
  kind: YearSessionKind;
  /** When it was held: an ISO instant with an offset. Sessions are taken in this order (then by id). */
  heldAt: string;
  /** The session's quality rating; null while it has not been scored (it is then left out of the year rating). */
  rating?: Rating | null;
  /**
   * Members absent from it, excused or not (HD 12 counts both). Leave out members who were not expected (exempt,
   * suspended): a session they were not expected at neither extends nor breaks their run.
   */
  absent?: readonly string[];
  /** Members not expected at this session (exempt, suspended, not yet admitted); see `absent`. */
  notExpected?: readonly string[];
  /** A short label for pages ("Thường kỳ tháng 3"); optional. */
  title?: string;
}

/** A committee's year rule; every field has the Phú Thọ default (see {@link DEFAULT_YEAR_RULE}). */
export interface YearRule {
  /** Sessions rated Tốt needed for a Tốt year. Default 7. */
  minTot: number;
  /** Every rated session must be at least this for a Tốt year. Default Khá. */
  totFloor: Rating;
  /** Every rated session must be at least this for a Khá year. Default Trung bình. */
  khaFloor: Rating;
  /** A member absent from more than this many sessions in a row gets `absence-consecutive`. Default 3. */
  maxConsecutiveAbsences: number;
}

/** Phú Thọ's year rule (DOMAIN.md) and HD 12's "not absent more than 3 times in a row". */
export const DEFAULT_YEAR_RULE: Readonly<YearRule> = Object.freeze({
  minTot: 7,
  totFloor: 'Khá',
  khaFloor: 'Trung bình',
  maxConsecutiveAbsences: 3,
});

/** Thrown by the year rules on input they cannot rate; `issues` name the field and the rule (the API answers 422). */
export class YearRuleError extends Error {
  constructor(readonly issues: readonly RuleIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message} (${issue.rule})`).join('; '));
    this.name = 'YearRuleError';
  }
}

/** One session as the year rating used it: counted or not, and why. */
export interface YearRatingSession {
  id: string;
  kind: YearSessionKind;
  heldAt: string;
  title?: string;
  rating: Rating | null;
  /** False for a session not yet scored. */
  counted: boolean;
  /** True when this session decided the result (below a floor, or one of the Tốt sessions of a Tốt year). */
  decisive: boolean;
}

/** What a ground of the year's rating says (see {@link YearReason}); a page words it in its language. */
export type YearReasonCode = 'rated-counts' | 'unrated' | 'tot-enough' | 'tot-short' | 'all-above-floor' | 'below-tot-floor' | 'below-kha-floor';

/** A session a ground names (one below a floor): what a page needs to name it in its language. */
export interface YearReasonSession {
  id: string;
  kind: YearSessionKind;
  heldAt: string;
  title?: string;
  rating: Rating;
}

/**
 * One ground of the year's rating as data (ADR 0034): its code, the numbers and ratings it names, the sessions it
 * names, and its Vietnamese sentence (`message`, what `reasons` lists).
 */
export interface YearReason {
  code: YearReasonCode;
  params: Readonly<Record<string, string | number>>;
  sessions?: readonly YearReasonSession[];
  message: string;
}

/** The year's session-quality rating, with the sessions it came from and the reasons in Vietnamese. */
export interface YearRating {
  rating: Rating;
  rule: YearRule;
  /** Every session of the year in order. */
  sessions: YearRatingSession[];
  /** How many counted sessions got each rating. */
  counts: Record<Rating, number>;
  /** Sentences a page shows under the rating, e.g. "Có 8 buổi xếp loại Tốt (cần ít nhất 7)": the grounds' messages. */
  reasons: string[];
  /** The same reasons as data, for a page to word them in its language. */
  grounds: YearReason[];
}

/** An `absence-consecutive` finding: the member, how many sessions in a row, which ones. */
export interface ConsecutiveAbsenceFinding {
  code: 'absence-consecutive';
  member: string;
  /** The member's name when the roster has it. */
  name?: string;
  count: number;
  /** The rule's limit the run exceeds (`maxConsecutiveAbsences`). */
  limit: number;
  /** Ids of the sessions of the run, in order. */
  sessions: string[];
  /** "Đồng chí Nguyễn Văn An vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)". */
  detail: string;
}

/** The fields of a year rule as its messages name them (the field's code travels in `params.field`). */
const YEAR_RULE_FIELDS: Readonly<Record<keyof YearRule, string>> = {
  minTot: 'Số buổi Tốt tối thiểu để năm xếp loại Tốt',
  totFloor: 'Mức thấp nhất của mọi buổi để năm xếp loại Tốt',
  khaFloor: 'Mức thấp nhất của mọi buổi để năm xếp loại Khá',
  maxConsecutiveAbsences: 'Số buổi vắng liên tiếp tối đa',
};

/**
 * What a committee may not save although the rating rules could run it (checked when the rule is set, not when a year
 * is rated, so a rule saved before still rates): a Khá floor above the Tốt floor (`floor-order`). The year's Khá is
 * decided by its worst session alone, so such a rule would ask more of a Khá year than of a Tốt one.
 */
export function yearRuleSaveIssues(rule: YearRule): RuleIssue[] {
  if (RATINGS.indexOf(rule.khaFloor) >= RATINGS.indexOf(rule.totFloor)) return [];
  return [
    ruleIssue('rule.khaFloor', 'floor-order', `${YEAR_RULE_FIELDS.khaFloor} (${rule.khaFloor}) không được cao hơn ${YEAR_RULE_FIELDS.totFloor.charAt(0).toLowerCase()}${YEAR_RULE_FIELDS.totFloor.slice(1)} (${rule.totFloor})`, {
      field: 'khaFloor',
      khaFloor: rule.khaFloor,
      totFloor: rule.totFloor,
    }),
  ];
}

/** Merges a committee's overrides into {@link DEFAULT_YEAR_RULE} and checks them (path `rule.<field>`). */
export function resolveYearRule(overrides: Partial<YearRule> = {}): YearRule {
  const rule: YearRule = { ...DEFAULT_YEAR_RULE };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (rule as unknown as Record<string, unknown>)[key] = value;
  }
  const issues: RuleIssue[] = [];
  for (const key of ['minTot', 'maxConsecutiveAbsences'] as const) {
    if (!Number.isInteger(rule[key]) || rule[key] < 0) {
      issues.push(ruleIssue(`rule.${key}`, 'non-negative-integer', `${YEAR_RULE_FIELDS[key]} phải là số nguyên không âm`, { field: key }));
    }
  }
  for (const key of ['totFloor', 'khaFloor'] as const) {
    if (!RATINGS.includes(rule[key])) {
      issues.push(ruleIssue(`rule.${key}`, 'invalid-rating', `${YEAR_RULE_FIELDS[key]} phải là một trong: ${RATINGS.join(', ')}`, { field: key, values: RATINGS.join(', ') }));
    }
  }
  if (issues.length > 0) throw new YearRuleError(issues);
  return rule;
}

/** The sessions in the order the year rules take them: by `heldAt`, then by id; checks ids, instants and ratings. */
export function orderYearSessions<T extends YearSession>(sessions: readonly T[]): T[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  sessions.forEach((session, i) => {
    if (typeof session.id !== 'string' || session.id === '') {
      issues.push(ruleIssue(`sessions[${i}].id`, 'required', 'Buổi sinh hoạt thiếu mã'));
    } else if (seen.has(session.id)) {
      issues.push(ruleIssue(`sessions[${i}].id`, 'duplicate', `Buổi sinh hoạt “${session.id}” được kê hai lần`));
    }
    seen.add(session.id);
    if (session.kind !== 'regular' && session.kind !== 'thematic') {
      issues.push(ruleIssue(`sessions[${i}].kind`, 'invalid-kind', 'Loại buổi sinh hoạt phải là “regular” hoặc “thematic”'));
    }
    if (typeof session.heldAt !== 'string' || Number.isNaN(Date.parse(session.heldAt))) {
      issues.push(ruleIssue(`sessions[${i}].heldAt`, 'invalid-instant', 'Thời điểm sinh hoạt không hợp lệ'));
    }
    if (session.rating !== undefined && session.rating !== null && !RATINGS.includes(session.rating)) {
      issues.push(ruleIssue(`sessions[${i}].rating`, 'invalid-rating', `Xếp loại “${String(session.rating)}” không hợp lệ`));
    }
  });
  if (issues.length > 0) throw new YearRuleError(issues);
  return [...sessions].sort((a, b) => compareInstants(a.heldAt, b.heldAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// A year with no session, or with no scored session, cannot be rated: that is an error naming `sessions` and the
// rule (`year-without-sessions`, `year-without-rated-sessions`), not a Kém a page would show as if it were a rating.
/** Rates a cell's year from its sessions (regular and thematic) by the committee's rule (default Phú Thọ). */
export function rateYear(sessions: readonly YearSession[], overrides: Partial<YearRule> = {}): YearRating {
  const rule = resolveYearRule(overrides);
  if (sessions.length === 0) {
    throw new YearRuleError([
      ruleIssue('sessions', 'year-without-sessions', 'Năm được hỏi không có buổi sinh hoạt nào nên không thể xếp loại chất lượng sinh hoạt của năm'),
    ]);
  }
  const ordered = orderYearSessions(sessions);
  const rated = ordered.filter((session): session is YearSession & { rating: Rating } => session.rating != null);
  if (rated.length === 0) {
    throw new YearRuleError([
      ruleIssue('sessions', 'year-without-rated-sessions', 'Chưa có buổi sinh hoạt nào của năm được chấm điểm, xếp loại'),
    ]);
  }
  const ratings = rated.map((session) => session.rating);
  const rating = annualRating(ratings, { minTot: rule.minTot, totFloor: rule.totFloor, khaFloor: rule.khaFloor });
  const counts = Object.fromEntries(RATINGS.map((r) => [r, ratings.filter((x) => x === r).length])) as Record<Rating, number>;

  const below = (floor: Rating) => (session: YearSession & { rating: Rating }) => rank(session.rating) > rank(floor);
  const belowTot = rated.filter(below(rule.totFloor));
  const belowKha = rated.filter(below(rule.khaFloor));
  const decisive = new Set<string>(
    rating === 'Tốt' ? rated.filter((s) => s.rating === 'Tốt').map((s) => s.id) : (belowKha.length > 0 ? belowKha : belowTot).map((s) => s.id),
  );

  const grounds: YearReason[] = [];
  const ground = (code: YearReasonCode, params: YearReason['params'], message: string, named?: readonly (YearSession & { rating: Rating })[]) =>
    grounds.push({ code, params, ...(named ? { sessions: named.map(reasonSession) } : {}), message });
  ground(
    'rated-counts',
    { rated: rated.length, tot: counts['Tốt'], kha: counts['Khá'], trungBinh: counts['Trung bình'], kem: counts['Kém'] },
    `${rated.length} buổi sinh hoạt đã xếp loại: ${RATINGS.map((r) => `${counts[r]} ${r}`).join(', ')}`,
  );
  const unrated = ordered.length - rated.length;
  if (unrated > 0) ground('unrated', { unrated }, `${unrated} buổi chưa chấm điểm, không tính vào xếp loại năm`);
  if (counts['Tốt'] >= rule.minTot) ground('tot-enough', { tot: counts['Tốt'], minTot: rule.minTot }, `Có ${counts['Tốt']} buổi xếp loại Tốt (cần ít nhất ${rule.minTot})`);
  else ground('tot-short', { tot: counts['Tốt'], minTot: rule.minTot }, `Chỉ có ${counts['Tốt']} buổi xếp loại Tốt, chưa đủ ${rule.minTot} buổi để năm xếp loại Tốt`);
  if (belowTot.length === 0) ground('all-above-floor', { floor: rule.totFloor }, `Mọi buổi đều xếp loại ${rule.totFloor} trở lên`);
  else ground('below-tot-floor', { count: belowTot.length, floor: rule.totFloor }, `${belowTot.length} buổi xếp loại dưới ${rule.totFloor}: ${belowTot.map(sessionName).join('; ')}`, belowTot);
  if (rating !== 'Tốt' && belowKha.length > 0) {
    ground('below-kha-floor', { count: belowKha.length, floor: rule.khaFloor }, `${belowKha.length} buổi xếp loại dưới ${rule.khaFloor}, nên năm không đạt Khá`);
  }

  return {
    rating,
    rule,
    sessions: ordered.map((session) => ({
      id: session.id,
      kind: session.kind,
      heldAt: session.heldAt,
      ...(session.title !== undefined ? { title: session.title } : {}),
      rating: session.rating ?? null,
      counted: session.rating != null,
      decisive: decisive.has(session.id),
    })),
    counts,
    reasons: grounds.map((g) => g.message),
    grounds,
  };
}

// Runs are counted over the sessions the member was expected at, in order; a session the member was not expected at
// (listed in `notExpected`) is skipped. Each run longer than the limit is one finding, so a member absent from four
// sessions in spring and five in autumn gets two. Findings come in order of the run's first session, then member id.
/** `absence-consecutive` findings: every member absent (even excused) from more than N sessions in a row. */
export function consecutiveAbsenceFindings(
  sessions: readonly YearSession[],
  options: { maxConsecutiveAbsences?: number; roster?: readonly Pick<RosterMember, 'id' | 'name'>[] } = {},
): ConsecutiveAbsenceFinding[] {
  const { maxConsecutiveAbsences: limit } = resolveYearRule({ maxConsecutiveAbsences: options.maxConsecutiveAbsences });
  const ordered = orderYearSessions(sessions);
  const names = new Map((options.roster ?? []).map((member) => [member.id, member.name]));
  const runs = new Map<string, string[]>();
  const found: Array<ConsecutiveAbsenceFinding & { start: number }> = [];
  const close = (member: string) => {
    const run = runs.get(member);
    runs.delete(member);
    if (run === undefined || run.length <= limit) return;
    const name = names.get(member);
    found.push({
      code: 'absence-consecutive',
      member,
      ...(name ? { name } : {}),
      count: run.length,
      limit,
      sessions: run,
      detail: `${memberLabel({ id: member, name })} vắng mặt ${run.length} buổi sinh hoạt liên tiếp (quá ${limit} buổi)`,
      start: ordered.findIndex((s) => s.id === run[0]),
    });
  };
  for (const session of ordered) {
    const absent = new Set(session.absent ?? []);
    const skipped = new Set(session.notExpected ?? []);
    for (const member of absent) {
      if (skipped.has(member)) continue;
      const run = runs.get(member) ?? [];
      run.push(session.id);
      runs.set(member, run);
    }
    for (const member of [...runs.keys()]) {
      if (!absent.has(member) && !skipped.has(member)) close(member);
    }
  }
  for (const member of [...runs.keys()]) close(member);
  return found
    .sort((a, b) => a.start - b.start || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0))
    .map(({ start: _start, ...finding }) => finding);
}

/** Each member's current run of consecutive absences after the last session (feeds `assessSessionQuality`). */
export function consecutiveAbsenceCounts(sessions: readonly YearSession[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const session of orderYearSessions(sessions)) {
    const absent = new Set(session.absent ?? []);
    const skipped = new Set(session.notExpected ?? []);
    for (const member of absent) if (!skipped.has(member)) counts.set(member, (counts.get(member) ?? 0) + 1);
    for (const member of [...counts.keys()]) if (!absent.has(member) && !skipped.has(member)) counts.delete(member);
  }
  return Object.fromEntries(counts);
}

function reasonSession(session: YearSession & { rating: Rating }): YearReasonSession {
  return { id: session.id, kind: session.kind, heldAt: session.heldAt, ...(session.title !== undefined ? { title: session.title } : {}), rating: session.rating };
}

function sessionName(session: YearSession & { rating: Rating }): string {
  return `${session.title ?? session.id} (${session.rating})`;
}

function rank(rating: Rating): number {
  return RATINGS.indexOf(rating);
}
