import { computeAttendance, validateAbsences, type Absence, type MemberStatus, type RosterMember } from './attendance';

function roster(counts: Partial<Record<MemberStatus, number>>): RosterMember[] {
  return (Object.entries(counts) as Array<[MemberStatus, number]>).flatMap(([status, n]) =>
    Array.from({ length: n }, (_, i) => ({ id: `${status[0]}${i + 1}`, status })),
  );
}

describe('computeAttendance', () => {
  it('should count probationary members as present when 2 of 17 members are excused (seed example)', () => {
    const members = roster({ official: 16, probationary: 1 });
    const result = computeAttendance(members, [
      { member: 'o3', reason: 'F0', excused: true },
      { member: 'o9', reason: 'công tác', excused: true },
    ]);
    expect(result).toEqual({
      total: 17,
      eligible: 17,
      present: 15,
      presentEligible: 15,
      presentOfficial: 14,
      presentProbationary: 1,
      absentExcused: ['o3', 'o9'],
      absentUnexcused: [],
      rate: 15 / 17,
    });
  });

  it('should leave exempt and suspended members out of eligible when they are on the roster', () => {
    const members = roster({ official: 8, exempt: 1, suspended: 1 });
    const result = computeAttendance(members, [{ member: 'o1', excused: false }]);
    expect(result.total).toBe(10);
    expect(result.eligible).toBe(8);
    // The exempt and suspended members did not report absent, so they are present, but not eligible.
    expect(result.present).toBe(9);
    expect(result.presentEligible).toBe(7);
    expect(result.rate).toBe(7 / 8);
    expect(result.absentUnexcused).toEqual(['o1']);
  });

  it('should not lower the rate when an exempt member is absent', () => {
    const members = roster({ official: 4, exempt: 1 });
    expect(computeAttendance(members, [{ member: 'e1', reason: 'tuổi cao', excused: true }]).rate).toBe(1);
  });

  it('should return a rate of 1 when nobody is eligible', () => {
    const result = computeAttendance(roster({ exempt: 2, suspended: 1 }), []);
    expect(result.eligible).toBe(0);
    expect(result.rate).toBe(1);
  });

  it('should return zeros and a rate of 1 when the roster is empty', () => {
    expect(computeAttendance([], [])).toMatchObject({ total: 0, eligible: 0, present: 0, rate: 1 });
  });

  it('should ignore absentees when they are not on the roster', () => {
    const result = computeAttendance(roster({ official: 3 }), [{ member: 'ghost', excused: false }]);
    expect(result.present).toBe(3);
    expect(result.absentUnexcused).toEqual([]);
  });

  it('should count a member once and keep the first report when the member is listed twice', () => {
    const result = computeAttendance(roster({ official: 3 }), [
      { member: 'o2', excused: true },
      { member: 'o2', excused: false },
    ]);
    expect(result.present).toBe(2);
    expect(result.absentExcused).toEqual(['o2']);
    expect(result.absentUnexcused).toEqual([]);
  });

  it('should list absentees in the reported order when several are absent', () => {
    const absences: Absence[] = [
      { member: 'o3', excused: false },
      { member: 'o1', excused: true },
      { member: 'o2', excused: false },
    ];
    const result = computeAttendance(roster({ official: 4 }), absences);
    expect(result.absentUnexcused).toEqual(['o3', 'o2']);
    expect(result.absentExcused).toEqual(['o1']);
  });
});

describe('validateAbsences', () => {
  const members = roster({ official: 3 });

  it('should return no issues when every absentee is on the roster once', () => {
    expect(validateAbsences(members, [{ member: 'o1', excused: true }])).toEqual([]);
  });

  it('should report unknown-member at absent[i].member when an absentee is not on the roster', () => {
    expect(validateAbsences(members, [{ member: 'o1', excused: true }, { member: 'x9', excused: false }])).toEqual([
      { path: 'absent[1].member', rule: 'unknown-member', message: 'Không tìm thấy đảng viên “x9” trong danh sách chi bộ' },
    ]);
  });

  it('should report duplicate on the repeat, naming the member, when a member is listed twice', () => {
    expect(validateAbsences([...members.slice(0, 1), { ...members[1]!, name: 'Trần Thị Bình' }, ...members.slice(2)], [{ member: 'o2', excused: true }, { member: 'o1', excused: true }, { member: 'o2', excused: false }])).toEqual([
      { path: 'absent[2].member', rule: 'duplicate', message: 'Đồng chí Trần Thị Bình được ghi vắng mặt nhiều lần' },
    ]);
  });

  it('should report an unknown member only as unknown when it is also repeated', () => {
    const issues = validateAbsences(members, [{ member: 'x', excused: true }, { member: 'x', excused: true }]);
    expect(issues.map((issue) => issue.rule)).toEqual(['unknown-member', 'unknown-member']);
  });
});
