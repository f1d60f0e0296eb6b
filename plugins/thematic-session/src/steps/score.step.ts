import { z } from 'zod';
import { defineStep, FACTS, secretaryOf, type FieldIssue, type RubricContribution, type ScoreFact } from '@chibo/procedure';
import { fullMarksShortfall, pinnedSheetIssues, rubricFromSheet, scoreSession, validateScore, type Rubric, type ScoreSheetDefinition } from '@chibo/rules';

export const SCORE_STEP = 'thematic:score';

/**
 * A committee's own score sheet, pinned in the step's parameters (`ref` = "<org>/<code>@<version>", also the `rubric`):
 * the API copies the chosen version into the procedure definition, so a later version never changes a running instance.
 */
const sheetParam = z
  .object({ ref: z.string().min(1).max(100), definition: z.unknown() })
  .superRefine((value, ctx) => {
    if (!/^[^/]+\/[a-z0-9-]+@\d+$/.test(value.ref)) ctx.addIssue({ code: 'custom', path: ['ref'], message: 'Mã phiếu chấm điểm có dạng “<đơn vị>/<mã>@<phiên bản>”' });
    // A pinned sheet was checked when saved; only what would make it unusable is checked again (SAVE_ONLY_SHEET_RULES).
    for (const issue of pinnedSheetIssues(value.definition)) {
      ctx.addIssue({ code: 'custom', path: ['definition', ...issue.path.split(/[.[\]]/).filter(Boolean)], message: `${issue.message} (${issue.rule})` });
    }
  });

/** The same form and checks as a registered rubric's (plugins/rubrics), for a pinned committee sheet. */
function sheetContribution(rubric: Rubric): RubricContribution {
  const form =
    rubric.kind === 'marks'
      ? z.object({ marks: z.looseObject(Object.fromEntries(rubric.criteria.map((c) => [c.id, z.number().optional().describe(`${c.label} (tối đa ${c.max} điểm)`)]))) })
      : z.object({ rating: z.string().describe(`Xếp loại: ${rubric.ratings.join(' / ')}`) });
  return {
    id: rubric.id,
    title: { vi: rubric.title, en: rubric.title },
    form,
    validate: (input: unknown): FieldIssue[] => validateScore(rubric, input as { marks?: Record<string, number>; rating?: string }),
    score: (input: unknown) => scoreSession(rubric, input as { marks?: Record<string, number>; rating?: string }),
    criteria: rubric.kind === 'marks' ? rubric.criteria.map((c) => ({ id: c.id, label: c.label, max: c.max })) : [],
    ...(rubric.kind === 'rating' ? { ratings: [...rubric.ratings] } : {}),
    cappedBy: (input: unknown): string[] => {
      if (rubric.kind !== 'marks') return [];
      const short = new Set(fullMarksShortfall(rubric, (input as { marks?: Record<string, number> }).marks ?? {}));
      return rubric.criteria.filter((c) => short.has(c.id)).map((c) => c.label);
    },
  };
}

/** This step has the chi ủy score the session with the rubric the committee configured, giving the rating. */
export const scoreStep = defineStep({
  name: SCORE_STEP,
  version: 1,
  title: { vi: 'Chấm điểm, xếp loại chất lượng sinh hoạt', en: 'Score the session' },
  description: { vi: 'Chấm điểm theo thang điểm đã chọn và xếp loại Tốt / Khá / Trung bình / Kém.', en: 'Score with the configured rubric and rate the session.' },
  params: z
    .object({ rubric: z.string().default('phu-tho-100'), sheet: sheetParam.optional() })
    .refine((p) => !p.sheet || p.rubric === p.sheet.ref, { path: ['rubric'], message: 'Thang điểm phải là phiếu chấm điểm được ghim (sheet.ref)' }),
  rubricParam: 'rubric',
  pinnedRubric: (p) => (p.sheet ? sheetContribution(rubricFromSheet(p.sheet.ref, p.sheet.definition as ScoreSheetDefinition)) : undefined),
  requires: [FACTS.session],
  provides: [FACTS.score],
  initialState: {},
  tasks: {
    score: {
      title: { vi: 'Chấm điểm buổi sinh hoạt', en: 'Score the session' },
      form: (ctx) => ctx.rubric(ctx.params.rubric).form,
      validate: (ctx, input) => ctx.rubric(ctx.params.rubric).validate(input),
      submit: (ctx, input: { marks?: Record<string, number> }) => {
        const result = ctx.rubric(ctx.params.rubric).score(input);
        const score: ScoreFact = { rubric: ctx.params.rubric, ...(input.marks ? { marks: input.marks } : {}), ...result };
        return { facts: { [FACTS.score]: score }, complete: { output: score } };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'score', task: 'score', assignee: secretaryOf(ctx.context), title: { vi: 'Chấm điểm, xếp loại buổi sinh hoạt', en: 'Score the session' } }],
  }),
});
