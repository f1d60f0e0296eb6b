import { z } from 'zod';
import { defineStep, FACTS, secretaryOf, type ScoreFact } from '@chibo/procedure';

export const SCORE_STEP = 'thematic:score';

/** This step has the chi ủy score the session with the rubric the committee configured, giving the rating. */
export const scoreStep = defineStep({
  name: SCORE_STEP,
  version: 1,
  title: { vi: 'Chấm điểm, xếp loại chất lượng sinh hoạt', en: 'Score the session' },
  description: { vi: 'Chấm điểm theo thang điểm đã chọn và xếp loại Tốt / Khá / Trung bình / Kém.', en: 'Score with the configured rubric and rate the session.' },
  params: z.object({ rubric: z.string().default('phu-tho-100') }),
  rubricParam: 'rubric',
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
