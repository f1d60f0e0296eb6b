import { DateTime } from 'luxon';
import { toDateTime, toInstant, toIso, toLocalDay } from './parse-time';

/** The time zone every cell uses unless a committee says otherwise (Vietnam, UTC+7, no DST today). */
export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MS_PER_HOUR = 3_600_000;

// Accepted: "YYYY-MM-DD" (00:00), "YYYY-MM-DDTHH:mm", "YYYY-MM-DDTHH:mm:ss" read in `zone`, or an ISO string with an
// explicit offset/"Z". Anything else, an impossible date (2022-02-30) or an unknown zone throws a RangeError.
/** Converts a local date/time in `zone` (or an offset ISO string) to the UTC instant in `toISOString()` form. */
export function parseLocal(value: string, zone: string = VN_TIME_ZONE): string {
  return toIso(toDateTime(value, zone, 'local time'));
}

/** The exclusive end of a deadline date: 00:00 of the next local day, so the whole deadline day counts. */
export function endOfDeadline(date: string, zone: string = VN_TIME_ZONE): string {
  return toIso(toLocalDay(date, zone, 'deadline date').plus({ days: 1 }).startOf('day'));
}

/** True when `instant` falls before the end of `deadlineDate` (the whole local day included). */
export function isWithinDeadline(instant: string, deadlineDate: string, zone: string = VN_TIME_ZONE): boolean {
  return toInstant(instant).toMillis() < toInstant(endOfDeadline(deadlineDate, zone)).toMillis();
}

/** Adds `hours` (may be fractional or negative) of elapsed time to `instant`. */
export function addHours(instant: string, hours: number): string {
  if (!Number.isFinite(hours)) {
    throw new RangeError(`Invalid hours ${hours}: expected a finite number`);
  }
  return toIso(DateTime.fromMillis(toInstant(instant).toMillis() + hours * MS_PER_HOUR, { zone: 'utc' }));
}

/** Adds whole calendar `days` in `zone` (same local clock time, even across an offset change). */
export function addDays(instant: string, days: number, zone: string = VN_TIME_ZONE): string {
  if (!Number.isInteger(days)) {
    throw new RangeError(`Invalid days ${days}: expected an integer`);
  }
  const local = toInstant(instant).setZone(zone);
  if (!local.isValid) {
    throw new RangeError(`Invalid time zone "${zone}"`);
  }
  return toIso(local.plus({ days }));
}

/** Elapsed hours from `from` to `to` (`to - from`; fractional, negative when `to` is earlier). */
export function hoursBetween(from: string, to: string): number {
  return (toInstant(to).toMillis() - toInstant(from).toMillis()) / MS_PER_HOUR;
}

/** The local calendar date ("YYYY-MM-DD") of `instant` in `zone`. */
export function localDate(instant: string, zone: string = VN_TIME_ZONE): string {
  return inZone(instant, zone).toFormat('yyyy-MM-dd');
}

/** The local date and minute ("YYYY-MM-DDTHH:mm") of `instant` in `zone`. */
export function localDateTime(instant: string, zone: string = VN_TIME_ZONE): string {
  return inZone(instant, zone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** True when the draft was approved at least `minHours` (default 24) before the session starts. */
export function isDraftTimely(approvedAt: string, sessionAt: string, minHours = 24): boolean {
  if (!Number.isFinite(minHours) || minHours < 0) {
    throw new RangeError(`Invalid minHours ${minHours}: expected a non-negative number`);
  }
  return hoursBetween(approvedAt, sessionAt) >= minHours;
}

/** Orders two instants: -1 when `a` is earlier, 1 when later, 0 when they are the same moment. */
export function compareInstants(a: string, b: string): number {
  return Math.sign(toInstant(a).toMillis() - toInstant(b).toMillis());
}

function inZone(instant: string, zone: string): DateTime {
  const local = toInstant(instant).setZone(zone);
  if (!local.isValid) {
    throw new RangeError(`Invalid time zone "${zone}"`);
  }
  return local;
}
