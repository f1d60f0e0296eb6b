import { z } from 'zod';
import { defineStep, fact, FACTS, memberName, secretaryOf, type EffectSpec, type FieldIssue, type SessionFact } from '@chibo/procedure';
import { endOfDeadline, isManifestationCode, localDateTime } from '@chibo/rules';

export const SELF_ASSESS_STEP = 'self-criticism:self-assess';

interface SelfAssessState {
  expected: string[];
  submitted: Record<string, string[]>;
  /** Each member's own words: the remediation plan with the codes, kept as written (the member's record shows them). */
  plans?: Record<string, SelfCriticismPlan>;
}

/** One member's remediation plan (kế hoạch khắc phục) as submitted. */
export interface SelfCriticismPlan {
  flagged: string[];
  plan: string;
  at: string;
}

/** The fact holding every member's plan text, next to the compiled summary. */
export const SELF_CRITICISM_PLANS_FACT = 'selfCriticismPlans';

/** What the chi ủy compiles once every present member has assessed themselves. */
export interface SelfCriticismSummary {
  members: number;
  flaggedMembers: number;
  /** Manifestation code → how many members flagged it. */
  byCode: Record<string, number>;
  /** Members who had not submitted when the secretary closed the step (absent when everyone did). */
  missing?: string[];
}

const DAY = 24 * 3_600_000;

/** The day `days` after an instant, as a local date ("YYYY-MM-DD"). */
function localDayAfter(instant: string, days: number): string {
  return localDateTime(new Date(Date.parse(instant) + days * DAY).toISOString()).slice(0, 10);
}

/** "dd/mm/yyyy" of a local date. */
function dayText(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * This step ("tự soi, tự sửa") opens one task per member present at the session: each flags the manifestations of
 * Nghị quyết 04-NQ/TW that apply to them (codes like `2.5`) and writes a remediation plan, by a due date (`dueDays`
 * after the session). Members who have not submitted are reminded (`remindDays` after the session); when the due date
 * passes the secretary is told who is missing, and so is each of them (`overdueToMembers`). From version 3 each member
 * is also told of their task, with its due date, when it opens (`assignedToMembers`). It completes, with the compiled
 * summary, when every present member has submitted — or when the secretary closes it, the non-submitters named in a
 * `self-criticism-missing` finding.
 */
const selfAssessStepOf = (version: 1 | 2 | 3) =>
  defineStep({
    name: SELF_ASSESS_STEP,
    version,
    title: { vi: 'Tự soi, tự sửa', en: 'Self-criticism' },
    description: {
      vi: 'Mỗi đảng viên có mặt tự đối chiếu với 27 biểu hiện suy thoái và xây dựng kế hoạch khắc phục; chi ủy tổng hợp.',
      en: 'Each present member checks themselves against the 27 manifestations and writes a remediation plan.',
    },
    params: z.object({
      /** Days after the session by which members submit (the task's due date, end of that local day). */
      dueDays: z.number().int().min(0).default(7),
      /** Days after the session when those who have not submitted are reminded (none when not before the due date). */
      remindDays: z.number().int().min(0).default(3),
      /**
       * When the due date has passed, tell each member still missing too (their task stays open until the close): on
       * from version 2; version 1, which running instances started on, does not (its commands must replay unchanged).
       */
      overdueToMembers: z.boolean().default(version >= 2),
      /**
       * When the tasks open, tell each member present of theirs and its due date (a "task assigned" notice): on from
       * version 3; the earlier versions, whose instances may be running, do not.
       */
      assignedToMembers: z.boolean().default(version >= 3),
    }),
    requires: [FACTS.session],
    provides: [FACTS.selfCriticism],
    initialState: { expected: [], submitted: {} } as SelfAssessState,
    effects: ['notify'],
    // Added by name, a procedure gets the latest version; one composed earlier keeps the version it names.
    addable: { alias: 'self-criticism', after: ['thematic:hold-session', 'regular:hold-session'] },
    tasks: {
      assess: {
        title: { vi: 'Tự kiểm điểm theo 27 biểu hiện', en: 'Self-assessment' },
        form: z.object({
          flagged: z.array(z.string()).default([]),
          plan: z.string().trim().min(1, 'Ghi kế hoạch khắc phục'),
        }),
        validate: (_ctx, input) => {
          const issues: FieldIssue[] = input.flagged.flatMap((code, i): FieldIssue[] =>
            isManifestationCode(code) ? [] : [{ path: `flagged[${i}]`, rule: 'unknown-manifestation', message: `“${code}” không phải mã biểu hiện (1.1 đến 3.9)`, params: { code } }],
          );
          input.flagged.forEach((code, i) => {
            if (input.flagged.indexOf(code) !== i) issues.push({ path: `flagged[${i}]`, rule: 'duplicate', message: `Biểu hiện ${code} bị chọn hai lần`, params: { code } });
          });
          return issues;
        },
        submit: (ctx, input, _by, task) => {
          const member = task.key.slice('assess:'.length);
          const submitted = { ...ctx.state.submitted, [member]: input.flagged };
          const plans = { ...ctx.state.plans, [member]: { flagged: input.flagged, plan: input.plan, at: ctx.now } };
          const state: SelfAssessState = { ...ctx.state, submitted, plans };
          if (ctx.state.expected.some((id) => !submitted[id])) return { state };
          const summary = compile(submitted);
          return { state, facts: { [FACTS.selfCriticism]: summary, [SELF_CRITICISM_PLANS_FACT]: plans }, cancelTimers: TIMERS, complete: { output: summary } };
        },
      },
      /** The secretary closes the step: what was submitted is compiled, whoever did not submit is named in a finding. */
      close: {
        title: { vi: 'Tổng hợp, kết thúc bước tự kiểm điểm', en: 'Compile and close the self-assessments' },
        form: z.object({ closingNote: z.string().trim().optional() }),
        submit: (ctx, input) => {
          const missing = ctx.state.expected.filter((id) => !ctx.state.submitted[id]);
          const summary: SelfCriticismSummary = { ...compile(ctx.state.submitted), ...(missing.length ? { missing } : {}) };
          const names = missing.map((id) => memberName(ctx.context, id)).join(', ');
          return {
            facts: { [FACTS.selfCriticism]: summary, [SELF_CRITICISM_PLANS_FACT]: ctx.state.plans ?? {} },
            findings: missing.length
              ? [
                  {
                    code: 'self-criticism-missing',
                    detail: `Chưa nộp bản tự kiểm điểm: ${names}${input.closingNote ? `. ${input.closingNote}` : ''}`,
                    params: { members: missing, names: missing.map((id) => memberName(ctx.context, id)), ...(input.closingNote ? { note: input.closingNote } : {}) },
                  },
                ]
              : [],
            cancelTimers: TIMERS,
            complete: { output: summary },
          };
        },
      },
    },
    start: (ctx) => {
      const session = fact<SessionFact>(ctx.facts, FACTS.session);
      if (!session) return { fail: { reason: 'Bước tự soi, tự sửa cần diễn ra sau khi ghi nhận buổi sinh hoạt' } };
      const absent = new Set(session.absent.map((a) => a.member));
      const present = ctx.context.org.members.filter((m) => !absent.has(m.id) && m.status !== 'suspended');
      if (present.length === 0) return { facts: { [FACTS.selfCriticism]: compile({}) }, complete: {} };
      const dueDay = localDayAfter(session.heldAt, ctx.params.dueDays);
      const dueAt = endOfDeadline(dueDay);
      const remindAt = new Date(Date.parse(session.heldAt) + ctx.params.remindDays * DAY).toISOString();
      const org = ctx.context.org.code;
      return {
        state: { expected: present.map((m) => m.id), submitted: {} },
        ...(ctx.params.assignedToMembers
          ? {
              effects: [
                {
                  key: 'assigned',
                  name: 'notify',
                  input: { to: present.map((m) => ({ member: m.id, org })), kind: 'task-assigned', message: `Đồng chí được giao tự soi, tự sửa theo 27 biểu hiện; hạn nộp ${dayText(dueDay)}`, dueAt },
                },
              ],
            }
          : {}),
        openTasks: [
          ...present.map((m) => ({
            key: `assess:${m.id}`,
            task: 'assess',
            assignee: { member: m.id },
            title: { vi: `Tự soi, tự sửa: ${m.name}`, en: `Self-assessment: ${m.name}` },
            dueAt,
          })),
          {
            key: 'close',
            task: 'close',
            assignee: secretaryOf(ctx.context),
            title: { vi: `Tổng hợp, kết thúc bước tự kiểm điểm (hạn nộp ${dayText(dueDay)})`, en: `Compile and close the self-assessments (due ${dueDay})` },
            dueAt,
          },
        ],
        timers: [
          ...(remindAt < dueAt ? [{ key: 'remind', fireAt: remindAt, payload: { dueDay } }] : []),
          { key: 'due', fireAt: dueAt, payload: { dueDay } },
        ],
      };
    },
    onTimer: (ctx, timer) => {
      if (!ctx.current) return {};
      const missing = ctx.state.expected.filter((id) => !ctx.state.submitted[id]);
      if (!missing.length) return {};
      const due = dayText(String(timer.payload?.['dueDay'] ?? ''));
      const org = ctx.context.org.code;
      const effects: EffectSpec[] =
        timer.key === 'remind'
          ? [{ key: 'remind', name: 'notify', input: { to: missing.map((member) => ({ member, org })), kind: 'task-reminder', message: `Nhắc nộp bản tự soi, tự sửa: hạn ${due}` } }]
          : timer.key === 'due'
            ? [
                {
                  key: 'due',
                  name: 'notify',
                  input: {
                    to: [{ role: 'secretary', org }],
                    kind: 'task-overdue',
                    message: `Đã hết hạn nộp bản tự soi, tự sửa (${due}); còn ${missing.length} đồng chí chưa nộp: ${missing.map((id) => memberName(ctx.context, id)).join(', ')}. Đồng chí có thể tổng hợp và kết thúc bước này`,
                  },
                },
                // The day after the deadline, each assignee whose task is still open is told too (ADR 0029).
                ...(ctx.params.overdueToMembers
                  ? [
                      {
                        key: 'due-members',
                        name: 'notify',
                        input: {
                          to: missing.map((member) => ({ member, org })),
                          kind: 'task-overdue',
                          message: `Đã quá hạn nộp bản tự soi, tự sửa (${due}); đồng chí vẫn nộp được cho đến khi chi ủy tổng hợp`,
                          ...(typeof timer.payload?.['dueDay'] === 'string' ? { dueAt: endOfDeadline(timer.payload['dueDay']) } : {}),
                        },
                      },
                    ]
                  : []),
              ]
            : [];
      return { effects };
    },
  });

/** Version 1 (no notice to the members at the due date), kept for the procedures and instances that name it. */
export const selfAssessStepV1 = selfAssessStepOf(1);
/** Version 2: members still missing at the due date are told the day after it too (ADR 0029); none at the opening. */
export const selfAssessStepV2 = selfAssessStepOf(2);
/** The current version: each member present is also told of their task and its due date when it opens. */
export const selfAssessStep = selfAssessStepOf(3);

const TIMERS = ['remind', 'due'];

function compile(submitted: Record<string, string[]>): SelfCriticismSummary {
  const byCode: Record<string, number> = {};
  let flaggedMembers = 0;
  for (const codes of Object.values(submitted)) {
    if (codes.length) flaggedMembers++;
    for (const code of codes) byCode[code] = (byCode[code] ?? 0) + 1;
  }
  return { members: Object.keys(submitted).length, flaggedMembers, byCode };
}
