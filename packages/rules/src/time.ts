import { DateTime } from 'luxon';
import { memo } from './memo';
import { toDateTime, toInstant, toIso, toLocalDay } from './parse-time';

/** The time zone every cell uses unless a committee says otherwise (Vietnam, UTC+7, no DST today). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MS_PER_HOUR = 3_600_000;

// Accepted: "YYYY-MM-DD" (00:00), "YYYY-MM-DDTHH:mm", "YYYY-MM-DDTHH:mm:ss" read in `zone`, or an ISO string with an
// explicit offset/"Z". Anything else, an impossible date (2022-02-30) or an unknown zone throws a RangeError.
/** Converts a local date/time in `zone` (or an offset ISO string) to the UTC instant in `toISOString()` form. */
export function parseLocal(value: string, zone: string = VN_TIME_ZONE): string {
  assertText(value, 'local time');
  return parseLocalMemo(value, zone);
}
const parseLocalMemo = memo((value: string, zone: string) => toIso(toDateTime(value, zone, 'local time')));

/** The exclusive end of a deadline date: 00:00 of the next local day, so the whole deadline day counts. */
export function endOfDeadline(date: string, zone: string = VN_TIME_ZONE): string {
  assertText(date, 'deadline date');
  return endOfDeadlineMemo(date, zone);
}
const endOfDeadlineMemo = memo((date: string, zone: string) => toIso(toLocalDay(date, zone, 'deadline date').plus({ days: 1 }).startOf('day')));

/** True when `instant` falls before the end of `deadlineDate` (the whole local day included). */
export function isWithinDeadline(instant: string, deadlineDate: string, zone: string = VN_TIME_ZONE): boolean {
  return millisOf(instant) < millisOf(endOfDeadline(deadlineDate, zone));
}

/** Adds `hours` (may be fractional or negative) of elapsed time to `instant`. */
export function addHours(instant: string, hours: number): string {
  if (!Number.isFinite(hours)) {
    throw new RangeError(`Invalid hours ${hours}: expected a finite number`);
  }
  return toIso(DateTime.fromMillis(millisOf(instant) + hours * MS_PER_HOUR, { zone: 'utc' }));
}

/** Adds whole calendar `days` in `zone` (same local clock time, even across an offset change). */
export function addDays(instant: string, days: number, zone: string = VN_TIME_ZONE): string {
  if (!Number.isInteger(days)) {
    throw new RangeError(`Invalid days ${days}: expected an integer`);
  }
  assertText(instant, 'instant');
  return addDaysMemo(instant, days, zone);
}
const addDaysMemo = memo((instant: string, days: number, zone: string) => {
  const local = toInstant(instant).setZone(zone);
  if (!local.isValid) {
    throw new RangeError(`Invalid time zone "${zone}"`);
  }
  return toIso(local.plus({ days }));
});

/** Elapsed hours from `from` to `to` (`to - from`; fractional, negative when `to` is earlier). */
export function hoursBetween(from: string, to: string): number {
  return (millisOf(to) - millisOf(from)) / MS_PER_HOUR;
}

/** The local calendar date ("YYYY-MM-DD") of `instant` in `zone`. */
export function localDate(instant: string, zone: string = VN_TIME_ZONE): string {
  assertText(instant, 'instant');
  return localDateMemo(instant, zone);
}
const localDateMemo = memo((instant: string, zone: string) => inZone(instant, zone).toFormat('yyyy-MM-dd'));

/** The local date and minute ("YYYY-MM-DDTHH:mm") of `instant` in `zone`. */
export function localDateTime(instant: string, zone: string = VN_TIME_ZONE): string {
  assertText(instant, 'instant');
  return localDateTimeMemo(instant, zone);
}
const localDateTimeMemo = memo((instant: string, zone: string) => inZone(instant, zone).toFormat("yyyy-MM-dd'T'HH:mm"));

/** True when the draft was approved at least `minHours` (default 24) before the session starts. */
export function isDraftTimely(approvedAt: string, sessionAt: string, minHours = 24): boolean {
  if (!Number.isFinite(minHours) || minHours < 0) {
    throw new RangeError(`Invalid minHours ${minHours}: expected a non-negative number`);
  }
  return hoursBetween(approvedAt, sessionAt) >= minHours;
}

/** Orders two instants: -1 when `a` is earlier, 1 when later, 0 when they are the same moment. */
export function compareInstants(a: string, b: string): number {
  return Math.sign(millisOf(a) - millisOf(b));
}

/** Milliseconds since the epoch of an instant (validated as `toInstant` does). */
function millisOf(instant: string): number {
  assertText(instant, 'instant');
  return millisMemo(instant);
}
const millisMemo = memo((instant: string) => toInstant(instant).toMillis());

/** Arguments reach the memos only as strings: anything else fails as the parsers say, uncached. */
function assertText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') throw new RangeError(`Invalid ${what}: expected a string, got ${typeof value}`);
}

function inZone(instant: string, zone: string): DateTime {
  const local = toInstant(instant).setZone(zone);
  if (!local.isValid) {
    throw new RangeError(`Invalid time zone "${zone}"`);
  }
  return local;
}
