import type { RubricContribution } from '@chibo/procedure';
import { binhThuan100, fourLevel, phuTho100, RATINGS, type Rubric } from '@chibo/rules';
import { translate, type Lang } from '../i18n/i18n';
import { one, type FormBody } from '../forms/form-body';
import { makeField } from '../forms/schema-form';
import { formatNumber } from '../view/format';

/** What the scorers typed: a mark per criterion (as text), or a rating for a rubric without marks. */
export interface ScoreValues {
  marks: Record<string, string>;
  rating: string;
}

const RULE_RUBRICS: readonly Rubric[] = [phuTho100, binhThuan100, fourLevel];

export function scoreDefaults(): ScoreValues {
  return { marks: {}, rating: '' };
}

export function readScore(body: FormBody, rubric: RubricContribution): ScoreValues {
  const marks: Record<string, string> = {};
  for (const c of rubric.criteria ?? []) marks[c.id] = (one(body, `marks.${c.id}`) ?? '').trim();
  return { marks, rating: one(body, 'rating') ?? '' };
}

/** The submission: `{ marks }` for a marks rubric (unreadable text kept, so the rubric names the criterion), else `{ rating }`. */
export function scoreInput(values: ScoreValues, rubric: RubricContribution): Record<string, unknown> {
  if (!(rubric.criteria ?? []).length) return values.rating ? { rating: values.rating } : {};
  const marks: Record<string, unknown> = {};
  for (const [id, text] of Object.entries(values.marks)) {
    if (text === '') continue;
    const n = Number(text.replace(',', '.'));
    marks[id] = Number.isFinite(n) ? n : text;
  }
  return { marks };
}

/**
 * The live result under the score sheet: the total so far out of the maximum, and — once every criterion has a valid
 * mark — the rating the rubric gives, with the reason when a rule capped it (Bình Thuận: Tốt needs full marks on
 * attendance, duration, participation and minutes).
 */
export function scoreResult(values: ScoreValues, rubric: RubricContribution, lang: Lang) {
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const criteria = rubric.criteria ?? [];
  const input = scoreInput(values, rubric);
  const issues = rubric.validate(input);
  const max = criteria.reduce((sum, c) => sum + c.max, 0);
  const entered = criteria.reduce((sum, c) => {
    const n = Number((values.marks[c.id] ?? '').replace(',', '.'));
    return values.marks[c.id] && Number.isFinite(n) ? sum + n : sum;
  }, 0);
  if (issues.length) {
    return { complete: false, total: criteria.length ? formatNumber(entered, lang) : null, max: criteria.length ? formatNumber(max, lang) : null, rating: null, capped: false, note: t('score.incomplete', { n: issues.length }) };
  }
  const result = rubric.score(input);
  const rule = RULE_RUBRICS.find((r) => r.id === rubric.id);
  let note: string | null = null;
  if (result.capped && rule?.kind === 'marks' && rule.fullMarksForTop) {
    const notFull = rule.criteria.filter((c) => rule.fullMarksForTop!.criteria.includes(c.id) && Number(values.marks[c.id]?.replace(',', '.')) !== c.max).map((c) => c.label);
    note = t('score.capped', { rating: result.rating, criteria: notFull.join(', ') });
  }
  return {
    complete: true,
    total: result.total === null ? null : formatNumber(result.total, lang),
    max: criteria.length ? formatNumber(max, lang) : null,
    rating: result.rating,
    capped: result.capped,
    note,
  };
}

/** The view model of the score sheet. */
export function scoreView(values: ScoreValues, rubric: RubricContribution, errors: ReadonlyMap<string, string[]>, lang: Lang) {
  const criteria = rubric.criteria ?? [];
  return {
    rubric: { id: rubric.id, title: lang === 'en' ? rubric.title.en : rubric.title.vi },
    criteria: criteria.map((c) => ({
      id: c.id,
      max: formatNumber(c.max, lang),
      field: makeField(
        { name: `marks.${c.id}`, label: c.label, widget: 'number', value: values.marks[c.id] ?? '', required: true, min: 0, max: c.max, hint: translate(lang, 'score.max', { max: formatNumber(c.max, lang) }) },
        errors,
      ),
    })),
    rating: criteria.length
      ? null
      : makeField({ name: 'rating', label: translate(lang, 'field.rating'), widget: 'radio', value: values.rating, required: true, options: RATINGS.map((r) => ({ value: r, label: r })) }, errors),
    result: scoreResult(values, rubric, lang),
  };
}
