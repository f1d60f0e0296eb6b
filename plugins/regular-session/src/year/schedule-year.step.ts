import { z } from 'zod';
import { defineStep, secretaryOf } from '@chibo/procedure';
import { CALENDAR_FACT, parseYearInstanceId, regularCalendar, type CalendarFact } from './calendar';
import { moveSession, moveSessionForm, moveSessionIssues, moveTask } from './move-session';
import { onStartTimer, scheduleStarts } from './start-session';
import { recordSessionReport } from './year-record';

export const SCHEDULE_YEAR_STEP = 'year:schedule';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Giờ phải có dạng HH:MM');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM');
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Ngày phải có dạng YYYY-MM-DD');

const procedureRef = z.object({ key: z.string(), version: z.number().int().positive(), owner: z.string().optional() });

/** Parameters a committee may change; the defaults are a regular session on the 5th at 14:00, prepared a week ahead. */
export const yearParams = z.object({
  defaultDay: z.number().int().min(1).max(31).default(5),
  defaultTime: time.default('14:00'),
  prepareDaysBefore: z.number().int().min(0).max(60).default(7),
  reportDaysAfter: z.number().int().min(0).max(60).default(5),
  regularProcedure: procedureRef.default({ key: 'regular-session', version: 1 }),
  thematicProcedure: procedureRef.default({ key: 'year-thematic-session', version: 1 }),
  /** The committee's year rule (Phú Thọ and HD 12 by default). */
  rule: z
    .object({
      minTot: z.number().int().min(0).optional(),
      totFloor: z.enum(['Tốt', 'Khá', 'Trung bình', 'Kém']).optional(),
      khaFloor: z.enum(['Tốt', 'Khá', 'Trung bình', 'Kém']).optional(),
      maxConsecutiveAbsences: z.number().int().min(0).optional(),
    })
    .default({}),
});

const form = z.object({
  day: z.number().int().min(1).max(31).optional(),
  time: time.optional(),
  place: z.string().trim().min(1).max(300).optional(),
  sessions: z.array(z.object({ month, date, time: time.optional(), place: z.string().trim().min(1).max(300).optional() })).max(24).default([]),
});

/**
 * This step has the cell's secretary (for the chi ủy) schedule the year's twelve regular sessions — a fixed day of each
 * month unless a month is placed otherwise — and starts each session's procedure by itself when its preparation is due
 * (a durable timer). It also keeps the year's record: every session of the calendar reports here. Until the year
 * ends, the secretary may move a session that has not started (a standing task, `move-session.ts`).
 */
export const scheduleYearStep = defineStep({
  name: SCHEDULE_YEAR_STEP,
  version: 1,
  title: { vi: 'Lập lịch sinh hoạt chi bộ năm', en: 'Schedule the year' },
  description: { vi: 'Chi ủy lập lịch 12 buổi sinh hoạt thường kỳ của năm; mỗi buổi tự khởi tạo khi đến hạn chuẩn bị.', en: 'The cell schedules its twelve regular sessions; each starts by itself when due.' },
  params: yearParams,
  initialState: {},
  // A move tells the cell's members (ADR 0029).
  effects: ['notify'],
  tasks: {
    schedule: {
      title: { vi: 'Lập lịch sinh hoạt thường kỳ của năm', en: 'Schedule the regular sessions' },
      form,
      validate: (ctx, input) => {
        const year = parseYearInstanceId(ctx.instanceId)?.year ?? 0;
        return regularCalendar(ctx.context.org.code, year, { day: input.day ?? ctx.params.defaultDay, time: input.time ?? ctx.params.defaultTime, sessions: input.sessions, ...(input.place ? { place: input.place } : {}) }, ctx.params.prepareDaysBefore).issues;
      },
      submit: (ctx, input) => {
        const year = parseYearInstanceId(ctx.instanceId)?.year ?? 0;
        const { entries } = regularCalendar(
          ctx.context.org.code,
          year,
          { day: input.day ?? ctx.params.defaultDay, time: input.time ?? ctx.params.defaultTime, sessions: input.sessions, ...(input.place ? { place: input.place } : {}) },
          ctx.params.prepareDaysBefore,
        );
        const calendar: CalendarFact = { year, entries };
        // The secretary may move a session that has not started yet for as long as the year runs (a standing task).
        return { facts: { [CALENDAR_FACT]: calendar }, ...scheduleStarts(ctx, entries), openTasks: [moveTask(ctx, 1)], complete: { output: { sessions: entries.length } } };
      },
    },
    move: {
      title: { vi: 'Dời lịch một buổi sinh hoạt', en: 'Move a scheduled session' },
      form: moveSessionForm,
      validate: (ctx, input) => moveSessionIssues(ctx, input),
      submit: (ctx, input, _by, task) => moveSession(ctx, input, task),
    },
  },
  start: (ctx) => ({
    openTasks: [{ key: 'schedule', task: 'schedule', assignee: secretaryOf(ctx.context), title: { vi: 'Lập lịch sinh hoạt chi bộ năm', en: 'Schedule the year' } }],
  }),
  onTimer: (ctx, timer) => onStartTimer(ctx, timer),
  onChildReport: (ctx, child, report) => recordSessionReport(ctx.facts, ctx.context, child, report, ctx.params.rule, ctx.findings),
});
