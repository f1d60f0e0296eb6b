import { z } from 'zod';
import { secretaryOf, type FieldIssue, type Reaction, type StepContext, type TaskRecord, type TaskSpec } from '@chibo/procedure';
import { compareInstants, localDateTime, parseLocal } from '@chibo/rules';
import { CALENDAR_FACT, calendarEventId, dayOfMonth, monthInWords, sessionName, parseYearInstanceId, sessionInstanceId, type CalendarEntry, type CalendarFact } from './calendar';
import { sessionBatch, type SessionStartParams } from './start-session';

/** The standing task's name on the schedule step (ADR 0028). */
export const MOVE_SESSION_TASK = 'move';

/** The notice kind of a moved session (its e-mail follows the member's convene-notice preference). */
export const SESSION_MOVED_KIND = 'session-changed';

const dmy = (local: string) => `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)}`;

/** The rule (shared with scheduling) that a month holds one regular session. */
export const ONE_REGULAR_SESSION_PER_MONTH = 'one-regular-session-per-month';

/** What the secretary changes: the session (calendar key), its new date, and optionally the time and place. */
export const moveSessionForm = z.object({
  session: z.string().trim().min(1, 'Cần chọn buổi sinh hoạt cần dời'),
  date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Ngày phải có dạng YYYY-MM-DD'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM').optional(),
  place: z.string().trim().min(1).max(300).optional(),
});
export type MoveSessionInput = z.output<typeof moveSessionForm>;

/** The standing task of the n-th move (`move:1` is opened when the calendar is scheduled). */
export function moveTask(ctx: StepContext<unknown, unknown>, n: number): TaskSpec {
  return { key: `${MOVE_SESSION_TASK}:${n}`, task: MOVE_SESSION_TASK, assignee: secretaryOf(ctx.context), title: { vi: 'Dời lịch một buổi sinh hoạt', en: 'Move a scheduled session' }, standing: true };
}

/** The calendar entry as it would be after the move (its new instant, month, place and instance id). */
function movedEntry(cell: string, entry: CalendarEntry, input: MoveSessionInput): CalendarEntry {
  const time = input.time ?? localDateTime(entry.at).slice(11);
  const at = parseLocal(`${input.date}T${time}`);
  // The session keeps its own preparation lead (the days between its start and its sitting).
  const lead = Date.parse(entry.at) - Date.parse(entry.startAt);
  const place = input.place ?? entry.place;
  return {
    ...entry,
    month: input.date.slice(0, 7),
    at,
    startAt: new Date(Date.parse(at) - lead).toISOString(),
    ...(place ? { place } : {}),
    instanceId: sessionInstanceId(cell, entry.key, at),
    sequence: (entry.sequence ?? 0) + 1,
  };
}

/**
 * Why a move is refused (nothing recorded), field by field: an unknown session; one whose procedure already started
 * (its preparation began, or it was held: `session-started`); a date that is not a date, lies outside the calendar's
 * year, or takes a regular session out of its month (which already holds one: `one-regular-session-per-month`); a
 * moment already past; a move that changes nothing.
 */
export function moveSessionIssues(ctx: StepContext<unknown, unknown>, input: MoveSessionInput): FieldIssue[] {
  const calendar = ctx.facts[CALENDAR_FACT] as CalendarFact | undefined;
  const entry = calendar?.entries.find((e) => e.key === input.session);
  if (!calendar || !entry) return [{ path: 'session', rule: 'unknown-session', message: `Lịch sinh hoạt không có buổi “${input.session}”`, params: { session: input.session } }];
  if (ctx.children[entry.key]) {
    return [{ path: 'session', rule: 'session-started', message: `Buổi ${sessionName(entry)} đã bắt đầu chuẩn bị hoặc đã tổ chức, không thể dời lịch; hãy đổi thời gian, địa điểm trong thông báo triệu tập của buổi đó`, params: { kind: entry.kind, month: entry.month } }];
  }
  const year = parseYearInstanceId(ctx.instanceId)?.year ?? calendar.year;
  const [y, m, d] = input.date.split('-');
  if (dayOfMonth(`${y}-${m}`, Number(d)) !== input.date) return [{ path: 'date', rule: 'invalid-date', message: `Ngày ${input.date} không có trong lịch`, params: { date: input.date } }];
  if (Number(y) !== year) return [{ path: 'date', rule: 'outside-year', message: `Ngày ${dmy(input.date)} không thuộc năm ${year} của lịch sinh hoạt`, params: { date: input.date, year } }];
  const month = input.date.slice(0, 7);
  if (entry.kind === 'regular' && month !== entry.month) {
    return [
      {
        path: 'date',
        rule: ONE_REGULAR_SESSION_PER_MONTH,
        message: `Tháng ${monthInWords(month)} đã có buổi sinh hoạt thường kỳ; mỗi tháng chỉ một buổi, hãy dời buổi ${sessionName(entry)} trong tháng ${monthInWords(entry.month)}`,
        params: { month, sessionMonth: entry.month },
      },
    ];
  }
  const moved = movedEntry(ctx.context.org.code, entry, input);
  if (compareInstants(moved.at, ctx.now) <= 0) return [{ path: 'date', rule: 'in-the-past', message: `Thời điểm ${localDateTime(moved.at).slice(11, 16)} ngày ${dmy(input.date)} đã qua`, params: { date: input.date, time: localDateTime(moved.at).slice(11, 16) } }];
  if (moved.at === entry.at && moved.place === entry.place) return [{ path: 'date', rule: 'unchanged', message: 'Thời gian và địa điểm mới trùng với lịch hiện tại' }];
  return [];
}

/**
 * Moves a session that has not started: the calendar entry gets its new time (and place), the old start timer is
 * cancelled — this step's, or the plan approval's for a thematic session — and a new one armed at the new start
 * (`start:<key>:<n>`, on this step); when the new start has already passed, the session starts at once. The next
 * move's standing task opens. Only called with input `moveSessionIssues` accepted.
 */
export function moveSession<S>(ctx: StepContext<SessionStartParams, unknown>, input: MoveSessionInput, task: TaskRecord): Reaction<S> {
  const calendar = ctx.facts[CALENDAR_FACT] as CalendarFact;
  const entry = calendar.entries.find((e) => e.key === input.session)!;
  const moved = movedEntry(ctx.context.org.code, entry, input);
  const old = entry.timer ?? { step: ctx.stepId, key: `start:${entry.key}` };
  const due = compareInstants(moved.startAt, ctx.now) <= 0;
  const timerKey = `start:${entry.key}:${moved.sequence}`;
  const { timer: _old, ...rest } = moved;
  const next: CalendarEntry = due ? rest : { ...rest, timer: { step: ctx.stepId, key: timerKey } };
  const n = Number(task.key.split(':')[1] ?? '1');
  const when = localDateTime(next.at);
  const org = ctx.context.org.code;
  return {
    // Every member who is not suspended is told (board; e-mail with an updated invitation unless they turned convene
    // notices off): the same calendar event as the feed's, at the moved SEQUENCE, so their calendar replaces the time.
    effects: [
      {
        key: `moved:${entry.key}:${next.sequence}`,
        name: 'notify',
        input: {
          to: [{ role: 'member', org }],
          kind: SESSION_MOVED_KIND,
          org,
          message: `Buổi sinh hoạt chi bộ ${sessionName(entry)} dời từ ${localDateTime(entry.at).slice(11, 16)} ngày ${dmy(localDateTime(entry.at))} sang ${when.slice(11, 16)} ngày ${dmy(when)}${next.place ? ` tại ${next.place}` : ''}`,
          event: {
            id: calendarEventId(org, next),
            name: sessionName(next),
            startsAt: next.at,
            // As long as the calendar feed shows it.
            durationMinutes: next.kind === 'regular' ? 90 : 120,
            place: next.place ?? null,
            sequence: next.sequence ?? 1,
          },
        },
      },
    ],
    facts: { [CALENDAR_FACT]: { ...calendar, entries: calendar.entries.map((e) => (e.key === entry.key ? next : e)) } satisfies CalendarFact },
    cancelStepTimers: [old],
    ...(due ? { startChildren: sessionBatch(ctx, next) } : { timers: [{ key: timerKey, fireAt: next.startAt, payload: { session: entry.key } }] }),
    openTasks: [moveTask(ctx, n + 1)],
  };
}
