import { z } from 'zod';
import { defineStep, fact, FACTS, findMember, secretaryOf, type AttendanceFact, type DraftFact, type FieldIssue, type SessionFact } from '@chibo/procedure';
import { assessSessionQuality, compareInstants, computeAttendance, endOfDeadline, sessionTimingFindings, validateAbsences } from '@chibo/rules';
import { instantField } from '../time-input';

export const HOLD_SESSION_STEP = 'thematic:hold-session';

const form = z.object({
  heldAt: instantField,
  minutes: z.number().int().min(1).max(24 * 60),
  place: z.string().trim().optional(),
  online: z.boolean().default(false),
  chair: z.string().min(1, 'Chọn người chủ trì'),
  clerk: z.string().min(1, 'Chọn thư ký hội nghị'),
  presenter: z.string().optional(),
  absent: z.array(z.object({ member: z.string().min(1), reason: z.string().trim().min(1, 'Ghi lý do vắng'), excused: z.boolean() })).default([]),
  guests: z.array(z.object({ name: z.string().trim().min(1), title: z.string().default('') })).default([]),
  opinions: z.array(z.object({ by: z.string().trim().min(1), text: z.string().trim().min(1, 'Ghi nội dung ý kiến') })).default([]),
  agenda: z.string().trim().optional(),
  conclusion: z.string().trim().min(1, 'Ghi kết luận của chủ trì'),
  assignments: z.array(z.object({ to: z.string().min(1), task: z.string().trim().min(1) })).default([]),
  // Facts the minutes and the report state only when they were recorded here.
  /** When the draft was sent to members (local time or an instant). */
  draftSentAt: instantField.optional(),
  /** The minutes were read back to the cell and adopted before the session closed. */
  minutesAdopted: z.boolean().default(false),
});
type HoldSessionInput = z.output<typeof form>;

const params = z.object({
  minMinutes: z.number().int().positive().default(90),
  minMinutesCombined: z.number().int().positive().default(120),
  /** A regular and a thematic session held together need the longer minimum. */
  combined: z.boolean().default(false),
  attendanceThreshold: z.number().min(0).max(1).default(0.85),
  /** `required`: a session cannot be recorded before the draft is approved; `finding`: it can, with a finding. */
  draftApproval: z.enum(['required', 'finding', 'none']).default('required'),
  minDraftHours: z.number().min(0).default(24),
});
export type HoldSessionParams = z.output<typeof params>;

/**
 * Attendance and the HD 12 criteria of a session with this step's parameters (threshold, minimum length, combined):
 * what the step records, and what the session page shows live while the roll call is filled in.
 */
export function sessionQuality(
  members: Parameters<typeof computeAttendance>[0],
  session: { absent: Parameters<typeof computeAttendance>[1]; minutes: number; opinions: number },
  p: Pick<HoldSessionParams, 'attendanceThreshold' | 'minMinutes' | 'minMinutesCombined' | 'combined'>,
) {
  const attendance = computeAttendance(members, session.absent);
  const quality = assessSessionQuality(
    { attendance, minutes: session.minutes, combined: p.combined, opinions: session.opinions },
    { attendanceThreshold: p.attendanceThreshold, minMinutes: p.minMinutes, minMinutesCombined: p.minMinutesCombined },
  );
  const met = (id: string) => quality.criteria.find((c) => c.id === id)?.met ?? false;
  return { attendance, quality, attendanceMet: met('attendance'), minimumMinutes: p.combined ? p.minMinutesCombined : p.minMinutes };
}

/**
 * This step has the chair record the session: roll call with reasons, clerk, presenter, opinions, guests, conclusion,
 * assignments, duration and whether it was online, and — when they happened — when the draft was sent to members and
 * that the minutes were read back and adopted (the documents state these only when recorded). It records attendance
 * and the HD 12 findings.
 */
export const holdSessionStep = defineStep({
  name: HOLD_SESSION_STEP,
  version: 1,
  title: { vi: 'Tổ chức sinh hoạt', en: 'Hold the session' },
  description: {
    vi: 'Ghi nhận buổi sinh hoạt: điểm danh, thư ký, người trình bày, ý kiến, khách mời, kết luận, phân công; ngày gửi dự thảo và việc thông qua biên bản.',
    en: 'Record the session: roll call, clerk, presenter, opinions, guests, conclusion, assignments; when the draft was sent and whether the minutes were adopted.',
  },
  params,
  // Without the draft's approval (`none`) the session needs no draft step before it.
  requires: (p) => (p.draftApproval === 'none' ? [] : [FACTS.draft]),
  uses: [FACTS.convened],
  provides: [FACTS.session, FACTS.attendance],
  initialState: {},
  tasks: {
    record: {
      title: { vi: 'Ghi nhận buổi sinh hoạt', en: 'Record the session' },
      form,
      validate: (ctx, input) => validateSession(ctx, input),
      submit: (ctx, input) => {
        const session: SessionFact = {
          heldAt: input.heldAt,
          minutes: input.minutes,
          ...(input.place ? { place: input.place } : {}),
          online: input.online,
          combined: ctx.params.combined,
          chair: input.chair,
          clerk: input.clerk,
          ...(input.presenter ? { presenter: input.presenter } : {}),
          absent: input.absent,
          guests: input.guests,
          opinions: input.opinions.map((o) => ({ ...o, guest: !findMember(ctx.context, o.by) })),
          ...(input.agenda ? { agenda: input.agenda } : {}),
          conclusion: input.conclusion,
          assignments: input.assignments,
          ...(input.draftSentAt ? { draftSentAt: input.draftSentAt } : {}),
          ...(input.minutesAdopted ? { minutesAdopted: true } : {}),
        };
        const { attendance: result, quality } = sessionQuality(ctx.context.org.members, { absent: input.absent, minutes: input.minutes, opinions: input.opinions.length }, ctx.params);
        const attendance: AttendanceFact = {
          total: result.total,
          eligible: result.eligible,
          present: result.present,
          presentEligible: result.presentEligible,
          presentOfficial: result.presentOfficial,
          presentProbationary: result.presentProbationary,
          rate: result.rate,
        };
        const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
        const timing =
          ctx.params.draftApproval === 'none'
            ? sessionTimingFindings({ heldAt: input.heldAt, sessionBy: ctx.context.guidance?.sessionBy, draftRequired: false })
            : sessionTimingFindings({
                heldAt: input.heldAt,
                sessionBy: ctx.context.guidance?.sessionBy,
                draftApprovedAt: draft?.approvedAt ?? null,
                draftRequired: true,
                minDraftHours: ctx.params.minDraftHours,
              });
        const findings = [...new Set([...timing, ...quality.findings])];
        return {
          facts: { [FACTS.session]: session, [FACTS.attendance]: attendance },
          findings: findings.map((code) => ({ code })),
          resolveFindings: [{ code: 'session-missing', reason: 'Buổi sinh hoạt đã được tổ chức (muộn)', params: { heldAt: input.heldAt } }],
          cancelTimers: ['session-deadline'],
          complete: { output: { attendance } },
        };
      },
    },
  },
  onInstanceStart: (ctx) => {
    const by = ctx.context.guidance?.sessionBy;
    return by ? { timers: [{ key: 'session-deadline', fireAt: endOfDeadline(by) }] } : {};
  },
  start: (ctx) => ({
    openTasks: [{ key: 'record', task: 'record', assignee: secretaryOf(ctx.context), title: { vi: 'Ghi nhận buổi sinh hoạt chi bộ', en: 'Record the session' } }],
  }),
  onTimer: (ctx, timer) => {
    if (timer.key !== 'session-deadline' || ctx.facts[FACTS.session]) return {};
    return { findings: [{ code: 'session-missing', detail: `Quá hạn ${ctx.context.guidance?.sessionBy} chưa tổ chức sinh hoạt`, params: ctx.context.guidance?.sessionBy ? { by: ctx.context.guidance.sessionBy } : {} }] };
  },
});

/** The people of a session as the Vietnamese messages name them (pages word them through `thematic.issue.role.*`). */
const ROLE_VI = { chair: 'Chủ trì', clerk: 'Thư ký', presenter: 'Người trình bày', assignee: 'Người được giao nhiệm vụ' } as const;

function validateSession(ctx: { context: Parameters<typeof findMember>[0]; now: string; facts: Readonly<Record<string, unknown>>; params: z.output<typeof params> }, input: HoldSessionInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { context } = ctx;
  if (compareInstants(input.heldAt, ctx.now) > 0) {
    issues.push({ path: 'heldAt', rule: 'in-future', message: 'Không thể ghi nhận buổi sinh hoạt chưa diễn ra' });
  } else {
    // A session cannot have lasted longer than the time since it began (120 minutes recorded the minute it starts).
    const elapsed = Math.floor((Date.parse(ctx.now) - Date.parse(input.heldAt)) / 60_000);
    if (input.minutes > elapsed) {
      issues.push({ path: 'minutes', rule: 'longer-than-elapsed', message: `Buổi sinh hoạt mới bắt đầu được ${elapsed} phút; không thể ghi thời lượng ${input.minutes} phút`, params: { elapsed, minutes: input.minutes } });
    }
  }
  if (input.draftSentAt && compareInstants(input.draftSentAt, input.heldAt) >= 0) {
    issues.push({ path: 'draftSentAt', rule: 'draft-sent-after-session', message: 'Thời điểm gửi dự thảo phải trước giờ bắt đầu buổi sinh hoạt' });
  }
  const draft = fact<DraftFact>(ctx.facts, FACTS.draft);
  if (ctx.params.draftApproval === 'required' && !draft?.approvedAt) {
    issues.push({ path: 'heldAt', rule: 'draft-not-approved', message: 'Chưa thể ghi nhận buổi sinh hoạt: dự thảo chuyên đề chưa được chi ủy duyệt' });
  }
  issues.push(...validateAbsences(context.org.members, input.absent));
  const absent = new Set(input.absent.map((a) => a.member));
  const guests = new Set(input.guests.map((g) => g.name));
  const mustBePresent = (role: 'chair' | 'clerk' | 'presenter', id: string | undefined) => {
    if (!id) return;
    const member = findMember(context, id);
    if (!member) issues.push({ path: role, rule: 'unknown-member', message: `${ROLE_VI[role]}: không có đảng viên “${id}” trong chi bộ`, params: { role, member: id } });
    else if (absent.has(id)) issues.push({ path: role, rule: 'member-absent', message: `${ROLE_VI[role]}: đồng chí ${member.name} vắng mặt trong buổi sinh hoạt`, params: { role, name: member.name } });
  };
  mustBePresent('chair', input.chair);
  mustBePresent('clerk', input.clerk);
  mustBePresent('presenter', input.presenter);
  if (input.chair === input.clerk) issues.push({ path: 'clerk', rule: 'clerk-is-chair', message: 'Thư ký hội nghị phải là người khác với chủ trì' });
  input.opinions.forEach((opinion, i) => {
    const member = findMember(context, opinion.by);
    if (member && absent.has(opinion.by)) {
      issues.push({ path: `opinions[${i}].by`, rule: 'speaker-absent', message: `Đồng chí ${member.name} vắng mặt nên không thể là người phát biểu`, params: { name: member.name } });
    } else if (!member && !guests.has(opinion.by)) {
      issues.push({ path: `opinions[${i}].by`, rule: 'unknown-speaker', message: `“${opinion.by}” không phải đảng viên có mặt hay khách mời của buổi sinh hoạt`, params: { name: opinion.by } });
    }
  });
  input.assignments.forEach((a, i) => {
    if (!findMember(context, a.to)) issues.push({ path: `assignments[${i}].to`, rule: 'unknown-member', message: `${ROLE_VI.assignee}: không có đảng viên “${a.to}” trong chi bộ`, params: { role: 'assignee', member: a.to } });
  });
  return issues;
}
