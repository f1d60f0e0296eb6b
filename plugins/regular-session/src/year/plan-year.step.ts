import { z } from 'zod';
import { defineStep, secretaryOf } from '@chibo/procedure';
import { compareInstants, endOfDeadline } from '@chibo/rules';
import { ANNUAL_PLAN_FACT, parseYearInstanceId } from './calendar';
import { assignPreparers, planIssues, type AnnualPlanFact } from './annual-plan';

export const PLAN_YEAR_STEP = 'year:plan';

const topic = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM').optional(),
  quarter: z.number().int().min(1).max(4).optional(),
  topic: z.string().trim().min(3, 'Chủ đề cần ít nhất 3 ký tự').max(500),
  preparer: z.string().min(1).optional(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD').optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM').optional(),
});

/**
 * This step has the secretary draw up the annual thematic plan (KH năm, HD 12 II.1.1.b): topics by month or quarter
 * and who prepares each (the rotation's choice unless the secretary picks). Without an approved plan by the date the
 * committee set (`dueBy`, month-day of the year), the year gets the finding `plan-missing`, which its superior sees.
 */
export const planYearStep = defineStep({
  name: PLAN_YEAR_STEP,
  version: 1,
  title: { vi: 'Kế hoạch sinh hoạt chuyên đề năm', en: 'Annual thematic plan' },
  description: { vi: 'Bí thư lập kế hoạch sinh hoạt chuyên đề của năm: chủ đề theo tháng hoặc quý, người chuẩn bị.', en: 'The secretary drafts the annual thematic plan.' },
  params: z.object({ dueBy: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/).default('01-31') }),
  initialState: {},
  tasks: {
    plan: {
      title: { vi: 'Lập kế hoạch sinh hoạt chuyên đề năm', en: 'Draft the annual thematic plan' },
      form: z.object({ topics: z.array(topic).min(1, 'Kế hoạch cần ít nhất một chuyên đề').max(24) }),
      validate: (ctx, input) => planIssues(ctx.context, parseYearInstanceId(ctx.instanceId)?.year ?? 0, input.topics),
      submit: (ctx, input) => {
        const year = parseYearInstanceId(ctx.instanceId)?.year ?? 0;
        const previous = ctx.facts[ANNUAL_PLAN_FACT] as AnnualPlanFact | undefined;
        const plan: AnnualPlanFact = { year, topics: assignPreparers(ctx.context, year, input.topics), status: 'submitted', submittedAt: ctx.now, notes: previous?.notes ?? [] };
        return { facts: { [ANNUAL_PLAN_FACT]: plan }, complete: { output: { topics: plan.topics.length } } };
      },
    },
  },
  onInstanceStart: (ctx) => {
    const year = parseYearInstanceId(ctx.instanceId)?.year;
    if (!year) return {};
    const due = endOfDeadline(`${year}-${ctx.params.dueBy}`);
    return compareInstants(due, ctx.now) > 0 ? { timers: [{ key: 'plan-due', fireAt: due }] } : {};
  },
  start: (ctx) => ({
    openTasks: [{ key: 'plan', task: 'plan', assignee: secretaryOf(ctx.context), title: { vi: 'Lập kế hoạch sinh hoạt chuyên đề năm', en: 'Draft the annual thematic plan' } }],
  }),
  onTimer: (ctx, timer) => {
    if (timer.key !== 'plan-due') return {};
    if ((ctx.facts[ANNUAL_PLAN_FACT] as AnnualPlanFact | undefined)?.status === 'approved') return {};
    const year = parseYearInstanceId(ctx.instanceId)?.year;
    return {
      findings: [
        {
          code: 'plan-missing',
          detail: `Đến hết ngày ${ctx.params.dueBy.split('-').reverse().join('/')}/${year} chi bộ chưa có kế hoạch sinh hoạt chuyên đề năm được chi ủy duyệt`,
          params: { by: `${year}-${ctx.params.dueBy}` },
        },
      ],
    };
  },
});
