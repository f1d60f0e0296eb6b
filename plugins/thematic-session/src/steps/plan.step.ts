import { z } from 'zod';
import { defineStep, documentIssuer, FACTS, findMember, guidanceCitation, secretaryOf, type PlanFact } from '@chibo/procedure';
import { monthText } from '../wording';

export const PLAN_STEP = 'thematic:plan';
/** The template of the plan (KH) this step issues (src/templates/plan.hbs). */
export const PLAN_TEMPLATE = 'thematic:plan';

const form = z.object({
  topic: z.string().trim().min(3, 'Chủ đề cần ít nhất 3 ký tự'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM'),
  preparer: z.string().optional(),
  notes: z.string().optional(),
});

/** This step has the secretary enter the cell's thematic plan (topic, month) and issues the plan (KH). */
export const planStep = defineStep({
  name: PLAN_STEP,
  version: 1,
  title: { vi: 'Kế hoạch sinh hoạt chuyên đề', en: 'Thematic session plan' },
  description: { vi: 'Bí thư nhập kế hoạch: chủ đề, tháng tổ chức; phát hành kế hoạch (KH).', en: 'The secretary enters the plan; a plan (KH) is issued.' },
  params: z.object({ issueDocument: z.boolean().default(true) }),
  provides: [FACTS.plan],
  initialState: {},
  effects: ['issue-document'],
  tasks: {
    plan: {
      title: { vi: 'Lập kế hoạch sinh hoạt chuyên đề', en: 'Plan the thematic session' },
      form,
      validate: (ctx, input) =>
        input.preparer && !findMember(ctx.context, input.preparer)
          ? [{ path: 'preparer', rule: 'unknown-member', message: `Không có đảng viên “${input.preparer}” trong chi bộ`, params: { role: 'preparer', member: input.preparer } }]
          : [],
      submit: (ctx, input) => {
        const plan: PlanFact = { topic: input.topic, month: input.month, ...(input.preparer ? { preparer: input.preparer } : {}) };
        const preparer = input.preparer ? findMember(ctx.context, input.preparer) : undefined;
        const data = {
          plan,
          preparer: preparer ? { id: preparer.id, name: preparer.name } : null,
          notes: input.notes ?? null,
          issuer: documentIssuer(ctx.context),
          guidance: guidanceCitation(ctx.context),
        };
        const title = `Kế hoạch sinh hoạt chuyên đề ${monthText(input.month)}`;
        return {
          facts: { [FACTS.plan]: plan },
          effects: ctx.params.issueDocument
            ? [{ key: 'kh', name: 'issue-document', input: { type: 'KH', template: PLAN_TEMPLATE, org: ctx.context.org.code, title, data } }]
            : [],
          complete: { output: plan },
        };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'plan', task: 'plan', assignee: secretaryOf(ctx.context), title: { vi: 'Lập kế hoạch sinh hoạt chuyên đề', en: 'Plan the thematic session' } }],
  }),
});
