import { z } from 'zod';
import {
  activeFindingsAfter,
  defineStep,
  documentIssuer,
  fact,
  FACTS,
  findMember,
  guidanceCitation,
  secretaryOf,
  type AttendanceFact,
  type DraftFact,
  type PlanFact,
  type ReportFact,
  type ResolutionFact,
  type ScoreFact,
  type SessionFact,
} from '@chibo/procedure';
import { addDays, compareInstants, endOfDeadline, isWithinDeadline } from '@chibo/rules';
import { dayMonthYear, sessionKindOf } from '../wording';

export const REPORT_STEP = 'thematic:report';
/** The template of the report (BC) this step issues (src/templates/report.hbs). */
export const REPORT_TEMPLATE = 'thematic:report';

/** This step has the secretary report the results upward (BC) by the guidance's deadline; missing it is a finding. */
export const reportStep = defineStep({
  name: REPORT_STEP,
  version: 1,
  title: { vi: 'Báo cáo kết quả lên cấp trên', en: 'Report upward' },
  description: { vi: 'Bí thư gửi báo cáo (BC) kết quả sinh hoạt lên cấp ủy cấp trên trước hạn.', en: 'The secretary sends the report (BC) to the superior committee by the deadline.' },
  params: z.object({ reminderDaysBefore: z.number().int().min(0).default(3) }),
  requires: [FACTS.session, FACTS.resolution],
  uses: [FACTS.plan, FACTS.draft, FACTS.attendance, FACTS.score, FACTS.selfCriticism],
  provides: [FACTS.report],
  initialState: {},
  effects: ['issue-document', 'notify'],
  tasks: {
    report: {
      title: { vi: 'Gửi báo cáo kết quả', en: 'Submit the report' },
      form: z.object({ summary: z.string().optional() }),
      submit: (ctx, input) => {
        const by = ctx.context.guidance?.reportBy;
        const onTime = by ? isWithinDeadline(ctx.now, by) : true;
        const report: ReportFact = { at: ctx.now, onTime, ...(input.summary ? { summary: input.summary } : {}) };
        const findings = onTime ? [] : [{ code: 'report-late', detail: `Báo cáo sau hạn ${by}`, params: { by, at: ctx.now } }];
        const resolveFindings = [{ code: 'report-missing', reason: 'Đã nhận báo cáo (muộn)', params: { at: ctx.now } }];
        const resolution = fact<ResolutionFact>(ctx.facts, FACTS.resolution);
        const summary = {
          cell: ctx.context.org.code,
          cellName: ctx.context.org.name,
          reportedAt: ctx.now,
          onTime,
          rating: fact<ScoreFact>(ctx.facts, FACTS.score)?.rating ?? null,
          resolution: resolution ? (resolution.adopted ? 'adopted' : 'rejected') : null,
          attendance: fact<AttendanceFact>(ctx.facts, FACTS.attendance) ?? null,
          findings: activeFindingsAfter(ctx.findings, findings, resolveFindings),
          summary: input.summary ?? null,
          // What a cell's year needs of each session (year:schedule): when it was held and who was absent.
          heldAt: fact<SessionFact>(ctx.facts, FACTS.session)?.heldAt ?? null,
          absent: fact<SessionFact>(ctx.facts, FACTS.session)?.absent.map((a) => a.member) ?? [],
        };
        return {
          facts: { [FACTS.report]: report, [FACTS.status]: 'reported' },
          findings,
          resolveFindings,
          cancelTimers: ['report-deadline', 'report-reminder'],
          effects: [
            {
              key: 'bc',
              name: 'issue-document',
              input: { type: 'BC', template: REPORT_TEMPLATE, org: ctx.context.org.code, title: 'Báo cáo kết quả sinh hoạt chi bộ', data: { ...summary, ...reportContext(ctx) } },
            },
          ],
          notifyParent: { key: 'report', report: summary },
          complete: { output: report },
        };
      },
    },
  },
  onInstanceStart: (ctx) => {
    const by = ctx.context.guidance?.reportBy;
    if (!by) return {};
    const deadline = endOfDeadline(by);
    const reminder = addDays(deadline, -ctx.params.reminderDaysBefore);
    return {
      timers: [
        { key: 'report-deadline', fireAt: deadline },
        ...(ctx.params.reminderDaysBefore > 0 && compareInstants(reminder, ctx.now) > 0 ? [{ key: 'report-reminder', fireAt: reminder }] : []),
      ],
    };
  },
  start: (ctx) => ({
    openTasks: [
      {
        key: 'report',
        task: 'report',
        assignee: secretaryOf(ctx.context),
        title: { vi: 'Gửi báo cáo kết quả lên cấp trên', en: 'Report upward' },
        ...(ctx.context.guidance?.reportBy ? { dueAt: endOfDeadline(ctx.context.guidance.reportBy) } : {}),
      },
    ],
  }),
  onTimer: (ctx, timer) => {
    if (ctx.facts[FACTS.report]) return {};
    const org = ctx.context.org.code;
    if (timer.key === 'report-reminder') {
      return {
        effects: [{ key: 'remind-report', name: 'notify', input: { to: [secretaryOf(ctx.context)], kind: 'report-reminder', message: `Nhắc: hạn báo cáo là ngày ${dayMonthYear(ctx.context.guidance?.reportBy ?? '')}`, org } }],
      };
    }
    if (timer.key === 'report-deadline') {
      return {
        facts: { [FACTS.status]: 'overdue' },
        findings: [{ code: 'report-missing', detail: `Quá hạn ${ctx.context.guidance?.reportBy} chưa nhận được báo cáo`, params: ctx.context.guidance?.reportBy ? { by: ctx.context.guidance.reportBy } : {} }],
        effects: [{ key: 'overdue-report', name: 'notify', input: { to: [secretaryOf(ctx.context)], kind: 'report-overdue', message: `Đã quá hạn báo cáo (ngày ${dayMonthYear(ctx.context.guidance?.reportBy ?? '')})`, org } }],
      };
    }
    return {};
  },
});

/** What the report tells the superior beyond the summary its roll-up counts: the session, the vote, the documents. */
function reportContext(ctx: { facts: Readonly<Record<string, unknown>>; context: Parameters<typeof documentIssuer>[0]; documents: ReadonlyArray<{ type: string; number: string }> }) {
  const session = fact<SessionFact>(ctx.facts, FACTS.session);
  const chair = session ? findMember(ctx.context, session.chair) : undefined;
  const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
  const preparer = draft ? findMember(ctx.context, draft.assignee) : undefined;
  return {
    sessionKind: sessionKindOf(ctx.facts),
    plan: fact<PlanFact>(ctx.facts, FACTS.plan) ?? null,
    // What the preparation section may state: who prepared the draft, when it was approved and — if recorded at the
    // session — when it was sent to members.
    draft: draft ? { preparer: preparer?.name ?? null, approvedAt: draft.approvedAt ?? null, sentAt: session?.draftSentAt ?? null } : null,
    session: session
      ? { heldAt: session.heldAt, minutes: session.minutes, place: session.place ?? null, online: session.online, chair: chair?.name ?? session.chair, opinions: session.opinions.length, guests: session.guests.length }
      : null,
    vote: fact<ResolutionFact>(ctx.facts, FACTS.resolution) ?? null,
    score: fact<ScoreFact>(ctx.facts, FACTS.score) ?? null,
    // In the order of the procedure, not the order their issuing effects happened to complete (which varies by host).
    documents: [...ctx.documents].sort(byProcedureOrder).map((d) => ({ type: d.type, number: d.number })),
    issuer: documentIssuer(ctx.context),
    guidance: guidanceCitation(ctx.context),
  };
}

const DOCUMENT_ORDER = ['KH', 'TB', 'NQ', 'BB', 'BC'];

function byProcedureOrder(a: { type: string; number: string }, b: { type: string; number: string }): number {
  const rank = (type: string) => (DOCUMENT_ORDER.includes(type) ? DOCUMENT_ORDER.indexOf(type) : DOCUMENT_ORDER.length);
  return rank(a.type) - rank(b.type) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}
