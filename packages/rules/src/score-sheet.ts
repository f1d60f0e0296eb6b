import { ruleIssue, type RuleIssue } from './issue';
import { binhThuan100, fourLevel, phuTho100, RATINGS, type MarksRubric, type MinMarksRule, type Rating, type RatingRubric, type Rubric } from './rubrics';

/**
 * A rating band of a committee's sheet as a range of totals: from `min` (included) up to `max` (excluded), except the
 * top band, which includes the sheet's maximum. Bands must cover 0 … the sheet's maximum with no gap and no overlap.
 */
export interface SheetBand {
  rating: Rating;
  min: number;
  max: number;
}

/** Bình Thuận's kind of condition: a total in the `rating` band earns it only with full marks on `criteria`. */
export interface FullMarksCondition {
  kind: 'full-marks';
  rating: Rating;
  criteria: string[];
  /** The rating given instead. */
  otherwise: Rating;
}

/**
 * A committee's condition on one criterion: a total in the `rating` band or above earns it only with at least `min`
 * marks on `criterion` (0 … that criterion's maximum), else `otherwise` — e.g. "Tốt chỉ khi tiêu chí Nội dung đạt từ
 * 18/20 điểm, nếu không: Khá". A sheet may have several.
 */
export interface MinMarksCondition {
  kind: 'min-marks';
  rating: Rating;
  criterion: string;
  min: number;
  /** The rating given instead (lower than `rating`). */
  otherwise: Rating;
}

/** A condition of a marks sheet: at most one `full-marks`, any number of `min-marks`. */
export type SheetCondition = FullMarksCondition | MinMarksCondition;

/** A score sheet a committee defines: marks per criterion with bands, or a rating chosen directly. */
export type ScoreSheetDefinition =
  | { kind: 'marks'; title: string; criteria: Array<{ id: string; label: string; max: number }>; bands: SheetBand[]; conditions?: SheetCondition[] }
  | { kind: 'rating'; title: string; ratings?: Rating[] };

const CODE = /^[a-z0-9][a-z0-9-]{0,59}$/;

// Every issue names its field: `title`, a field the sheet does not have (`unknown-field`, at its path), a rating
// sheet's `ratings` (invalid-rating) and `ratings[i]` (a rating listed twice: duplicate-choice),
// `criteria[i].id|label|max` (`duplicate`, `duplicate-label`, `positive`),
// `bands[i].rating|min|max` (rules `bands-start`,
// `bands-gap`, `bands-overlap`, `bands-end`, `band-empty`, `duplicate-rating`), `conditions[i].…` (a `min-marks`
// condition: `criterion` unknown-criterion, `min` invalid / min / max (0 … the criterion's maximum), `rating` and
// `otherwise` invalid-rating / not-in-sheet (a rating of the sheet's bands), `otherwise` not-lower).
/**
 * Rules checked when a sheet is saved but not on a sheet already saved and pinned: added after sheets were first
 * saved, they must not make an older pinned sheet (in a published procedure or a running instance) unreadable.
 */
export const SAVE_ONLY_SHEET_RULES: readonly string[] = Object.freeze(['duplicate-label', 'unknown-field', 'duplicate-choice']);

/** Checks a committee's sheet and returns every problem found (none: the sheet can be saved). */
export function validateScoreSheet(input: unknown): RuleIssue[] {
  return checkSheet(input);
}

/** The problems that make a saved sheet unusable for scoring (`validateScoreSheet` without SAVE_ONLY_SHEET_RULES). */
export function pinnedSheetIssues(input: unknown): RuleIssue[] {
  return checkSheet(input).filter((issue) => !SAVE_ONLY_SHEET_RULES.includes(issue.rule));
}

function checkSheet(input: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [ruleIssue('', 'invalid-type', 'Phiếu chấm điểm phải là một đối tượng')];
  const sheet = input as Record<string, unknown>;
  if (typeof sheet['title'] !== 'string' || sheet['title'].trim() === '') issues.push(ruleIssue('title', 'required', 'Phiếu chấm điểm cần có tên'));
  // What a sheet is saved as is what it says: a field the sheet does not have would be kept with it, unread.
  issues.push(...unknownFields(sheet, '', sheet['kind'] === 'rating' ? ['kind', 'title', 'ratings'] : ['kind', 'title', 'criteria', 'bands', 'conditions']));
  if (Array.isArray(sheet['criteria'])) sheet['criteria'].forEach((c, i) => issues.push(...unknownFields(c, `criteria[${i}]`, ['id', 'label', 'max'])));
  if (Array.isArray(sheet['bands'])) sheet['bands'].forEach((b, i) => issues.push(...unknownFields(b, `bands[${i}]`, ['rating', 'min', 'max'])));
  if (Array.isArray(sheet['conditions'])) {
    sheet['conditions'].forEach((c, i) => {
      const minMarks = typeof c === 'object' && c !== null && (c as Record<string, unknown>)['kind'] === 'min-marks';
      issues.push(...unknownFields(c, `conditions[${i}]`, minMarks ? ['kind', 'rating', 'criterion', 'min', 'otherwise'] : ['kind', 'rating', 'criteria', 'otherwise']));
    });
  }
  if (sheet['kind'] === 'rating') {
    const ratings = sheet['ratings'];
    if (ratings !== undefined && (!Array.isArray(ratings) || ratings.length === 0 || ratings.some((r) => !RATINGS.includes(r as Rating)))) {
      issues.push(ruleIssue('ratings', 'invalid-rating', `Các mức xếp loại phải thuộc: ${RATINGS.join(', ')}`));
    } else if (Array.isArray(ratings)) {
      ratings.forEach((r, i) => {
        if (ratings.indexOf(r) < i) issues.push(ruleIssue(`ratings[${i}]`, 'duplicate-choice', `Mức xếp loại “${String(r)}” được kê hai lần`, { rating: String(r) }));
      });
    }
    return issues;
  }
  if (sheet['kind'] !== 'marks') return [...issues, ruleIssue('kind', 'invalid-kind', 'Loại phiếu phải là “marks” (chấm điểm) hoặc “rating” (xếp loại trực tiếp)')];

  const criteria = Array.isArray(sheet['criteria']) ? (sheet['criteria'] as unknown[]) : null;
  if (!criteria || criteria.length === 0) issues.push(ruleIssue('criteria', 'required', 'Phiếu chấm điểm cần ít nhất một tiêu chí'));
  const ids = new Map<string, number>();
  // Messages name a criterion by its label ("Tiến hành"), the data by its code.
  const labels = new Map<string, string>();
  // Two criteria of one name could not be told apart on the score form or in a message (case and spaces aside).
  const names = new Set<string>();
  let total = 0;
  (criteria ?? []).forEach((raw, i) => {
    const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const id = c['id'];
    if (typeof id !== 'string' || !CODE.test(id)) {
      issues.push(ruleIssue(`criteria[${i}].id`, 'invalid-code', 'Mã tiêu chí chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang'));
    } else if (ids.has(id)) {
      issues.push(ruleIssue(`criteria[${i}].id`, 'duplicate', `Mã tiêu chí “${id}” bị trùng`, { criterion: id }));
    } else {
      ids.set(id, typeof c['max'] === 'number' ? c['max'] : 0);
      if (typeof c['label'] === 'string' && c['label'].trim() !== '') labels.set(id, c['label'].trim());
    }
    if (typeof c['label'] !== 'string' || c['label'].trim() === '') {
      issues.push(ruleIssue(`criteria[${i}].label`, 'required', 'Tiêu chí cần có tên'));
    } else {
      const label = c['label'].trim();
      const name = label.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ');
      if (names.has(name)) issues.push(ruleIssue(`criteria[${i}].label`, 'duplicate-label', `Tên tiêu chí “${label}” bị trùng`, { label }));
      names.add(name);
    }
    const max = c['max'];
    if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) {
      issues.push(ruleIssue(`criteria[${i}].max`, 'positive', 'Điểm tối đa của tiêu chí phải là số dương'));
    } else {
      total += max;
    }
  });
  total = Math.round(total * 1e6) / 1e6;

  const bands = Array.isArray(sheet['bands']) ? (sheet['bands'] as unknown[]) : null;
  if (!bands || bands.length === 0) {
    issues.push(ruleIssue('bands', 'required', 'Phiếu chấm điểm cần các khung xếp loại'));
  } else {
    issues.push(...validateBands(bands, total));
  }

  const conditions = sheet['conditions'];
  if (conditions !== undefined) {
    if (!Array.isArray(conditions)) {
      issues.push(ruleIssue('conditions', 'invalid-type', 'Điều kiện phải là một danh sách'));
    } else {
      const fullMarks = conditions.filter((c: unknown) => typeof c !== 'object' || c === null || (c as Record<string, unknown>)['kind'] !== 'min-marks');
      if (fullMarks.length > 1) issues.push(ruleIssue('conditions', 'max-one', 'Mỗi phiếu có tối đa một điều kiện “đủ điểm tối đa”'));
      const rated = new Set((bands ?? []).map((b) => (typeof b === 'object' && b !== null ? (b as Record<string, unknown>)['rating'] : undefined)).filter((r): r is Rating => RATINGS.includes(r as Rating)));
      conditions.forEach((raw, i) => {
        const minMarks = typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)['kind'] === 'min-marks';
        issues.push(...(minMarks ? validateMinMarks(raw as Record<string, unknown>, `conditions[${i}]`, ids, labels, rated) : validateCondition(raw, `conditions[${i}]`, ids)));
      });
    }
  }
  return issues;
}

/** The fields of `value` (an object) that are not in `known`, each an `unknown-field` issue at its path. */
function unknownFields(value: unknown, path: string, known: readonly string[]): RuleIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ruleIssue(path ? `${path}.${key}` : key, 'unknown-field', `Phiếu chấm điểm không có trường “${key}”`, { field: key }));
}

function validateBands(bands: unknown[], total: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  const parsed: Array<{ i: number; min: number; max: number }> = [];
  bands.forEach((raw, i) => {
    const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (!RATINGS.includes(b['rating'] as Rating)) {
      issues.push(ruleIssue(`bands[${i}].rating`, 'invalid-rating', `Xếp loại phải là một trong: ${RATINGS.join(', ')}`));
    } else if (seen.has(b['rating'] as string)) {
      issues.push(ruleIssue(`bands[${i}].rating`, 'duplicate-rating', `Xếp loại “${String(b['rating'])}” có hai khung điểm`, { rating: String(b['rating']) }));
    }
    seen.add(String(b['rating']));
    const min = b['min'];
    const max = b['max'];
    const okMin = typeof min === 'number' && Number.isFinite(min);
    const okMax = typeof max === 'number' && Number.isFinite(max);
    if (!okMin) issues.push(ruleIssue(`bands[${i}].min`, 'invalid', 'Cận dưới của khung điểm phải là số'));
    if (!okMax) issues.push(ruleIssue(`bands[${i}].max`, 'invalid', 'Cận trên của khung điểm phải là số'));
    if (okMin && okMax) {
      if (max <= min) issues.push(ruleIssue(`bands[${i}].max`, 'band-empty', 'Cận trên của khung điểm phải lớn hơn cận dưới'));
      else parsed.push({ i, min, max });
    }
  });
  if (issues.length > 0) return issues;
  const sorted = [...parsed].sort((a, b) => a.min - b.min);
  const first = sorted[0]!;
  if (first.min !== 0) issues.push(ruleIssue(`bands[${first.i}].min`, 'bands-start', `Khung điểm thấp nhất phải bắt đầu từ 0 (đang bắt đầu từ ${num(first.min)})`, { min: first.min }));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (cur.min > prev.max) {
      issues.push(ruleIssue(`bands[${cur.i}].min`, 'bands-gap', `Các khung điểm bỏ trống từ ${num(prev.max)} đến dưới ${num(cur.min)} điểm`, { from: prev.max, to: cur.min }));
    } else if (cur.min < prev.max) {
      issues.push(ruleIssue(`bands[${cur.i}].min`, 'bands-overlap', `Các khung điểm chồng lên nhau từ ${num(cur.min)} đến dưới ${num(prev.max)} điểm`, { from: cur.min, to: prev.max }));
    }
  }
  const last = sorted[sorted.length - 1]!;
  if (last.max !== total) {
    issues.push(ruleIssue(`bands[${last.i}].max`, 'bands-end', `Khung điểm cao nhất phải kết thúc ở tổng điểm tối đa ${num(total)} (đang là ${num(last.max)})`, { total, max: last.max }));
  }
  return issues;
}

function validateCondition(raw: unknown, path: string, ids: ReadonlyMap<string, number>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (c['kind'] !== 'full-marks') issues.push(ruleIssue(`${path}.kind`, 'invalid-kind', 'Loại điều kiện được hỗ trợ: “full-marks” (đủ điểm tối đa), “min-marks” (đạt từ một số điểm ở một tiêu chí)'));
  if (!RATINGS.includes(c['rating'] as Rating)) issues.push(ruleIssue(`${path}.rating`, 'invalid-rating', 'Điều kiện cần nêu xếp loại nó áp dụng'));
  if (!RATINGS.includes(c['otherwise'] as Rating)) {
    issues.push(ruleIssue(`${path}.otherwise`, 'invalid-rating', 'Điều kiện cần nêu xếp loại thay thế'));
  } else if (RATINGS.includes(c['rating'] as Rating) && RATINGS.indexOf(c['otherwise'] as Rating) <= RATINGS.indexOf(c['rating'] as Rating)) {
    issues.push(ruleIssue(`${path}.otherwise`, 'not-lower', 'Xếp loại thay thế phải thấp hơn xếp loại của điều kiện'));
  }
  const criteria = c['criteria'];
  if (!Array.isArray(criteria) || criteria.length === 0) {
    issues.push(ruleIssue(`${path}.criteria`, 'required', 'Điều kiện cần nêu các tiêu chí phải đạt điểm tối đa'));
  } else {
    criteria.forEach((id, j) => {
      if (typeof id !== 'string' || !ids.has(id)) issues.push(ruleIssue(`${path}.criteria[${j}]`, 'unknown-criterion', `Tiêu chí “${String(id)}” không có trong phiếu`, { criterion: String(id) }));
    });
  }
  return issues;
}

// Ratings are checked against the sheet's own bands: a condition on a rating no total can reach, or capping at one the
// sheet never gives, is a slip of the pen, not a rule.
function validateMinMarks(c: Record<string, unknown>, path: string, ids: ReadonlyMap<string, number>, labels: ReadonlyMap<string, string>, rated: ReadonlySet<Rating>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const criterion = c['criterion'];
  const known = typeof criterion === 'string' && ids.has(criterion);
  if (!known) issues.push(ruleIssue(`${path}.criterion`, 'unknown-criterion', `Tiêu chí “${String(criterion ?? '')}” không có trong phiếu`, { criterion: String(criterion ?? '') }));
  const min = c['min'];
  if (typeof min !== 'number' || !Number.isFinite(min)) {
    issues.push(ruleIssue(`${path}.min`, 'invalid', 'Số điểm tối thiểu của điều kiện phải là số'));
  } else if (min < 0) {
    issues.push(ruleIssue(`${path}.min`, 'min', 'Số điểm tối thiểu của điều kiện không được âm', { origin: 'number', minimum: 0 }));
  } else if (known && min > ids.get(criterion)!) {
    const max = ids.get(criterion)!;
    issues.push(ruleIssue(`${path}.min`, 'max', `Số điểm tối thiểu ${num(min)} vượt quá điểm tối đa ${num(max)} của tiêu chí “${labels.get(criterion) ?? criterion}”`, { origin: 'number', maximum: max, criterion }));
  }
  const rating = c['rating'];
  const otherwise = c['otherwise'];
  for (const [field, value, what] of [['rating', rating, 'xếp loại của điều kiện'], ['otherwise', otherwise, 'xếp loại thay thế']] as const) {
    if (!RATINGS.includes(value as Rating)) issues.push(ruleIssue(`${path}.${field}`, 'invalid-rating', `Điều kiện cần nêu ${what}, một trong: ${RATINGS.join(', ')}`));
    else if (!rated.has(value as Rating)) issues.push(ruleIssue(`${path}.${field}`, 'not-in-sheet', `Xếp loại “${String(value)}” không có trong các khung xếp loại của phiếu`, { rating: String(value) }));
  }
  if (RATINGS.includes(rating as Rating) && RATINGS.includes(otherwise as Rating) && RATINGS.indexOf(otherwise as Rating) <= RATINGS.indexOf(rating as Rating)) {
    issues.push(ruleIssue(`${path}.otherwise`, 'not-lower', 'Xếp loại thay thế phải thấp hơn xếp loại của điều kiện'));
  }
  return issues;
}

// The full-marks condition maps onto the rubric's `fullMarksForTop` (a total rated its `rating` or better with a
// criterion short of full marks rates `otherwise`); the min-marks conditions onto `minMarks`, in the sheet's order
// (ADR 0036).
/** The rubric the scoring rules use for a valid sheet (throws a RangeError listing the issues of an invalid one). */
export function rubricFromSheet(id: string, sheet: ScoreSheetDefinition): Rubric {
  const issues = pinnedSheetIssues(sheet);
  if (issues.length > 0) throw new RangeError(`Invalid score sheet "${id}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  if (sheet.kind === 'rating') {
    return { id, kind: 'rating', title: sheet.title, ratings: sheet.ratings ?? RATINGS } satisfies RatingRubric;
  }
  const condition = sheet.conditions?.find((c): c is FullMarksCondition => c.kind !== 'min-marks');
  const minMarks = (sheet.conditions ?? []).filter((c): c is MinMarksCondition => c.kind === 'min-marks');
  const rubric: MarksRubric = {
    id,
    kind: 'marks',
    title: sheet.title,
    criteria: sheet.criteria.map((c) => ({ id: c.id, label: c.label, max: c.max })),
    bands: [...sheet.bands].sort((a, b) => b.min - a.min).map((b) => ({ rating: b.rating, min: b.min })),
  };
  if (condition) rubric.fullMarksForTop = { criteria: [...condition.criteria], capAt: condition.otherwise, rating: condition.rating };
  if (minMarks.length) rubric.minMarks = minMarks.map((c): MinMarksRule => ({ criterion: c.criterion, min: c.min, rating: c.rating, otherwise: c.otherwise }));
  return rubric;
}

/** A rubric written as a committee sheet (bands as ranges): how the shipped defaults are shown and copied. */
export function sheetFromRubric(rubric: Rubric): ScoreSheetDefinition {
  if (rubric.kind === 'rating') return { kind: 'rating', title: rubric.title, ratings: [...rubric.ratings] };
  const total = Math.round(rubric.criteria.reduce((sum, c) => sum + c.max, 0) * 1e6) / 1e6;
  const sorted = [...rubric.bands].sort((a, b) => b.min - a.min);
  const bands = sorted.map((b, i) => ({ rating: b.rating, min: b.min, max: i === 0 ? total : sorted[i - 1]!.min }));
  const top = sorted[0];
  const conditions: SheetCondition[] = [
    ...(rubric.fullMarksForTop && top ? [{ kind: 'full-marks' as const, rating: rubric.fullMarksForTop.rating ?? top.rating, criteria: [...rubric.fullMarksForTop.criteria], otherwise: rubric.fullMarksForTop.capAt }] : []),
    ...(rubric.minMarks ?? []).map((c) => ({ kind: 'min-marks' as const, rating: c.rating, criterion: c.criterion, min: c.min, otherwise: c.otherwise })),
  ];
  return {
    kind: 'marks',
    title: rubric.title,
    criteria: rubric.criteria.map((c) => ({ ...c })),
    bands: bands.reverse(),
    ...(conditions.length ? { conditions } : {}),
  };
}

/** 7.5 → "7,5". */
function num(value: number): string {
  return String(value).replace('.', ',');
}

/** The three shipped rubrics written as committee sheets: the defaults, built and scored the same way as a committee's. */
export const SHIPPED_SHEETS: Readonly<Record<string, ScoreSheetDefinition>> = Object.freeze(
  Object.fromEntries([phuTho100, binhThuan100, fourLevel].map((rubric) => [rubric.id, sheetFromRubric(rubric)])),
);
