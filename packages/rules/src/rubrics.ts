import { ruleIssue, type RuleIssue } from './issue';

/** A session (or yearly) quality rating, as written in minutes and reports. */
export type Rating = 'Tốt' | 'Khá' | 'Trung bình' | 'Kém';

/** All ratings, best first; index order is the ranking used everywhere in this module. */
export const RATINGS: readonly Rating[] = Object.freeze(['Tốt', 'Khá', 'Trung bình', 'Kém'] as const);

/** A rating band of a marks rubric: a total of at least `min` earns `rating`. */
export interface Band {
  rating: Rating;
  min: number;
}

/** Default bands: Tốt ≥ 90, Khá ≥ 70, Trung bình ≥ 50, otherwise Kém. */
export const DEFAULT_BANDS: readonly Band[] = deepFreeze([
  { rating: 'Tốt', min: 90 },
  { rating: 'Khá', min: 70 },
  { rating: 'Trung bình', min: 50 },
  { rating: 'Kém', min: 0 },
]);

/**
 * A committee's condition "`rating` only with at least `min` marks on `criterion`": a band rating of `rating` or better
 * with fewer marks on the criterion is lowered to `otherwise` (a lower rating). `fullMarksForTop` is the case min = max.
 */
export interface MinMarksRule {
  criterion: string;
  min: number;
  rating: Rating;
  otherwise: Rating;
}

/** A {@link MinMarksRule} that lowered a score, with the mark the criterion got. */
export interface MinMarksCap extends MinMarksRule {
  mark: number;
}

/**
 * A score sheet with marks per criterion; `fullMarksForTop` caps the rating unless the listed criteria are full, and
 * each of `minMarks` caps it unless its criterion has at least its marks.
 */
export interface MarksRubric {
  id: string;
  kind: 'marks';
  title: string;
  criteria: Array<{ id: string; label: string; max: number }>;
  bands: Band[];
  /**
   * `rating`, when given, is the rating the condition is for: only a band rating of it or better is capped (as a
   * min-marks condition is); without it, every band rating above `capAt` is.
   */
  fullMarksForTop?: { criteria: string[]; capAt: Rating; rating?: Rating };
  minMarks?: MinMarksRule[];
}

/** A rubric where the scorers choose the rating directly. */
export interface RatingRubric {
  id: string;
  kind: 'rating';
  title: string;
  ratings: readonly Rating[];
}

/** Any score sheet a committee can configure. */
export type Rubric = MarksRubric | RatingRubric;

/** What scorers submit: marks per criterion id for a marks rubric, or a rating for a rating rubric. */
export interface ScoreInput {
  marks?: Record<string, number>;
  rating?: string;
}

/**
 * The result of scoring a session; `capped` is true when `fullMarksForTop` or a `minMarks` condition lowered the
 * rating, and `cappedBy` (present only when a `minMarks` condition did) lists those conditions, in the sheet's order.
 */
export interface SessionScore {
  total: number | null;
  rating: Rating;
  capped: boolean;
  cappedBy?: MinMarksCap[];
}

/** Phú Thọ weighted sheet (100 points): preparation 15, attendance 20, conduct 45, closing 20; default bands. */
export const phuTho100: MarksRubric = deepFreeze({
  id: 'phu-tho-100',
  kind: 'marks',
  title: 'Phú Thọ – thang điểm 100',
  criteria: [
    { id: 'preparation', label: 'Chuẩn bị', max: 15 },
    { id: 'attendance', label: 'Tham dự', max: 20 },
    { id: 'conduct', label: 'Tiến hành', max: 45 },
    { id: 'closing', label: 'Kết thúc', max: 20 },
  ],
  bands: [...DEFAULT_BANDS],
});

// The split of the 100 points is ours; the band rule (Tốt needs full marks on four criteria) is Bình Thuận's.
/** Bình Thuận sheet (100 points): Tốt only with full marks on attendance, duration, participation and minutes. */
export const binhThuan100: MarksRubric = deepFreeze({
  id: 'binh-thuan-100',
  kind: 'marks',
  title: 'Bình Thuận – thang điểm 100',
  criteria: [
    { id: 'preparation', label: 'Chuẩn bị', max: 20 },
    { id: 'attendance', label: 'Tham dự', max: 20 },
    { id: 'duration', label: 'Thời gian sinh hoạt', max: 10 },
    { id: 'participation', label: 'Tham gia phát biểu', max: 20 },
    { id: 'minutes', label: 'Biên bản', max: 10 },
    { id: 'principles', label: 'Nguyên tắc sinh hoạt', max: 10 },
    { id: 'results', label: 'Kết quả', max: 10 },
  ],
  bands: [...DEFAULT_BANDS],
  fullMarksForTop: { criteria: ['attendance', 'duration', 'participation', 'minutes'], capAt: 'Khá', rating: 'Tốt' },
});

/** Four-level sheet: the scorers choose Tốt, Khá, Trung bình or Kém directly. */
export const fourLevel: RatingRubric = deepFreeze({
  id: 'four-level',
  kind: 'rating',
  title: 'Xếp loại bốn mức',
  ratings: RATINGS,
});

/** The highest possible total of a marks rubric (sum of maxima); null for a rating rubric. */
export function rubricMaxTotal(rubric: Rubric): number | null {
  return rubric.kind === 'marks' ? roundScore(rubric.criteria.reduce((sum, criterion) => sum + criterion.max, 0)) : null;
}

// Marks rubric: every criterion present ("required", `marks.<id>`), a finite number ("invalid"), not negative ("min"),
// not above its maximum ("max"), no unknown criterion ("unknown-criterion"). Rating rubric: a rating from the rubric
// ("invalid-rating", `rating`). A field the rubric does not use gets "not-applicable" on that field.
/** Validates scorers' input against a rubric and returns every issue found. */
export function validateScore(rubric: Rubric, input: ScoreInput): RuleIssue[] {
  return rubric.kind === 'marks' ? validateMarks(rubric, input) : validateRating(rubric, input);
}

// Throws a RangeError listing the issues when the input is invalid: call `validateScore` first to show them.
/** Scores a session: total and band rating (with the `fullMarksForTop` and `minMarks` caps) for marks, or the chosen rating. */
export function scoreSession(rubric: Rubric, input: ScoreInput): SessionScore {
  const issues = validateScore(rubric, input);
  if (issues.length > 0) {
    throw new RangeError(`Invalid score for rubric "${rubric.id}": ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
  if (rubric.kind === 'rating') {
    return { total: null, rating: input.rating as Rating, capped: false };
  }
  const marks = input.marks ?? {};
  const total = totalOf(rubric, marks);
  const banded = bandFor(total, rubric.bands);
  let rating = banded;
  const cap = rubric.fullMarksForTop;
  if (cap !== undefined && fullMarksShortfall(rubric, marks, banded).length > 0) rating = cap.capAt;
  const short = minMarksShortfall(rubric, marks, banded);
  for (const condition of short) if (rank(condition.otherwise) > rank(rating)) rating = condition.otherwise;
  if (short.length > 0) return { total, rating, capped: true, cappedBy: short };
  return { total, rating, capped: rating !== banded };
}

// Only the criteria of a cap that applied: the band rating is above `capAt` (and, with the condition's `rating`, that
// rating or better) and these are short of full marks.
/** The criteria (ids) that kept a marks score from its band rating under `fullMarksForTop`; empty when it did not cap. */
export function fullMarksShortfall(rubric: MarksRubric, marks: Readonly<Record<string, number>>, banded: Rating = bandFor(totalOf(rubric, marks), rubric.bands)): string[] {
  const cap = rubric.fullMarksForTop;
  if (cap === undefined || rank(banded) >= rank(cap.capAt)) return [];
  if (cap.rating !== undefined && rank(banded) > rank(cap.rating)) return [];
  return cap.criteria.filter((id) => {
    const criterion = rubric.criteria.find((c) => c.id === id);
    return criterion === undefined || marks[id] !== criterion.max;
  });
}

// A condition applies to a band rating at or above its own, and caps only when its `otherwise` is lower than that.
function minMarksShortfall(rubric: MarksRubric, marks: Readonly<Record<string, number>>, banded: Rating): MinMarksCap[] {
  return (rubric.minMarks ?? [])
    .filter((c) => rank(banded) <= rank(c.rating) && rank(c.otherwise) > rank(banded) && (marks[c.criterion] ?? 0) < c.min)
    .map((c) => ({ criterion: c.criterion, min: c.min, rating: c.rating, otherwise: c.otherwise, mark: marks[c.criterion] ?? 0 }));
}

function totalOf(rubric: MarksRubric, marks: Readonly<Record<string, number>>): number {
  return roundScore(rubric.criteria.reduce((sum, criterion) => sum + (marks[criterion.id] ?? 0), 0));
}

/** Options of {@link annualRating}: the committee's year rule (defaults are Phú Thọ's). */
export interface AnnualRatingConfig {
  /** Minimum number of sessions rated Tốt for a Tốt year (Phú Thọ: 7). */
  minTot: number;
  /** Every session must be rated at least this for a Tốt year. Default Khá. */
  totFloor?: Rating;
  /** Every session must be rated at least this for a Khá year. Default Trung bình. */
  khaFloor?: Rating;
}

// Our reading of the Phú Thọ rule (only the Tốt condition is sourced): Tốt when every session is `totFloor` (Khá) or
// better and at least `minTot` are Tốt; otherwise Khá when every session is `khaFloor` (Trung bình) or better;
// otherwise the worst session rating, which with the defaults is Kém (so a year is never Trung bình under this reading).
// No sessions at all is Kém here; `rateYear` (year.ts) refuses such a year instead, naming the field and the rule.
/** A cell's yearly rating from its session ratings (Phú Thọ rule by default; see our reading above). */
export function annualRating(sessionRatings: readonly Rating[], config: AnnualRatingConfig = { minTot: 7 }): Rating {
  if (!Number.isInteger(config.minTot) || config.minTot < 0) {
    throw new RangeError(`Invalid minTot ${config.minTot}: expected a non-negative integer`);
  }
  const totFloor = config.totFloor ?? 'Khá';
  const khaFloor = config.khaFloor ?? 'Trung bình';
  for (const rating of [...sessionRatings, totFloor, khaFloor]) {
    if (!RATINGS.includes(rating)) throw new RangeError(`Unknown rating "${String(rating)}"`);
  }
  if (sessionRatings.length === 0) return 'Kém';
  const worst = sessionRatings.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  const tot = sessionRatings.filter((rating) => rating === 'Tốt').length;
  if (rank(worst) <= rank(totFloor) && tot >= config.minTot) return 'Tốt';
  if (rank(worst) <= rank(khaFloor)) return 'Khá';
  return worst;
}

function validateMarks(rubric: MarksRubric, input: ScoreInput): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (input.rating !== undefined) {
    issues.push(ruleIssue('rating', 'not-applicable', `Thang điểm “${rubric.title}” chấm điểm theo tiêu chí, không chọn xếp loại trực tiếp`));
  }
  const marks: Record<string, unknown> = input.marks ?? {};
  for (const criterion of rubric.criteria) {
    const path = `marks.${criterion.id}`;
    const value = Object.hasOwn(marks, criterion.id) ? marks[criterion.id] : undefined;
    if (value === undefined || value === null) {
      issues.push(ruleIssue(path, 'required', `Chưa nhập điểm tiêu chí “${criterion.label}”`));
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push(ruleIssue(path, 'invalid', `Điểm tiêu chí “${criterion.label}” không phải là số hợp lệ`));
    } else if (value < 0) {
      issues.push(ruleIssue(path, 'min', `Điểm tiêu chí “${criterion.label}” không được âm`, { origin: 'number', minimum: 0 }));
    } else if (value > criterion.max) {
      issues.push(ruleIssue(path, 'max', `Điểm tiêu chí “${criterion.label}” vượt quá tối đa ${formatNumber(criterion.max)}`, { origin: 'number', maximum: criterion.max }));
    }
  }
  const known = new Set(rubric.criteria.map((criterion) => criterion.id));
  for (const key of Object.keys(marks)) {
    if (!known.has(key)) {
      issues.push(ruleIssue(`marks.${key}`, 'unknown-criterion', `Tiêu chí “${key}” không có trong thang điểm “${rubric.title}”`));
    }
  }
  return issues;
}

function validateRating(rubric: RatingRubric, input: ScoreInput): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (input.marks !== undefined) {
    issues.push(ruleIssue('marks', 'not-applicable', `Thang “${rubric.title}” xếp loại trực tiếp, không chấm điểm theo tiêu chí`));
  }
  const rating = input.rating;
  if (rating === undefined || rating === '') {
    issues.push(ruleIssue('rating', 'invalid-rating', 'Chưa chọn xếp loại'));
  } else if (!(rubric.ratings as readonly string[]).includes(rating)) {
    issues.push(ruleIssue('rating', 'invalid-rating', `Xếp loại “${rating}” không hợp lệ; chọn một trong: ${rubric.ratings.join(', ')}`));
  }
  return issues;
}

function bandFor(total: number, bands: readonly Band[]): Rating {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((band) => total >= band.min)?.rating ?? worstRating();
}

function rank(rating: Rating): number {
  return RATINGS.indexOf(rating);
}

function worstRating(): Rating {
  return RATINGS[RATINGS.length - 1] ?? 'Kém';
}

/** Sums of fractional marks (7.5 + 0.1 …) drift; six decimals is far finer than any score sheet. */
function roundScore(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** 20 → "20", 7.5 → "7,5" (Vietnamese decimal comma). */
function formatNumber(value: number): string {
  return String(value).replace('.', ',');
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
