import { z } from 'zod';
import { committeeOf, defineStep, type ChildRecord, type StepContext } from '@chibo/procedure';
import { addDays, compareInstants, endOfDeadline, localDate } from '@chibo/rules';
import { effectiveGuidance, recipientCount, recipientsOf } from '../cascade';

export const AWAIT_REPORTS_STEP = 'guidance:await-reports';

type Params = { reminderDaysBefore: number; reminderDaysAfter: number; timersOn: 'instance-start' | 'step-start'; noticeEachReportUpTo: number; overdueToCommittee: boolean };
/** Reports the committee has been told of in a daily notice (guidances past `noticeEachReportUpTo` recipients). */
type State = { noticed?: number };

/** Timer keys of the daily notices: `report-digest-<local date>`. */
const DIGEST = 'report-digest-';

/** Units named in the committee's overdue notice; past this, "và n đơn vị khác". */
const OVERDUE_NAMES = 10;

/**
 * This step waits for every cell's report, reminding the cells that have not reported before and after the deadline.
 * It ends when all cells have reported or the deadline passes; reports that arrive later are still recorded. From
 * version 2 the committee that issued the guidance is told at the deadline which units have not reported
 * (`overdueToCommittee`).
 */
const awaitReportsStepOf = (version: 1 | 2) => defineStep({
  name: AWAIT_REPORTS_STEP,
  version,
  title: { vi: 'Theo dõi báo cáo của các chi bộ', en: 'Await the cells’ reports' },
  description: { vi: 'Nhắc các chi bộ chưa báo cáo trước và sau hạn; ghi nhận báo cáo đúng hạn, muộn, thiếu.', en: 'Remind cells before and after the deadline; record on-time, late and missing reports.' },
  params: z.object({
    reminderDaysBefore: z.number().int().min(0).default(3),
    reminderDaysAfter: z.number().int().min(0).default(3),
    // A committee implementing a guidance knows its own report deadline only once it has issued its guidance.
    timersOn: z.enum(['instance-start', 'step-start']).default('instance-start'),
    // Up to this many recipients the committee is told of each report; past it, once a day with the day's count
    // (a committee of thousands of cells does not want thousands of notices, and each is an effect to carry out).
    noticeEachReportUpTo: z.number().int().min(0).default(100),
    // At the deadline, tell the committee itself which units are overdue (version 2 on; version 1 replays unchanged).
    overdueToCommittee: z.boolean().default(version >= 2),
  }),
  initialState: {} as State,
  effects: ['notify'],
  tasks: {},
  onInstanceStart: (ctx) => (ctx.params.timersOn === 'instance-start' ? { timers: deadlineTimers(ctx) } : {}),
  start: (ctx) => {
    if (allReported(ctx)) return { complete: {} };
    return ctx.params.timersOn === 'step-start' ? { timers: deadlineTimers(ctx) } : {};
  },
  validateChildReport: () => [],
  onChildReport: (ctx, child) => {
    const last = ctx.current && allReported(ctx);
    const ending = last ? { cancelTimers: ['reminder-before', 'reminder-after'], complete: {} } : {};
    // The committee hears of each report as it arrives (on time or late), on its board and by e-mail…
    if (recipientCount(ctx) <= ctx.params.noticeEachReportUpTo) return { effects: [{ key: `report-received-${child}`, name: 'notify', input: reportReceived(ctx, child) }], ...ending };
    // …or, for a large guidance, at the end of each day that brought reports, and at once when the last one arrives.
    const day = `${DIGEST}${localDate(ctx.now)}`;
    if (last) return { ...dailyNotice(ctx, day), ...ending, cancelTimers: ['reminder-before', 'reminder-after', day] };
    return { timers: [{ key: day, fireAt: endOfDeadline(localDate(ctx.now)) }] };
  },
  onTimer: (ctx, timer) => {
    if (timer.key.startsWith(DIGEST)) return dailyNotice(ctx, timer.key);
    const pending = unreported(ctx);
    // A cell's secretary is reminded; a committee (cascades) is reminded as a committee.
    const committees = new Set(recipientsOf(ctx).committees.map((c) => c.code));
    const remind = (kind: string, message: string) =>
      pending.length
        ? [{ key: timer.key, name: 'notify', input: { to: pending.map((c) => (committees.has(c.org) ? committeeOf(c.org) : { role: 'secretary', org: c.org })), kind, message } }]
        : [];
    const guidance = effectiveGuidance(ctx);
    const by = guidance?.reportBy;
    if (timer.key === 'reminder-before') return { effects: remind('report-reminder', `Nhắc: hạn báo cáo theo ${guidance?.number} là ngày ${by}`) };
    if (timer.key === 'reminder-after') return { effects: remind('report-overdue', `Đã quá hạn báo cáo theo ${guidance?.number} (hạn ${by})`) };
    if (timer.key === 'deadline') {
      return {
        facts: { missingAtDeadline: pending.map((c) => c.key) },
        effects: [...remind('report-overdue', `Đã quá hạn báo cáo theo ${guidance?.number} (hạn ${by})`), ...(ctx.params.overdueToCommittee ? overdueToCommittee(ctx, pending) : [])],
        ...(ctx.current ? { complete: {} } : {}),
      };
    }
    return {};
  },
});

export const awaitReportsStepV1 = awaitReportsStepOf(1);
/** The current version: the issuing committee is told at the deadline which units are overdue. */
export const awaitReportsStep = awaitReportsStepOf(2);

/** The issuing committee's notice at the deadline: how many units have not reported, and which (the first ten). */
function overdueToCommittee(ctx: StepContext<Params, unknown>, pending: ChildRecord[]) {
  if (!pending.length) return [];
  const guidance = effectiveGuidance(ctx);
  const by = guidance?.reportBy;
  const day = by ? `${by.slice(8, 10)}/${by.slice(5, 7)}/${by.slice(0, 4)}` : '';
  const nameOf = (org: string) => ctx.context.cells?.find((c) => c.code === org)?.name ?? ctx.context.committees?.find((c) => c.code === org)?.name ?? org;
  const names = pending.slice(0, OVERDUE_NAMES).map((c) => nameOf(c.org));
  const more = pending.length > OVERDUE_NAMES ? ` và ${pending.length - OVERDUE_NAMES} đơn vị khác` : '';
  return [
    {
      key: 'overdue-committee',
      name: 'notify',
      input: {
        to: [committeeOf(ctx.context.org.code)],
        kind: 'reports-overdue',
        message: `Đã quá hạn báo cáo theo ${guidance?.number ?? 'hướng dẫn'}${day ? ` (hạn ${day})` : ''}: còn ${pending.length}/${recipientCount(ctx)} đơn vị chưa gửi báo cáo — ${names.join(', ')}${more}`,
        org: ctx.context.org.code,
      },
    },
  ];
}

/** The reminders before and after the report deadline, and the deadline itself. */
function deadlineTimers(ctx: StepContext<Params, unknown>): Array<{ key: string; fireAt: string }> {
  const by = effectiveGuidance(ctx)?.reportBy;
  if (!by) return [];
  const deadline = endOfDeadline(by);
  const before = addDays(deadline, -ctx.params.reminderDaysBefore);
  return [
    ...(ctx.params.reminderDaysBefore > 0 && compareInstants(before, ctx.now) > 0 ? [{ key: 'reminder-before', fireAt: before }] : []),
    { key: 'deadline', fireAt: deadline },
    ...(ctx.params.reminderDaysAfter > 0 ? [{ key: 'reminder-after', fireAt: addDays(deadline, ctx.params.reminderDaysAfter) }] : []),
  ];
}

/** The notice to the committee that issued the guidance: which cell reported, and against which guidance. */
function reportReceived(ctx: StepContext<Params, unknown>, child: string) {
  const org = ctx.children[child]?.org ?? child;
  const name = ctx.context.cells?.find((c) => c.code === org)?.name ?? ctx.context.committees?.find((c) => c.code === org)?.name ?? org;
  return {
    to: [committeeOf(ctx.context.org.code)],
    kind: 'report-received',
    message: `${name} đã gửi báo cáo kết quả theo ${effectiveGuidance(ctx)?.number ?? 'hướng dẫn'}`,
    org: ctx.context.org.code,
  };
}

/**
 * The committee's notice of the reports that arrived since its last one: how many, and how many of all recipients
 * have reported so far. Nothing when none arrived (the last report's notice was already sent).
 */
function dailyNotice(ctx: StepContext<Params, State>, key: string) {
  const reported = ctx.childrenReported ?? 0;
  const fresh = reported - (ctx.state.noticed ?? 0);
  if (fresh <= 0) return {};
  const number = effectiveGuidance(ctx)?.number ?? 'hướng dẫn';
  return {
    state: { ...ctx.state, noticed: reported },
    effects: [
      {
        key,
        name: 'notify',
        input: {
          to: [committeeOf(ctx.context.org.code)],
          kind: 'report-received',
          message: `Thêm ${fresh} đơn vị đã gửi báo cáo kết quả theo ${number}; đã có ${reported}/${recipientCount(ctx)} đơn vị báo cáo`,
          org: ctx.context.org.code,
        },
      },
    ],
  };
}

function unreported(ctx: StepContext<Params, unknown>): ChildRecord[] {
  return Object.values(ctx.children).filter((c) => !c.report);
}

function allReported(ctx: StepContext<Params, unknown>): boolean {
  // Runs on every report of a guidance to thousands of cells: the fold keeps the count, so nothing is walked. Each cell
  // reports once and only recipients (cells in scope, committees of a cascade) are children, so every recipient has
  // reported when the counts agree.
  return ctx.childrenReported === recipientCount(ctx);
}
