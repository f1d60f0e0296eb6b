// Internal parsing helpers shared by the time-based rules; not part of the public API.
import { DateTime } from 'luxon';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
// Hours stop at 23: luxon would otherwise accept "T24:00" and roll over to the next day.
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?$/;
const OFFSET_INSTANT = /^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function checked(dt: DateTime, value: string, what: string): DateTime {
  if (!dt.isValid) {
    throw new RangeError(`Invalid ${what} "${value}": ${dt.invalidReason ?? 'unknown reason'}${dt.invalidExplanation ? ` (${dt.invalidExplanation})` : ''}`);
  }
  return dt;
}

function assertString(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new RangeError(`Invalid ${what}: expected a string, got ${typeof value}`);
  }
}

// A string without offset is rejected on purpose: it is ambiguous, and silently reading it as UTC (or as local time)
// is how deadlines end up seven hours off.
/** Parses an instant: an ISO-8601 string with an explicit offset or "Z". */
export function toInstant(value: string, what = 'instant'): DateTime {
  assertString(value, what);
  if (!OFFSET_INSTANT.test(value)) {
    throw new RangeError(`Invalid ${what} "${value}": expected an ISO-8601 instant with an offset or "Z", e.g. "2022-04-01T07:00:00.000Z"`);
  }
  return checked(DateTime.fromISO(value, { setZone: true }), value, what);
}

/** Parses a "YYYY-MM-DD" local date as 00:00 of that day in `zone`. */
export function toLocalDay(value: string, zone: string, what = 'local date'): DateTime {
  assertString(value, what);
  if (!LOCAL_DATE.test(value)) {
    throw new RangeError(`Invalid ${what} "${value}": expected "YYYY-MM-DD"`);
  }
  return checked(DateTime.fromISO(value, { zone }), value, what).startOf('day');
}

/** Parses a local date/date-time (in `zone`) or an instant with an explicit offset. */
export function toDateTime(value: string, zone: string, what = 'time'): DateTime {
  assertString(value, what);
  if (LOCAL_DATE.test(value) || LOCAL_DATE_TIME.test(value)) {
    return checked(DateTime.fromISO(value, { zone }), value, what);
  }
  if (OFFSET_INSTANT.test(value)) {
    // Validate the zone too, so a bad zone fails the same way for every input shape.
    checked(DateTime.fromMillis(0, { zone }), zone, 'time zone');
    return checked(DateTime.fromISO(value, { zone }), value, what);
  }
  throw new RangeError(
    `Invalid ${what} "${value}": expected "YYYY-MM-DD", "YYYY-MM-DDTHH:mm", "YYYY-MM-DDTHH:mm:ss" or an ISO-8601 instant with an offset`,
  );
}

/** The `toISOString()` form of a luxon instant ("2022-04-01T07:00:00.000Z"). */
export function toIso(dt: DateTime): string {
  return dt.toJSDate().toISOString();
}

/** Normalises a "YYYY-MM-DD" date (validated, passed through) or an instant to the local date in `zone`. */
export function toLocalDate(value: string, zone: string, what = 'date'): string {
  assertString(value, what);
  if (LOCAL_DATE.test(value)) {
    return toLocalDay(value, zone, what).toFormat('yyyy-MM-dd');
  }
  const local = toInstant(value, what).setZone(zone);
  if (!local.isValid) {
    throw new RangeError(`Invalid time zone "${zone}"`);
  }
  return local.toFormat('yyyy-MM-dd');
}
