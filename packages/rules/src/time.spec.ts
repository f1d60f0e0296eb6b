import {
  VN_TIME_ZONE,
  addDays,
  addHours,
  compareInstants,
  endOfDeadline,
  hoursBetween,
  isDraftTimely,
  isWithinDeadline,
  localDate,
  localDateTime,
  parseLocal,
} from './time';

describe('parseLocal', () => {
  it('should use the Vietnamese zone when no zone is given', () => {
    expect(VN_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
    expect(parseLocal('2022-04-01T07:00')).toBe('2022-04-01T00:00:00.000Z');
  });

  it.each([
    ['2022-04-01', '2022-03-31T17:00:00.000Z'],
    ['2022-04-01T07:00', '2022-04-01T00:00:00.000Z'],
    ['2022-04-01T07:00:30', '2022-04-01T00:00:30.000Z'],
    ['2022-04-01T23:59', '2022-04-01T16:59:00.000Z'],
    ['2022-04-01T07:00:00.000Z', '2022-04-01T07:00:00.000Z'],
    ['2022-04-01T07:00:00+07:00', '2022-04-01T00:00:00.000Z'],
    ['2022-04-01T07:00+09:00', '2022-03-31T22:00:00.000Z'],
    ['2024-02-29', '2024-02-28T17:00:00.000Z'],
  ])('should return the UTC instant when given %s', (value, expected) => {
    expect(parseLocal(value)).toBe(expected);
  });

  it('should read local values in the given zone when a zone is passed', () => {
    expect(parseLocal('2022-04-01T07:00', 'UTC')).toBe('2022-04-01T07:00:00.000Z');
    expect(parseLocal('2022-04-01T07:00:00.000Z', 'UTC')).toBe('2022-04-01T07:00:00.000Z');
  });

  it("should follow the zone's historical offset when the date predates UTC+7 (tz database, not a hand-rolled offset)", () => {
    // Saigon used UTC+8 until 13 June 1975.
    expect(parseLocal('1975-04-30')).toBe('1975-04-29T16:00:00.000Z');
    expect(parseLocal('1975-06-14')).toBe('1975-06-13T17:00:00.000Z');
  });

  it.each([
    [''],
    ['2022-4-1'],
    ['2022-02-30'],
    ['2023-02-29'],
    ['2022-13-01'],
    ['2022-04-01T24:00'],
    ['2022-04-01T07:60'],
    ['2022-04-01 07:00'],
    ['2022-04'],
    ['2022-W13-5'],
    ['01/04/2022'],
    ['yesterday'],
  ])('should throw a RangeError when the value is %p', (value) => {
    expect(() => parseLocal(value)).toThrow(RangeError);
  });

  it('should name the offending value when it throws', () => {
    expect(() => parseLocal('2022-02-30')).toThrow(/"2022-02-30"/);
  });

  it.each([['2022-04-01'], ['2022-04-01T07:00:00.000Z']])('should throw a RangeError when the zone is unknown for %s', (value) => {
    expect(() => parseLocal(value, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('endOfDeadline', () => {
  it.each([
    ['2022-04-30', VN_TIME_ZONE, '2022-04-30T17:00:00.000Z'],
    ['2022-12-31', VN_TIME_ZONE, '2022-12-31T17:00:00.000Z'],
    ['2024-02-28', VN_TIME_ZONE, '2024-02-28T17:00:00.000Z'],
    ['2022-04-30', 'UTC', '2022-05-01T00:00:00.000Z'],
  ])('should return 00:00 of the next local day when the deadline is %s in %s', (date, zone, expected) => {
    expect(endOfDeadline(date, zone)).toBe(expected);
  });

  it.each([['2022-04-30T10:00'], ['2022-04-30T10:00:00.000Z'], ['2022-04-31']])(
    'should throw a RangeError when the deadline is not a local date (%s)',
    (date) => {
      expect(() => endOfDeadline(date)).toThrow(RangeError);
    },
  );
});

describe('isWithinDeadline', () => {
  it.each([
    { label: 'the day before', instant: '2022-04-29T10:00:00.000Z', expected: true },
    { label: 'at 00:00 local on the deadline day', instant: parseLocal('2022-04-30T00:00'), expected: true },
    { label: 'at 23:59 local on the deadline day', instant: parseLocal('2022-04-30T23:59'), expected: true },
    { label: 'in the last millisecond of the deadline day', instant: '2022-04-30T16:59:59.999Z', expected: true },
    { label: 'at 00:00 local the next day', instant: parseLocal('2022-05-01T00:00'), expected: false },
    { label: 'a week later', instant: '2022-05-07T03:00:00.000Z', expected: false },
  ])('should return $expected when the instant is $label', ({ instant, expected }) => {
    expect(isWithinDeadline(instant, '2022-04-30')).toBe(expected);
  });

  it('should judge by the given zone when a zone is passed', () => {
    // 20:00 UTC on 30 April is already 1 May in Vietnam.
    expect(isWithinDeadline('2022-04-30T20:00:00.000Z', '2022-04-30', 'UTC')).toBe(true);
    expect(isWithinDeadline('2022-04-30T20:00:00.000Z', '2022-04-30')).toBe(false);
  });

  it('should throw a RangeError when the instant has no offset', () => {
    expect(() => isWithinDeadline('2022-04-30T10:00', '2022-04-30')).toThrow(RangeError);
  });
});

describe('addHours', () => {
  it.each([
    ['2022-04-01T07:00:00.000Z', 24, '2022-04-02T07:00:00.000Z'],
    ['2022-04-01T07:00:00.000Z', 1.5, '2022-04-01T08:30:00.000Z'],
    ['2022-04-01T07:00:00.000Z', -7, '2022-04-01T00:00:00.000Z'],
    ['2022-04-01T07:00:00+07:00', 0, '2022-04-01T00:00:00.000Z'],
  ])('should add elapsed hours when given %s + %s h', (instant, hours, expected) => {
    expect(addHours(instant, hours)).toBe(expected);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY]])('should throw a RangeError when hours is %p', (hours) => {
    expect(() => addHours('2022-04-01T07:00:00.000Z', hours)).toThrow(RangeError);
  });
});

describe('addDays', () => {
  it.each([
    ['2022-03-31T10:00:00.000Z', 1, VN_TIME_ZONE, '2022-04-01T10:00:00.000Z'],
    ['2022-03-31T17:30:00.000Z', -1, VN_TIME_ZONE, '2022-03-30T17:30:00.000Z'],
    ['2022-12-31T17:00:00.000Z', 31, VN_TIME_ZONE, '2023-01-31T17:00:00.000Z'],
    // A zone with DST: 12:00 EST + 1 calendar day = 12:00 EDT, only 23 elapsed hours.
    ['2022-03-12T17:00:00.000Z', 1, 'America/New_York', '2022-03-13T16:00:00.000Z'],
  ])('should add calendar days in the zone when given %s + %s d in %s', (instant, days, zone, expected) => {
    expect(addDays(instant, days, zone)).toBe(expected);
  });

  it('should throw a RangeError when days is not an integer', () => {
    expect(() => addDays('2022-04-01T07:00:00.000Z', 0.5)).toThrow(RangeError);
  });
});

describe('hoursBetween', () => {
  it.each([
    ['2022-04-01T07:00:00.000Z', '2022-04-02T07:00:00.000Z', 24],
    ['2022-04-01T07:00:00.000Z', '2022-04-01T05:30:00.000Z', -1.5],
    ['2022-04-01T07:00:00.000Z', '2022-04-01T14:00:00+07:00', 0],
  ])('should return to - from in hours when given %s → %s', (from, to, expected) => {
    expect(hoursBetween(from, to)).toBe(expected);
  });
});

describe('localDate and localDateTime', () => {
  it.each([
    ['2022-03-31T16:59:59.999Z', VN_TIME_ZONE, '2022-03-31', '2022-03-31T23:59'],
    ['2022-03-31T17:00:00.000Z', VN_TIME_ZONE, '2022-04-01', '2022-04-01T00:00'],
    ['2022-03-31T17:00:00.000Z', 'UTC', '2022-03-31', '2022-03-31T17:00'],
  ])('should format the local date/time when given %s in %s', (instant, zone, date, dateTime) => {
    expect(localDate(instant, zone)).toBe(date);
    expect(localDateTime(instant, zone)).toBe(dateTime);
  });

  it('should default to the Vietnamese zone when no zone is given', () => {
    expect(localDate('2022-03-31T17:00:00.000Z')).toBe('2022-04-01');
    expect(localDateTime('2022-04-01T00:30:00.000Z')).toBe('2022-04-01T07:30');
  });
});

describe('isDraftTimely', () => {
  const session = '2022-04-15T01:00:00.000Z';

  it.each([
    { label: 'exactly 24 h before', approvedAt: '2022-04-14T01:00:00.000Z', minHours: 24, expected: true },
    { label: 'one millisecond short of 24 h before', approvedAt: '2022-04-14T01:00:00.001Z', minHours: 24, expected: false },
    { label: '23 h before', approvedAt: '2022-04-14T02:00:00.000Z', minHours: 24, expected: false },
    { label: '3 days before', approvedAt: '2022-04-12T01:00:00.000Z', minHours: 24, expected: true },
    { label: 'after the session', approvedAt: '2022-04-15T02:00:00.000Z', minHours: 24, expected: false },
    { label: '30 h before with a 48 h minimum', approvedAt: '2022-04-13T19:00:00.000Z', minHours: 48, expected: false },
    { label: 'at the session start with no minimum', approvedAt: session, minHours: 0, expected: true },
  ])('should return $expected when the approval comes $label', ({ approvedAt, minHours, expected }) => {
    expect(isDraftTimely(approvedAt, session, minHours)).toBe(expected);
  });

  it('should require 24 hours when no minimum is given', () => {
    expect(isDraftTimely('2022-04-14T01:00:00.000Z', session)).toBe(true);
    expect(isDraftTimely('2022-04-14T01:00:01.000Z', session)).toBe(false);
  });

  it('should throw a RangeError when minHours is negative', () => {
    expect(() => isDraftTimely('2022-04-14T01:00:00.000Z', session, -1)).toThrow(RangeError);
  });
});

describe('compareInstants', () => {
  it.each([
    ['2022-04-01T07:00:00.000Z', '2022-04-01T07:00:00.001Z', -1],
    ['2022-04-01T07:00:00.001Z', '2022-04-01T07:00:00.000Z', 1],
    ['2022-04-01T07:00:00.000Z', '2022-04-01T14:00:00+07:00', 0],
  ])('should order %s against %s as %s', (a, b, expected) => {
    expect(compareInstants(a, b)).toBe(expected);
  });

  it('should sort instants chronologically when used as a comparator', () => {
    const sorted = ['2022-04-02T00:00:00.000Z', '2022-04-01T23:00:00+07:00', '2022-04-01T00:00:00.000Z'].sort(compareInstants);
    expect(sorted).toEqual(['2022-04-01T00:00:00.000Z', '2022-04-01T23:00:00+07:00', '2022-04-02T00:00:00.000Z']);
  });

  it('should throw a RangeError when an instant has no offset', () => {
    expect(() => compareInstants('2022-04-01', '2022-04-01T00:00:00.000Z')).toThrow(RangeError);
  });
});
