import { computeAttendance, type AttendanceResult, type RosterMember } from './attendance';
import { DEFAULT_QUALITY_CONFIG, assessSessionQuality, type SessionQualityInput } from './quality';

function attendanceOf(total: number, absentExcused: number, absentUnexcused = 0): AttendanceResult {
  const members: RosterMember[] = Array.from({ length: total }, (_, i) => ({ id: `m${i + 1}`, status: 'official' }));
  const absences = members.slice(0, absentExcused + absentUnexcused).map((member, i) => ({ member: member.id, excused: i < absentExcused }));
  return computeAttendance(members, absences);
}

function session(overrides: Partial<SessionQualityInput> = {}): SessionQualityInput {
  return { attendance: attendanceOf(20, 0), minutes: 120, opinions: 5, minutesComplete: true, ...overrides };
}

function criterion(result: ReturnType<typeof assessSessionQuality>, id: string): boolean | undefined {
  return result.criteria.find((c) => c.id === id)?.met;
}

describe('assessSessionQuality', () => {
  it('should expose the HD 12 defaults when no config is given', () => {
    expect(DEFAULT_QUALITY_CONFIG).toEqual({ attendanceThreshold: 0.85, minMinutes: 90, minMinutesCombined: 120, maxConsecutiveAbsences: 3 });
    expect(Object.isFrozen(DEFAULT_QUALITY_CONFIG)).toBe(true);
  });

  it('should return no findings and meet every criterion when the session is exemplary', () => {
    const result = assessSessionQuality(session());
    expect(result.findings).toEqual([]);
    expect(result.criteria.map((c) => c.id)).toEqual([
      'attendance',
      'no-unexcused-absence',
      'consecutive-absences',
      'duration',
      'participation',
      'minutes-complete',
    ]);
    expect(result.criteria.every((c) => c.met)).toBe(true);
  });

  it.each([
    { present: 17, total: 20, low: true }, // exactly 85%: the criterion is "above 85%"
    { present: 18, total: 20, low: false },
    { present: 16, total: 20, low: true },
    { present: 6, total: 7, low: false }, // 85.7%
    { present: 11, total: 13, low: true }, // 84.6%
  ])('should flag attendance-low = $low when $present of $total eligible members are present', ({ present, total, low }) => {
    const result = assessSessionQuality(session({ attendance: attendanceOf(total, total - present) }));
    expect(result.findings.includes('attendance-low')).toBe(low);
    expect(criterion(result, 'attendance')).toBe(!low);
  });

  it('should use the configured threshold when a committee overrides it', () => {
    const result = assessSessionQuality(session({ attendance: attendanceOf(20, 3) }), { attendanceThreshold: 0.8 });
    expect(result.findings).not.toContain('attendance-low');
    expect(result.criteria[0]?.label).toContain('trên 80%');
  });

  it.each([
    { minutes: 89, combined: false, short: true },
    { minutes: 89.5, combined: false, short: true },
    { minutes: 90, combined: false, short: false },
    { minutes: 119, combined: true, short: true },
    { minutes: 120, combined: true, short: false },
    { minutes: 0, combined: false, short: true },
  ])('should flag session-short = $short when the session lasts $minutes min (combined: $combined)', ({ minutes, combined, short }) => {
    const result = assessSessionQuality(session({ minutes, combined }));
    expect(result.findings.includes('session-short')).toBe(short);
    expect(criterion(result, 'duration')).toBe(!short);
  });

  it('should use the configured minimum when a committee overrides it', () => {
    expect(assessSessionQuality(session({ minutes: 60 }), { minMinutes: 60 }).findings).toEqual([]);
    expect(assessSessionQuality(session({ minutes: 130, combined: true }), { minMinutesCombined: 150 }).findings).toEqual(['session-short']);
  });

  it('should say 120 minutes in the duration label when sessions are combined', () => {
    const label = assessSessionQuality(session({ combined: true })).criteria.find((c) => c.id === 'duration')?.label;
    expect(label).toBe('Thời gian sinh hoạt ít nhất 120 phút (sinh hoạt thường kỳ kết hợp chuyên đề)');
  });

  it('should give each label’s numbers as data, for a page to word it in its language', () => {
    const params = (input: Parameters<typeof assessSessionQuality>[0], config = {}) => assessSessionQuality(input, config).criteria.map((c) => [c.id, c.params]);
    expect(params(session({ combined: true }), { attendanceThreshold: 0.875, maxConsecutiveAbsences: 2 })).toEqual([
      ['attendance', { threshold: 87.5 }],
      ['no-unexcused-absence', undefined],
      ['consecutive-absences', { max: 2 }],
      ['duration', { minutes: 120, combined: 1 }],
      ['participation', undefined],
      ['minutes-complete', undefined],
    ]);
    expect(params(session())[3]).toEqual(['duration', { minutes: 90 }]);
  });

  it('should flag absence-unexcused when one member is absent without an accepted reason', () => {
    const result = assessSessionQuality(session({ attendance: attendanceOf(20, 0, 1) }));
    expect(result.findings).toEqual(['absence-unexcused']);
    expect(criterion(result, 'no-unexcused-absence')).toBe(false);
  });

  it('should list findings in FINDING_CODES order when several apply', () => {
    const result = assessSessionQuality(session({ attendance: attendanceOf(10, 1, 2), minutes: 45 }));
    expect(result.findings).toEqual(['session-short', 'attendance-low', 'absence-unexcused']);
  });

  it.each<{ counts: Record<string, number>; met: boolean }>([
    { counts: {}, met: true },
    { counts: { m1: 3 }, met: true },
    { counts: { m1: 2, m2: 4 }, met: false },
  ])('should meet the consecutive-absences criterion = $met when the counts are $counts', ({ counts, met }) => {
    expect(criterion(assessSessionQuality(session({ consecutiveAbsences: counts })), 'consecutive-absences')).toBe(met);
  });

  it('should use the configured limit for consecutive absences when overridden', () => {
    const result = assessSessionQuality(session({ consecutiveAbsences: { m1: 5 } }), { maxConsecutiveAbsences: 5 });
    expect(criterion(result, 'consecutive-absences')).toBe(true);
    expect(result.criteria.find((c) => c.id === 'consecutive-absences')?.label).toBe('Không có đảng viên vắng mặt quá 5 lần liên tiếp trong năm');
  });

  it.each([
    { opinions: 0, met: false },
    { opinions: 1, met: true },
    { opinions: 15, met: true },
  ])('should meet participation = $met when $opinions opinions are recorded', ({ opinions, met }) => {
    expect(criterion(assessSessionQuality(session({ opinions })), 'participation')).toBe(met);
  });

  it.each([
    { minutesComplete: true, met: true },
    { minutesComplete: false, met: false },
    { minutesComplete: undefined, met: false },
  ])('should meet minutes-complete = $met when minutesComplete is $minutesComplete', ({ minutesComplete, met }) => {
    expect(criterion(assessSessionQuality(session({ minutesComplete })), 'minutes-complete')).toBe(met);
  });

  it('should write Vietnamese labels with the configured threshold when describing criteria', () => {
    expect(assessSessionQuality(session()).criteria[0]?.label).toBe(
      'Số đảng viên dự sinh hoạt đạt trên 85% (không tính đảng viên miễn sinh hoạt, bị đình chỉ)',
    );
  });

  it.each([
    [{ attendanceThreshold: 1.2 }],
    [{ attendanceThreshold: Number.NaN }],
    [{ minMinutes: -1 }],
    [{ minMinutesCombined: Number.POSITIVE_INFINITY }],
    [{ maxConsecutiveAbsences: 2.5 }],
  ])('should throw a RangeError when the config is %p', (config) => {
    expect(() => assessSessionQuality(session(), config)).toThrow(RangeError);
  });

  it.each([
    [{ minutes: -5 }],
    [{ minutes: Number.NaN }],
    [{ opinions: -1 }],
    [{ opinions: 1.5 }],
  ])('should throw a RangeError when the input has %p', (overrides) => {
    expect(() => assessSessionQuality(session(overrides))).toThrow(RangeError);
  });

  it('should keep defaults when an override is explicitly undefined', () => {
    const result = assessSessionQuality(session({ minutes: 89 }), { minMinutes: undefined });
    expect(result.findings).toEqual(['session-short']);
  });
});
