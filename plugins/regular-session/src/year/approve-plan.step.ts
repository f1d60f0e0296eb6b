import { z } from 'zod';
import { defineStep, documentIssuer, memberName, secretaryOf } from '@chibo/procedure';
import { compareInstants } from '@chibo/rules';
import { ANNUAL_PLAN_FACT, CALENDAR_FACT, parseYearInstanceId, thematicCalendar, type CalendarFact } from './calendar';
import type { AnnualPlanFact } from './annual-plan';
import { yearParams } from './schedule-year.step';
import { onStartTimer, scheduleStarts } from './start-session';

export const APPROVE_PLAN_STEP = 'year:approve-plan';
/** The template of the annual plan (KH) this step issues (src/templates/annual-plan.hbs). */
export const ANNUAL_PLAN_TEMPLATE = 'year:annual-plan';

const form = z
  .object({ decision: z.enum(['approve', 'revise']), note: z.string().trim().max(2000).optional() })
  .refine((v) => v.decision === 'approve' || (v.note?.length ?? 0) > 0, { path: ['note'], message: 'Cần ghi rõ nội dung yêu cầu chỉnh sửa' });

/**
 * This step has the chi ủy approve the annual thematic plan (recorded by the bí thư) or send it back. Approval issues
 * the plan as a numbered KH document addressed to the superior committee (the report of the plan upward) and puts
 * the thematic sessions on the calendar, each starting its own procedure when its preparation is due.
 */
export const approvePlanStep = defineStep({
  name: APPROVE_PLAN_STEP,
  version: 1,
  title: { vi: 'Chi ủy duyệt kế hoạch chuyên đề năm', en: 'Approve the annual plan' },
  description: { vi: 'Chi ủy duyệt kế hoạch; chi bộ ban hành kế hoạch (KH), báo cáo cấp trên và đưa các buổi chuyên đề vào lịch.', en: 'The cell committee approves the plan; the KH is issued and the thematic sessions scheduled.' },
  params: yearParams.extend({ reviseStep: z.string().default('plan') }),
  initialState: {},
  effects: ['issue-document'],
  tasks: {
    approve: {
      title: { vi: 'Duyệt kế hoạch sinh hoạt chuyên đề năm', en: 'Approve the annual plan' },
      form,
      submit: (ctx, input) => {
        const plan = ctx.facts[ANNUAL_PLAN_FACT] as AnnualPlanFact;
        if (input.decision === 'revise') {
          return { facts: { [ANNUAL_PLAN_FACT]: { ...plan, status: 'revision', notes: [...plan.notes, input.note!] } satisfies AnnualPlanFact }, complete: { goto: ctx.params.reviseStep } };
        }
        const year = parseYearInstanceId(ctx.instanceId)?.year ?? plan.year;
        const calendar = (ctx.facts[CALENDAR_FACT] as CalendarFact | undefined) ?? { year, entries: [] };
        const regular = calendar.entries.filter((e) => e.kind === 'regular');
        // Each thematic session keeps the procedure it runs and the timer that starts it (this step's), so a session
        // moved later (see move-session.ts) starts the same procedure and its old timer can be cancelled.
        const thematic = thematicCalendar(ctx.context.org.code, year, plan.topics, regular, ctx.params.defaultDay, ctx.params.defaultTime, ctx.params.prepareDaysBefore).map((e) => ({
          ...e,
          procedure: ctx.params.thematicProcedure,
          ...(compareInstants(e.startAt, ctx.now) > 0 ? { timer: { step: ctx.stepId, key: `start:${e.key}` } } : {}),
        }));
        const issuer = documentIssuer(ctx.context);
        const data = {
          year,
          issuer,
          approvedAt: ctx.now,
          topics: thematic.map((e, i) => ({ month: e.month, at: e.at, topic: e.topic, preparer: memberName(ctx.context, e.preparer ?? ''), quarter: plan.topics[i]?.quarter ?? null })),
          regular: regular.map((e) => ({ month: e.month, at: e.at })),
        };
        return {
          facts: { [ANNUAL_PLAN_FACT]: { ...plan, status: 'approved', approvedAt: ctx.now } satisfies AnnualPlanFact, [CALENDAR_FACT]: { year, entries: [...regular, ...thematic] } satisfies CalendarFact },
          ...scheduleStarts(ctx, thematic),
          resolveFindings: [{ code: 'plan-missing', reason: 'Chi ủy đã duyệt kế hoạch sinh hoạt chuyên đề năm (muộn)', params: { at: ctx.now } }],
          effects: [{ key: 'kh', name: 'issue-document', input: { type: 'KH', template: ANNUAL_PLAN_TEMPLATE, org: ctx.context.org.code, title: `Kế hoạch sinh hoạt chuyên đề năm ${year}`, data } }],
          complete: { output: { thematic: thematic.length } },
        };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'approve', task: 'approve', assignee: secretaryOf(ctx.context), title: { vi: 'Duyệt kế hoạch sinh hoạt chuyên đề năm', en: 'Approve the annual plan' } }],
  }),
  onTimer: (ctx, timer) => onStartTimer(ctx, timer),
});
