import fc from 'fast-check';
import { type Absence, type MemberStatus, type RosterMember } from './attendance';
import { decideAdoption, decideAdoptionByRule, isVoteRuleName, validateVote, VOTE_RULES, voteDenominator } from './vote';

type Presence = 'present' | 'excused' | 'unexcused';

function single(status: MemberStatus, presence: Presence, attendingElsewhere = false) {
  const member: RosterMember = { id: 'a', status, ...(attendingElsewhere ? { attendingElsewhere } : {}) };
  const absences: Absence[] = presence === 'present' ? [] : [{ member: 'a', excused: presence === 'excused' }];
  return voteDenominator([member], absences);
}

describe('voteDenominator', () => {
  it.each<{ status: MemberStatus; presence: Presence; elsewhere: boolean; counts: number; votes: boolean }>([
    { status: 'official', presence: 'present', elsewhere: false, counts: 1, votes: true },
    { status: 'official', presence: 'unexcused', elsewhere: false, counts: 1, votes: false },
    { status: 'official', presence: 'excused', elsewhere: false, counts: 0, votes: false },
    { status: 'official', presence: 'present', elsewhere: true, counts: 1, votes: true },
    { status: 'official', presence: 'unexcused', elsewhere: true, counts: 0, votes: false },
    { status: 'official', presence: 'excused', elsewhere: true, counts: 0, votes: false },
    { status: 'probationary', presence: 'present', elsewhere: false, counts: 0, votes: false },
    { status: 'probationary', presence: 'unexcused', elsewhere: false, counts: 0, votes: false },
    { status: 'probationary', presence: 'excused', elsewhere: false, counts: 0, votes: false },
    { status: 'exempt', presence: 'present', elsewhere: false, counts: 1, votes: true },
    { status: 'exempt', presence: 'unexcused', elsewhere: false, counts: 0, votes: false },
    { status: 'exempt', presence: 'excused', elsewhere: false, counts: 0, votes: false },
    { status: 'suspended', presence: 'present', elsewhere: false, counts: 0, votes: false },
    { status: 'suspended', presence: 'unexcused', elsewhere: false, counts: 0, votes: false },
    { status: 'suspended', presence: 'excused', elsewhere: false, counts: 0, votes: false },
  ])(
    'should count $counts and vote=$votes when a $status member is $presence (attending elsewhere: $elsewhere)',
    ({ status, presence, elsewhere, counts, votes }) => {
      const result = single(status, presence, elsewhere);
      expect(result.denominator).toBe(counts);
      expect(result.voters).toEqual(votes ? ['a'] : []);
    },
  );

  it('should subtract excused absentees and skip probationary members when 2 of 16 official members are excused', () => {
    const roster: RosterMember[] = [
      ...Array.from({ length: 16 }, (_, i): RosterMember => ({ id: `o${i + 1}`, status: 'official' })),
      { id: 'p1', status: 'probationary' },
    ];
    const result = voteDenominator(roster, [
      { member: 'o1', excused: true },
      { member: 'o2', excused: true },
    ]);
    expect(result.denominator).toBe(14);
    expect(result.voters).toHaveLength(14);
    expect(result.voters).not.toContain('p1');
  });

  it('should keep an unexcused official absentee in the denominator but not among voters when mixed with other cases', () => {
    const roster: RosterMember[] = [
      { id: 'o1', status: 'official' },
      { id: 'o2', status: 'official' },
      { id: 'o3', status: 'official', attendingElsewhere: true },
      { id: 'e1', status: 'exempt' },
      { id: 'e2', status: 'exempt' },
      { id: 's1', status: 'suspended' },
      { id: 'p1', status: 'probationary' },
    ];
    const result = voteDenominator(roster, [
      { member: 'o2', excused: false },
      { member: 'o3', excused: false },
      { member: 'e2', excused: false },
    ]);
    expect(result).toEqual({ denominator: 3, voters: ['o1', 'e1'] });
  });

  it('should ignore absences when they name unknown members', () => {
    expect(voteDenominator([{ id: 'o1', status: 'official' }], [{ member: 'zz', excused: false }])).toEqual({ denominator: 1, voters: ['o1'] });
  });
});

describe('validateVote', () => {
  const roster: RosterMember[] = [
    { id: 'o1', status: 'official', name: 'Nguyễn Văn An' },
    { id: 'o2', status: 'official', name: 'Trần Thị Bình' },
    { id: 'o3', status: 'official', name: 'Lê Văn Cường' },
    { id: 'o4', status: 'official', name: 'Phạm Thị Dung' },
    { id: 'p1', status: 'probationary', name: 'Hoàng Văn Em' },
    { id: 's1', status: 'suspended' },
    { id: 'e1', status: 'exempt', name: 'Vũ Thị Giang' },
  ];
  const absences: Absence[] = [{ member: 'o4', excused: true }];
  // Present voters: o1, o2, o3, e1.

  it('should return no issues when present voters are listed once', () => {
    expect(validateVote({ for: ['o1', 'o2', 'e1'], against: ['o3'] }, roster, absences)).toEqual([]);
  });

  it('should report probationary-cannot-vote with the index path when a probationary member is listed', () => {
    expect(validateVote({ for: ['o1', 'o2', 'o3', 'p1'] }, roster, absences)).toEqual([
      { path: 'vote.for[3]', rule: 'probationary-cannot-vote', message: 'Đồng chí Hoàng Văn Em là đảng viên dự bị, không có quyền biểu quyết' },
    ]);
  });

  it.each([
    { id: 'o4', rule: 'absent-cannot-vote', message: 'Đồng chí Phạm Thị Dung vắng mặt nên không thể biểu quyết' },
    { id: 's1', rule: 'suspended-cannot-vote', message: 'Đảng viên “s1” đang bị đình chỉ sinh hoạt, không có quyền biểu quyết' },
    { id: 'x9', rule: 'unknown-member', message: 'Không tìm thấy đảng viên “x9” trong danh sách chi bộ' },
  ])('should report $rule when $id is listed', ({ id, rule, message }) => {
    expect(validateVote({ for: ['o1'], against: [id] }, roster, absences)).toEqual([{ path: 'vote.against[0]', rule, message }]);
  });

  it('should report duplicate-vote when a member is listed twice in one option', () => {
    expect(validateVote({ for: ['o1', 'o2', 'o1'] }, roster, absences)).toEqual([
      { path: 'vote.for[2]', rule: 'duplicate-vote', message: 'Đồng chí Nguyễn Văn An biểu quyết nhiều lần' },
    ]);
  });

  it('should report duplicate-vote when a member is listed under two options', () => {
    const issues = validateVote({ for: ['o1'], against: ['o2'], abstain: ['o1'] }, roster, absences);
    expect(issues).toEqual([expect.objectContaining({ path: 'vote.abstain[0]', rule: 'duplicate-vote' })]);
  });

  it('should report a repeated ineligible member once as ineligible and once as duplicate when listed twice', () => {
    const issues = validateVote({ for: ['p1', 'p1'] }, roster, absences);
    expect(issues.map((issue) => [issue.path, issue.rule])).toEqual([
      ['vote.for[0]', 'probationary-cannot-vote'],
      ['vote.for[1]', 'duplicate-vote'],
    ]);
  });

  it('should accept an exempt member who is present when listed', () => {
    expect(validateVote({ for: ['e1'] }, roster, absences)).toEqual([]);
  });

  it('should return no issues when counts add up to the present voters', () => {
    expect(validateVote({ for: 2, against: 1, abstain: 1 }, roster, absences)).toEqual([]);
  });

  it('should report more-votes-than-voters when counts exceed the present voters', () => {
    expect(validateVote({ for: 3, against: 1, abstain: 1 }, roster, absences)).toEqual([
      { path: 'vote', rule: 'more-votes-than-voters', message: 'Tổng số phiếu (5) vượt quá số đảng viên có mặt có quyền biểu quyết (4)' },
    ]);
  });

  it('should add listed voters to counts when both are used', () => {
    expect(validateVote({ for: ['o1', 'o2'], against: 2 }, roster, absences)).toEqual([]);
    expect(validateVote({ for: ['o1', 'o2'], against: 2, abstain: 1 }, roster, absences).map((i) => i.rule)).toEqual(['more-votes-than-voters']);
  });

  it.each([
    { field: 'for', tally: { for: -1, against: 0, abstain: 0 } },
    { field: 'against', tally: { for: 1, against: 1.5, abstain: 0 } },
    { field: 'abstain', tally: { for: 1, against: 0, abstain: Number.NaN } },
  ])('should report invalid-count at vote.$field when the count is not a non-negative integer', ({ field, tally }) => {
    expect(validateVote(tally, roster, absences)).toEqual([
      expect.objectContaining({ path: `vote.${field}`, rule: 'invalid-count' }),
    ]);
  });

  it('should not add up totals when a count is invalid', () => {
    const issues = validateVote({ for: 99, against: -1, abstain: 0 }, roster, absences);
    expect(issues.map((issue) => issue.rule)).toEqual(['invalid-count']);
  });
});

describe('decideAdoption', () => {
  it.each([
    { votesFor: 7, denominator: 14, adopted: false, required: 8 },
    { votesFor: 8, denominator: 14, adopted: true, required: 8 },
    { votesFor: 7, denominator: 15, adopted: false, required: 8 },
    { votesFor: 8, denominator: 15, adopted: true, required: 8 },
    { votesFor: 1, denominator: 1, adopted: true, required: 1 },
    { votesFor: 1, denominator: 2, adopted: false, required: 2 },
  ])('should adopt=$adopted when $votesFor of $denominator vote for (more than half)', ({ votesFor, denominator, adopted, required }) => {
    const decision = decideAdoption({ for: votesFor, against: 0, abstain: 0 }, denominator);
    expect(decision).toEqual({ adopted, required, ratio: votesFor / denominator });
  });

  it.each([
    { threshold: 0.5, strict: false, denominator: 14, required: 7 },
    { threshold: 2 / 3, strict: true, denominator: 9, required: 7 },
    { threshold: 2 / 3, strict: false, denominator: 9, required: 6 },
    { threshold: 0.7, strict: false, denominator: 10, required: 7 },
    // 0.58 × 100 is 57.999… in floating point; the bar must still be exactly 58.
    { threshold: 0.58, strict: false, denominator: 100, required: 58 },
    { threshold: 0.58, strict: true, denominator: 100, required: 59 },
    { threshold: 1, strict: false, denominator: 5, required: 5 },
  ])('should require $required when threshold is $threshold, strict $strict, denominator $denominator', ({ threshold, strict, denominator, required }) => {
    const decision = decideAdoption({ for: required, against: 0, abstain: 0 }, denominator, { threshold, strict });
    expect(decision.required).toBe(required);
    expect(decision.adopted).toBe(true);
    expect(decideAdoption({ for: required - 1, against: 0, abstain: 0 }, denominator, { threshold, strict }).adopted).toBe(false);
  });

  it('should not adopt and report a ratio of 0 when the denominator is 0', () => {
    expect(decideAdoption({ for: 0, against: 0, abstain: 0 }, 0)).toEqual({ adopted: false, required: 1, ratio: 0 });
    expect(decideAdoption({ for: 0, against: 0, abstain: 0 }, 0, { strict: false }).adopted).toBe(false);
  });

  it.each([
    [{ for: 1, against: 0, abstain: 0 }, 10, { threshold: 0 }],
    [{ for: 1, against: 0, abstain: 0 }, 10, { threshold: 1.5 }],
    [{ for: 1, against: 0, abstain: 0 }, -1, {}],
    [{ for: 1, against: 0, abstain: 0 }, 2.5, {}],
    [{ for: -1, against: 0, abstain: 0 }, 10, {}],
    [{ for: 1, against: 0.5, abstain: 0 }, 10, {}],
  ])('should throw a RangeError when given %p, denominator %p, config %p', (tally, denominator, config) => {
    expect(() => decideAdoption(tally, denominator, config)).toThrow(RangeError);
  });
});

describe('named vote rules', () => {
  it('should adopt with 6 of 11 by "more-than-half" (the default) but not by "two-thirds"', () => {
    const tally = { for: 6, against: 5, abstain: 0 };
    expect(decideAdoptionByRule(tally, 11).adopted).toBe(true);
    expect(decideAdoptionByRule(tally, 11, 'two-thirds')).toMatchObject({ adopted: false, required: 8 });
  });

  it('should adopt with exactly two thirds by "two-thirds" (at least), and refuse exactly half by "more-than-half"', () => {
    expect(decideAdoptionByRule({ for: 6, against: 3, abstain: 0 }, 9, 'two-thirds')).toMatchObject({ adopted: true, required: 6 });
    expect(decideAdoptionByRule({ for: 5, against: 5, abstain: 0 }, 10)).toMatchObject({ adopted: false, required: 6 });
  });

  it('should give the same outcome as decideAdoption with the default threshold for any tally (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.nat({ max: 40 }), (votesFor, extra) => {
        const denominator = votesFor + extra;
        const tally = { for: votesFor, against: 0, abstain: 0 };
        expect(decideAdoptionByRule(tally, denominator)).toEqual(decideAdoption(tally, denominator));
      }),
    );
  });

  it('should know its rule names', () => {
    expect(Object.keys(VOTE_RULES)).toEqual(['more-than-half', 'two-thirds']);
    expect(isVoteRuleName('two-thirds')).toBe(true);
    expect(isVoteRuleName('unanimous')).toBe(false);
  });
});
