import type { TaskPage, TaskPageContext } from '@chibo/host';
import type { RubricContribution } from '@chibo/procedure';
import { SCORE_STEP } from '../steps/score.step';

/** What the scorers typed: a mark per criterion (as text), or a rating for a rubric without marks. */
export interface ScoreValues {
  marks: Record<string, string>;
  rating: string;
}

/** The rubric the step's parameters select (the committee's choice), from the registry. */
function rubricOf(ctx: TaskPageContext): RubricContribution {
  return ctx.rubric(String(ctx.params['rubric']));
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
 * The live result under the score sheet, by the rubric's own rules: the total so far out of the maximum, and — once
 * every criterion has a valid mark — the rating, with the criteria that capped it (Bình Thuận: Tốt needs full marks
 * on attendance, duration, participation and minutes) and each min-marks condition that did (“Tốt only with 18/20 on …”).
 */
export function scoreResult(ctx: TaskPageContext, values: ScoreValues, rubric: RubricContribution = rubricOf(ctx)) {
  const criteria = rubric.criteria ?? [];
  const input = scoreInput(values, rubric);
  const issues = rubric.validate(input);
  const max = criteria.reduce((sum, c) => sum + c.max, 0);
  const entered = criteria.reduce((sum, c) => {
    const n = Number((values.marks[c.id] ?? '').replace(',', '.'));
    return values.marks[c.id] && Number.isFinite(n) ? sum + n : sum;
  }, 0);
  const total = criteria.length ? ctx.format.number(entered) : null;
  const maximum = criteria.length ? ctx.format.number(max) : null;
  if (issues.length) return { complete: false, total, max: maximum, rating: null, capped: false, note: ctx.t('thematic.score.incomplete', { n: issues.length }) };
  const result = rubric.score(input);
  const capping = result.capped ? (rubric.cappedBy?.(input) ?? []) : [];
  const notes = capping.length ? [ctx.t('thematic.score.capped', { rating: result.rating, criteria: capping.join(', ') })] : [];
  for (const cap of result.cappedBy ?? []) {
    const criterion = criteria.find((c) => c.id === cap.criterion);
    notes.push(
      ctx.t('thematic.score.cappedMin', {
        rating: result.rating,
        criterion: criterion?.label ?? cap.criterion,
        mark: ctx.format.number(cap.mark),
        max: ctx.format.number(criterion?.max ?? cap.min),
        min: ctx.format.number(cap.min),
        target: cap.rating,
      }),
    );
  }
  return {
    complete: true,
    total: result.total === null ? null : ctx.format.number(result.total),
    max: maximum,
    rating: result.rating,
    capped: result.capped,
    note: notes.length ? notes.join(' ') : null,
  };
}

type ScoreModel = ReturnType<typeof scoreModel>;

function scoreModel(ctx: TaskPageContext, values: ScoreValues, errors: ReadonlyMap<string, string[]>) {
  const rubric = rubricOf(ctx);
  const criteria = rubric.criteria ?? [];
  return {
    rubric: { id: rubric.id, title: ctx.lang === 'en' ? (rubric.title.en ?? rubric.title.vi) : rubric.title.vi },
    criteria: criteria.map((c) => ({
      id: c.id,
      max: ctx.format.number(c.max),
      field: ctx.form.field(
        { name: `marks.${c.id}`, label: c.label, widget: 'number', value: values.marks[c.id] ?? '', required: true, min: 0, max: c.max, hint: ctx.t('thematic.score.max', { max: ctx.format.number(c.max) }) },
        errors,
      ),
    })),
    rating: criteria.length
      ? null
      : ctx.form.field({ name: 'rating', label: ctx.t('thematic.score.ratingField'), widget: 'radio', value: values.rating, required: true, options: (rubric.ratings ?? []).map((r) => ({ value: r, label: r })) }, errors),
    result: scoreResult(ctx, values, rubric),
  };
}

/** The score sheet of the rubric the committee chose, with the total and rating computed live. */
export const scorePage: TaskPage<ScoreValues, ScoreModel> = {
  step: SCORE_STEP,
  task: 'score',
  partial: 'thematic/score',
  defaults: () => ({ marks: {}, rating: '' }),
  read: (ctx, body) => {
    const marks: Record<string, string> = {};
    for (const c of rubricOf(ctx).criteria ?? []) marks[c.id] = (ctx.form.one(body, `marks.${c.id}`) ?? '').trim();
    return { marks, rating: ctx.form.one(body, 'rating') ?? '' };
  },
  input: (ctx, values) => scoreInput(values, rubricOf(ctx)),
  view: (ctx, values, errors) => {
    const model = scoreModel(ctx, values, errors);
    return { model, fields: [...model.criteria.map((c) => `marks.${c.id}`), 'rating'] };
  },
  live: { score: { partial: 'thematic/score-result', model: (view) => ({ result: view.result }) } },
};
