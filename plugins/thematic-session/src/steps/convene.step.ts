import { z } from 'zod';
import { defineStep, documentIssuer, fact, FACTS, findMember, guidanceCitation, secretaryOf, type DraftFact, type PlanFact } from '@chibo/procedure';
import { compareInstants, localDateTime } from '@chibo/rules';
import { instantField } from '../time-input';
import { dayMonthYear, sessionKindOf } from '../wording';

export const CONVENE_STEP = 'thematic:convene';
/** The template of the notice (TB) this step issues (src/templates/notice.hbs). */
export const NOTICE_TEMPLATE = 'thematic:notice';

/** This step has the secretary convene the session (time, place, online) and distribute the notice and the draft. */
export const conveneStep = defineStep({
  name: CONVENE_STEP,
  version: 1,
  title: { vi: 'Triệu tập và gửi dự thảo', en: 'Convene and distribute the draft' },
  description: {
    vi: 'Bí thư thông báo thời gian, địa điểm, nội dung; gửi dự thảo tới đảng viên trước ít nhất 1 ngày.',
    en: 'The secretary announces time, place and agenda and sends the draft to members at least a day ahead.',
  },
  params: z.object({
    issueNotice: z.boolean().default(true),
    /** HD 12: members get the notice and the draft at least this long before the session (0: no check). */
    minNoticeHours: z.number().min(0).default(24),
  }),
  requires: [FACTS.plan],
  uses: [FACTS.draft],
  provides: [FACTS.convened],
  initialState: {},
  effects: ['issue-document', 'notify'],
  tasks: {
    convene: {
      title: { vi: 'Triệu tập buổi sinh hoạt', en: 'Convene the session' },
      form: z.object({
        sessionAt: instantField,
        place: z.string().trim().optional(),
        online: z.boolean().default(false),
        agenda: z.string().trim().optional(),
        /** The secretary confirms convening with less notice than the step's minimum (the rule is shown, not hidden). */
        shortNotice: z.boolean().default(false),
      }),
      validate: (ctx, input) => {
        if (compareInstants(input.sessionAt, ctx.now) < 0) {
          return [{ path: 'sessionAt', rule: 'in-past', message: 'Thời gian sinh hoạt đã qua; không thể triệu tập cho thời điểm trong quá khứ' }];
        }
        const hours = (Date.parse(input.sessionAt) - Date.parse(ctx.now)) / 3_600_000;
        if (hours < ctx.params.minNoticeHours && !input.shortNotice) {
          return [
            {
              path: 'sessionAt',
              rule: 'short-notice',
              message: `Buổi sinh hoạt cách lúc triệu tập chưa đầy ${ctx.params.minNoticeHours} giờ: đảng viên cần nhận thông báo và dự thảo trước ít nhất ${ctx.params.minNoticeHours} giờ. Chọn thời gian muộn hơn, hoặc đánh dấu “Xác nhận triệu tập gấp” nếu vẫn triệu tập`,
              params: { hours: ctx.params.minNoticeHours },
            },
          ];
        }
        return [];
      },
      submit: (ctx, { shortNotice, ...input }) => ({
        facts: { [FACTS.convened]: { ...input, ...(shortNotice ? { shortNotice: true } : {}), at: ctx.now } },
        effects: [
          ...(ctx.params.issueNotice
            ? [
                {
                  key: 'tb',
                  name: 'issue-document',
                  input: {
                    type: 'TB',
                    template: NOTICE_TEMPLATE,
                    org: ctx.context.org.code,
                    title: 'Thông báo triệu tập sinh hoạt chi bộ',
                    data: { sessionAt: input.sessionAt, local: localDateTime(input.sessionAt), place: input.place ?? null, online: input.online, agenda: input.agenda ?? null, ...noticeContext(ctx) },
                  },
                },
              ]
            : []),
          {
            key: 'notify-members',
            name: 'notify',
            input: {
              to: [{ role: 'member', org: ctx.context.org.code }],
              kind: 'session-convened',
              message: `Triệu tập sinh hoạt chi bộ lúc ${localDateTime(input.sessionAt).slice(11, 16)} ngày ${dayMonthYear(localDateTime(input.sessionAt))}${input.place ? ` tại ${input.place}` : ''}`,
              // The .ics invitation an e-mail carries: the session's time, place, whether it is online, the agenda.
              // A session of the cell's calendar is the calendar's event (same UID as its feed and its move updates), at
              // the SEQUENCE its moves reached; otherwise the event is the instance's own.
              event: {
                startsAt: input.sessionAt,
                place: input.place ?? null,
                online: input.online,
                agenda: input.agenda ?? null,
                ...(ctx.context.guidance?.calendarEvent ? { id: ctx.context.guidance.calendarEvent.id, sequence: ctx.context.guidance.calendarEvent.sequence } : {}),
              },
            },
          },
        ],
        complete: { output: input },
      }),
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'convene', task: 'convene', assignee: secretaryOf(ctx.context), title: { vi: 'Triệu tập buổi sinh hoạt chi bộ', en: 'Convene the session' } }],
  }),
});

/** What the notice says beyond time and place: the topic, who presents the draft, who issues and signs it. */
function noticeContext(ctx: { facts: Readonly<Record<string, unknown>>; context: Parameters<typeof documentIssuer>[0] }) {
  const plan = fact<PlanFact>(ctx.facts, FACTS.plan);
  const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
  const presenter = draft ? findMember(ctx.context, draft.assignee) : undefined;
  return {
    sessionKind: sessionKindOf(ctx.facts),
    topic: plan?.topic ?? null,
    presenter: presenter ? { id: presenter.id, name: presenter.name } : null,
    issuer: documentIssuer(ctx.context),
    guidance: guidanceCitation(ctx.context),
  };
}
