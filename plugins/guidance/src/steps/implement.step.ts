import { z } from 'zod';
import { committeeOf, defineStep, FACTS, type FieldIssue, type StepContext } from '@chibo/procedure';
import { endOfDeadline, localDate } from '@chibo/rules';
import { IMPLEMENTATION_FACT, type Implementation } from '../cascade';

export const IMPLEMENT_STEP = 'guidance:implement';

/** The finding a committee gets when its superior's deadline passes before it has issued its guidance. */
export const IMPLEMENTATION_MISSING = 'implementation-missing';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');

/** What a committee fills in to implement the guidance it received: its own guidance (DESIGN §5 "Cascades"). */
export const implementForm = z
  .object({
    number: z.string().trim().min(1, 'Cần số hướng dẫn'),
    issuedOn: date,
    title: z.string().trim().min(1, 'Cần trích yếu hướng dẫn'),
    sessionBy: date.optional(),
    reportBy: date.optional(),
    addSteps: z.array(z.string().min(1)).default([]),
    rubric: z.string().min(1).optional(),
    /** true: the guidance goes to the committee's own sub-committees (and its direct cells); false: to all its cells. */
    cascade: z.boolean().default(false),
  })
  .strict();
export type ImplementInput = z.output<typeof implementForm>;

/**
 * This step is a committee's task when a guidance reaches it from its superior: issue its own guidance based on it —
 * number, date, title, deadlines within the parent's, optionally extra steps and another rubric — to its cells or one
 * level further down. The guidance steps after it then carry out that guidance, and its roll-up is the committee's
 * report to the parent.
 */
export const implementStep = defineStep({
  name: IMPLEMENT_STEP,
  version: 1,
  title: { vi: 'Ban hành hướng dẫn thực hiện', en: 'Implement the guidance' },
  description: {
    vi: 'Cấp ủy nhận hướng dẫn của cấp trên ban hành hướng dẫn của mình để thực hiện, với thời hạn trong thời hạn của cấp trên.',
    en: 'The committee issues its own guidance to carry out its superior’s, with deadlines within the superior’s.',
  },
  params: z.object({}),
  initialState: {},
  tasks: {
    implement: {
      title: { vi: 'Ban hành hướng dẫn thực hiện', en: 'Issue the implementing guidance' },
      form: implementForm,
      validate: (ctx, input) => implementIssues(ctx, input),
      submit: (ctx, input) => {
        const parent = ctx.context.guidance!;
        const { members: _m, parent: _p, ...issuer } = ctx.context.org;
        const implementation: Implementation = {
          number: input.number,
          issuedOn: input.issuedOn,
          title: input.title,
          issuer,
          sessionBy: input.sessionBy ?? parent.sessionBy,
          reportBy: input.reportBy ?? parent.reportBy,
          basedOn: [{ number: parent.number, issuedOn: parent.issuedOn }, ...(parent.basedOn ?? [])],
          addSteps: input.addSteps,
          ...(input.rubric ? { rubric: input.rubric } : {}),
          cascade: input.cascade,
          ...(ctx.context.childProcedure ? { procedure: { key: ctx.context.childProcedure.key, version: ctx.context.childProcedure.version } } : {}),
        };
        if (implementation.sessionBy === undefined) delete implementation.sessionBy;
        if (implementation.reportBy === undefined) delete implementation.reportBy;
        return {
          facts: { [IMPLEMENTATION_FACT]: implementation, [FACTS.status]: 'implemented' },
          cancelTimers: ['implementation-deadline'],
          // Issued after the deadline: the finding is resolved, the lateness stays in the log.
          ...(ctx.findings.includes(IMPLEMENTATION_MISSING)
            ? { resolveFindings: [{ code: IMPLEMENTATION_MISSING, reason: `Đã ban hành hướng dẫn ${input.number} (sau thời hạn)`, params: { number: input.number, at: ctx.now } }] }
            : {}),
          complete: { output: { number: input.number, issuedOn: input.issuedOn } },
        };
      },
    },
  },
  start: (ctx) => {
    const received = ctx.context.guidance;
    if (!received) return { fail: { reason: 'Thiếu thông tin hướng dẫn của cấp trên' } };
    // The committee must have issued its guidance by the end of the superior's session deadline (its cells could not
    // hold the session in time otherwise), else its report deadline.
    const by = received.sessionBy ?? received.reportBy;
    return {
      ...(by ? { timers: [{ key: 'implementation-deadline', fireAt: endOfDeadline(by) }] } : {}),
      openTasks: [
        {
          key: 'implement',
          task: 'implement',
          assignee: committeeOf(ctx.context.org.code),
          title: { vi: `Ban hành hướng dẫn thực hiện ${received.number}`, en: `Issue the guidance implementing ${received.number}` },
        },
      ],
    };
  },
  onTimer: (ctx, timer) => {
    const received = ctx.context.guidance;
    if (timer.key !== 'implementation-deadline' || !ctx.current || !received) return {};
    const by = received.sessionBy ?? received.reportBy;
    return {
      findings: [
        {
          code: IMPLEMENTATION_MISSING,
          detail: `${ctx.context.org.name} chưa ban hành hướng dẫn thực hiện ${received.number} (hạn ${by})`,
          params: { org: ctx.context.org.name, number: received.number, ...(by ? { by } : {}) },
        },
      ],
    };
  },
});

/** A date of the form (YYYY-MM-DD) as Vietnamese documents write it: 31/12/2026. */
const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The deadlines of a guidance, by field, as the form names them (`deadline` in the issues' data). */
const DEADLINE_NAMES = { sessionBy: 'Hạn tổ chức sinh hoạt', reportBy: 'Hạn báo cáo' } as const;

/**
 * Deadlines within the parent's, a date not before it, and steps and rubric that exist: each issue names its field,
 * and carries its data (`params`: dates as typed, YYYY-MM-DD; the parent's number; the deadline's field) for pages to
 * word it (ADR 0034); the message shows the dates as dd/mm/yyyy.
 */
export function implementIssues(ctx: Pick<StepContext<unknown, unknown>, 'context' | 'now' | 'hasAddable' | 'hasRubric'>, input: ImplementInput): FieldIssue[] {
  const parent = ctx.context.guidance;
  if (!parent) return [{ path: 'number', rule: 'no-parent-guidance', message: 'Không có hướng dẫn của cấp trên để thực hiện' }];
  const issues: FieldIssue[] = [];
  if (input.issuedOn < parent.issuedOn) {
    issues.push({
      path: 'issuedOn',
      rule: 'before-parent',
      message: `Ngày ban hành (${dmy(input.issuedOn)}) không được trước ngày ban hành hướng dẫn ${parent.number} của cấp trên (${dmy(parent.issuedOn)})`,
      params: { issuedOn: input.issuedOn, parent: parent.number, parentIssuedOn: parent.issuedOn },
    });
  }
  const today = localDate(ctx.now);
  if (input.issuedOn > today) {
    issues.push({ path: 'issuedOn', rule: 'in-future', message: `Ngày ban hành (${dmy(input.issuedOn)}) không được sau hôm nay (${dmy(today)})`, params: { issuedOn: input.issuedOn, today } });
  }
  if (input.number === parent.number && input.issuedOn === parent.issuedOn) {
    issues.push({ path: 'number', rule: 'same-as-parent', message: `Hướng dẫn thực hiện phải có số và ngày của cấp ủy mình, không phải của hướng dẫn ${parent.number}`, params: { parent: parent.number } });
  }
  for (const field of ['sessionBy', 'reportBy'] as const) {
    const own = input[field];
    const limit = parent[field];
    const what = DEADLINE_NAMES[field];
    if (own && limit && own > limit) {
      issues.push({
        path: field,
        rule: 'outside-parent-deadline',
        message: `${what} (${dmy(own)}) phải trong thời hạn của hướng dẫn ${parent.number} (${dmy(limit)})`,
        params: { deadline: field, date: own, parent: parent.number, limit },
      });
    }
    if (own && own < input.issuedOn) {
      issues.push({ path: field, rule: 'before-issued', message: `${what} (${dmy(own)}) không được trước ngày ban hành (${dmy(input.issuedOn)})`, params: { deadline: field, date: own, issuedOn: input.issuedOn } });
    }
  }
  const sessionBy = input.sessionBy ?? parent.sessionBy;
  const reportBy = input.reportBy ?? parent.reportBy;
  if (sessionBy && reportBy && reportBy < sessionBy) {
    issues.push({ path: 'reportBy', rule: 'before-session-deadline', message: `Hạn báo cáo (${dmy(reportBy)}) không được trước hạn tổ chức sinh hoạt (${dmy(sessionBy)})`, params: { reportBy, sessionBy } });
  }
  input.addSteps.forEach((alias, i) => {
    if (!ctx.hasAddable(alias)) issues.push({ path: `addSteps[${i}]`, rule: 'unknown-step', message: `Không có bước “${alias}” trong các plugin đang bật`, params: { step: alias } });
  });
  if (input.rubric && !ctx.hasRubric(input.rubric)) issues.push({ path: 'rubric', rule: 'unknown-rubric', message: `Không có thang điểm “${input.rubric}”`, params: { rubric: input.rubric } });
  return issues;
}
