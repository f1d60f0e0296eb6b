import type { FieldIssue, GuidanceRef, OrgRef, ProcedureRef } from '@chibo/procedure';
import { addDays, compareInstants, localDate, parseLocal } from '@chibo/rules';

/** The business key (and instance id) of a cell's year: one calendar per cell and calendar year. */
export function yearInstanceId(cell: string, year: number): string {
  return `year:${cell}:${year}`;
}

/** The cell and year of a year instance id (the core learns its year from its own id: no clock, no extra context). */
export function parseYearInstanceId(instanceId: string): { cell: string; year: number } | undefined {
  const match = /^year:(.+):(\d{4})$/.exec(instanceId);
  return match ? { cell: match[1]!, year: Number(match[2]) } : undefined;
}

/** Regular (thường kỳ) or thematic (chuyên đề). */
export type CalendarKind = 'regular' | 'thematic';

/** One session on a cell's calendar. */
export interface CalendarEntry {
  /** `TK-2024-03` (regular) or `CD-2024-03` (thematic; `CD-2024-03-2` for a second one that month). */
  key: string;
  kind: CalendarKind;
  month: string;
  /** When the session is held (an instant). */
  at: string;
  place?: string;
  /** Thematic: the topic and who prepares it. */
  topic?: string;
  preparer?: string;
  /** When its procedure instance starts (the preparation begins): `prepareDaysBefore` days before `at`. */
  startAt: string;
  /** The id of the session's procedure instance once started (derived from the key and date). */
  instanceId: string;
  /** The procedure the session runs, when the step that scheduled it says (thematic sessions); else its kind's default. */
  procedure?: ProcedureRef;
  /**
   * The start timer armed for it, when it is not `start:<key>` of the step that scheduled it (a moved session; a
   * thematic session names the plan approval's step).
   */
  timer?: { step: string; key: string };
  /** How many times the session was moved (0 when never): the iCalendar SEQUENCE of its event. */
  sequence?: number;
}

/** The calendar fact a year instance keeps (`calendar`). */
export interface CalendarFact {
  year: number;
  entries: CalendarEntry[];
}

export const CALENDAR_FACT = 'calendar';
export const YEAR_FACT = 'year';
export const ANNUAL_PLAN_FACT = 'annualPlan';

const pad = (n: number) => String(n).padStart(2, '0');

/** The months of a year, `YYYY-01` … `YYYY-12`. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`);
}

/** The local date of a day of a month, clamped to the month's last day (a day 31 in February is the 28th/29th). */
export function dayOfMonth(month: string, day: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${pad(Math.min(day, last))}`;
}

/** The last local date of a month. */
export function lastDayOf(month: string): string {
  return dayOfMonth(month, 31);
}

/** The id of a scheduled session's instance: the cell's, under the session's own key and date (see `sessionGuidance`). */
export function sessionInstanceId(cell: string, key: string, at: string): string {
  return `cell:${cell}:${key}:${localDate(at)}`;
}

/**
 * The id of a calendar session as a calendar event (`year:<cell>:<year>/<key>`): stable across moves (unlike its
 * instance id, which carries the date) and unique across cells (unlike the key). The iCalendar UID of the feed's
 * event, of the move updates and of the convene invitation is made from it (`sessionEventUid` in @chibo/notifications).
 */
export function calendarEventId(cell: string, entry: Pick<CalendarEntry, 'key' | 'month'>): string {
  return `${yearInstanceId(cell, Number(entry.month.slice(0, 4)))}/${entry.key}`;
}

/** "thường kỳ tháng 04/2026" or "chuyên đề tháng 05/2026: <topic>": a calendar session named in a sentence. */
export function sessionName(entry: Pick<CalendarEntry, 'kind' | 'month' | 'topic'>): string {
  const [y, m] = entry.month.split('-');
  return entry.kind === 'regular' ? `thường kỳ tháng ${m}/${y}` : `chuyên đề tháng ${m}/${y}${entry.topic ? `: ${entry.topic}` : ''}`;
}

/**
 * What a scheduled session carries out in place of a committee's guidance: the cell's own calendar entry. Its number is
 * the entry key, so every session of the year has its own instance; its issuer is the cell itself, which the documents
 * read as "no guidance to cite". The session must be held within its month and reported `reportDaysAfter` days after.
 */
export function sessionGuidance(cell: OrgRef, entry: Pick<CalendarEntry, 'key' | 'kind' | 'month' | 'at' | 'topic' | 'sequence'>, reportDaysAfter: number): GuidanceRef {
  const sessionBy = lastDayOf(entry.month);
  const held = localDate(entry.at);
  const reportBy = localDate(addDays(parseLocal(held > sessionBy ? held : sessionBy), reportDaysAfter));
  const [y, m] = entry.month.split('-');
  return {
    number: entry.key,
    issuedOn: held,
    title: entry.kind === 'regular' ? `Sinh hoạt chi bộ thường kỳ tháng ${m}/${y}` : `Sinh hoạt chuyên đề tháng ${m}/${y}${entry.topic ? `: ${entry.topic}` : ''}`,
    issuer: { code: cell.code, name: cell.name, abbr: cell.abbr, kind: cell.kind },
    sessionBy,
    reportBy,
    // The convene invitation is the same calendar event as the feed's and the move updates', at the moves' SEQUENCE.
    calendarEvent: { id: calendarEventId(cell.code, entry), sequence: entry.sequence ?? 0 },
  };
}

/** A regular session the secretary places on a given date instead of the default day. */
export interface RegularOverride {
  month: string;
  date: string;
  time?: string;
  place?: string;
}

/** A month (YYYY-MM) as messages write it: 03/2026. */
export const monthInWords = (month: string): string => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** A date (YYYY-MM-DD) as messages write it: 31/12/2026. */
export const dateInWords = (date: string): string => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** True when a YYYY-MM-DD date exists (not 30 February, not day 00 or 32). */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const day = Number(match[3]);
  return day >= 1 && Number(match[2]) >= 1 && Number(match[2]) <= 12 && dayOfMonth(`${match[1]}-${match[2]}`, day) === date;
}

/** The issue of a date that is not in the calendar (rule `invalid-date`, as moving a session words it). */
export function invalidDate(path: string, date: string): FieldIssue {
  return { path, rule: 'invalid-date', message: `Ngày ${dateInWords(date)} không có trong lịch`, params: { date } };
}

/** What the secretary schedules for the year's regular sessions. */
export interface RegularScheduleInput {
  day: number;
  time: string;
  place?: string;
  sessions: RegularOverride[];
}

/**
 * The year's twelve regular sessions: each month on `day` at `time`, except the months the secretary placed otherwise.
 * Refuses (field issues, nothing scheduled) a month outside the year, a date outside its month or not in the calendar
 * (30 February), and two regular sessions in one month (Điều lệ art. 24: one regular session a month).
 */
export function regularCalendar(cell: string, year: number, input: RegularScheduleInput, prepareDaysBefore: number): { entries: CalendarEntry[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const byMonth = new Map<string, RegularOverride>();
  input.sessions.forEach((s, i) => {
    if (!s.month.startsWith(`${year}-`)) {
      issues.push({ path: `sessions.${i}.month`, rule: 'outside-year', message: `Tháng ${monthInWords(s.month)} không thuộc năm ${year} của lịch sinh hoạt`, params: { month: s.month, year } });
      return;
    }
    if (byMonth.has(s.month)) {
      issues.push({ path: `sessions.${i}.month`, rule: 'one-regular-session-per-month', message: `Tháng ${monthInWords(s.month)} đã có một buổi sinh hoạt thường kỳ; mỗi tháng chỉ một buổi`, params: { month: s.month } });
      return;
    }
    if (!s.date.startsWith(`${s.month}-`)) {
      issues.push({ path: `sessions.${i}.date`, rule: 'outside-month', message: `Ngày ${dateInWords(s.date)} không thuộc tháng ${monthInWords(s.month)}`, params: { date: s.date, month: s.month } });
      return;
    }
    if (!isCalendarDate(s.date)) {
      issues.push(invalidDate(`sessions.${i}.date`, s.date));
      return;
    }
    byMonth.set(s.month, s);
  });
  if (issues.length) return { entries: [], issues };
  const entries = monthsOf(year).map((month) => {
    const own = byMonth.get(month);
    const at = parseLocal(`${own?.date ?? dayOfMonth(month, input.day)}T${own?.time ?? input.time}`);
    const key = `TK-${month}`;
    const place = own?.place ?? input.place;
    return { key, kind: 'regular' as const, month, at, ...(place ? { place } : {}), startAt: addDays(at, -prepareDaysBefore), instanceId: sessionInstanceId(cell, key, at) };
  });
  return { entries, issues };
}

/** A topic of the annual thematic plan: in a month, or in a quarter (held in its last month). */
export interface PlanTopicInput {
  month?: string;
  quarter?: number;
  topic: string;
  preparer?: string;
  date?: string;
  time?: string;
}

/** The month a plan topic is held in: its month, or the last month of its quarter. */
export function topicMonth(year: number, topic: Pick<PlanTopicInput, 'month' | 'quarter'>): string {
  if (topic.month) return topic.month;
  return `${year}-${pad((topic.quarter ?? 1) * 3)}`;
}

/**
 * The thematic sessions of an approved plan: each on its own date, else on the day of that month's regular session
 * (a combined sitting, the commonest practice), else on `day` of the month.
 */
export function thematicCalendar(cell: string, year: number, topics: ReadonlyArray<PlanTopicInput & { preparer: string }>, regular: readonly CalendarEntry[], day: number, time: string, prepareDaysBefore: number): CalendarEntry[] {
  const used = new Map<string, number>();
  return topics.map((t) => {
    const month = topicMonth(year, t);
    const n = (used.get(month) ?? 0) + 1;
    used.set(month, n);
    const key = `CD-${month}${n > 1 ? `-${n}` : ''}`;
    const sameMonth = regular.find((r) => r.month === month);
    const at = t.date ? parseLocal(`${t.date}T${t.time ?? time}`) : sameMonth ? sameMonth.at : parseLocal(`${dayOfMonth(month, day)}T${time}`);
    return { key, kind: 'thematic' as const, month, at, topic: t.topic, preparer: t.preparer, startAt: addDays(at, -prepareDaysBefore), instanceId: sessionInstanceId(cell, key, at) };
  });
}

/** Entries in the order they are held (then by key). */
export function byDate(a: CalendarEntry, b: CalendarEntry): number {
  return compareInstants(a.at, b.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
