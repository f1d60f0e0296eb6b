import fc from 'fast-check';
import { RATINGS, type Rating } from './rubrics';
import { consecutiveAbsenceCounts, consecutiveAbsenceFindings, DEFAULT_YEAR_RULE, rateYear, resolveYearRule, yearRuleSaveIssues, YearRuleError, type YearSession } from './year';

/** Session `i` of the year (0-based) held on the 10th of month i+1, 19:30 Hà Nội time. */
function session(i: number, rating: Rating | null, absent: string[] = [], kind: YearSession['kind'] = 'regular'): YearSession {
  const month = String(i + 1).padStart(2, '0');
  return { id: `s${month}`, kind, heldAt: `2026-${month}-10T19:30:00+07:00`, rating, absent };
}

function year(ratings: Array<Rating | null>): YearSession[] {
  return ratings.map((rating, i) => session(i, rating));
}

function issuesOf(fn: () => unknown): Array<{ path: string; rule: string }> {
  try {
    fn();
  } catch (error) {
    if (error instanceof YearRuleError) return error.issues.map(({ path, rule }) => ({ path, rule }));
    throw error;
  }
  throw new Error('expected a YearRuleError');
}

describe('rateYear', () => {
  it('should rate the year Tốt when every session is Khá or better and seven are Tốt (Phú Thọ)', () => {
    const result = rateYear(year([...Array<Rating>(7).fill('Tốt'), ...Array<Rating>(5).fill('Khá')]));
    expect(result.rating).toBe('Tốt');
    expect(result.counts).toEqual({ Tốt: 7, Khá: 5, 'Trung bình': 0, Kém: 0 });
    expect(result.sessions.filter((s) => s.decisive).map((s) => s.id)).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07']);
    expect(result.reasons).toContain('Có 7 buổi xếp loại Tốt (cần ít nhất 7)');
  });

  it('should rate the year Khá when only six sessions are Tốt', () => {
    const result = rateYear(year([...Array<Rating>(6).fill('Tốt'), ...Array<Rating>(6).fill('Khá')]));
    expect(result.rating).toBe('Khá');
    expect(result.reasons).toContain('Chỉ có 6 buổi xếp loại Tốt, chưa đủ 7 buổi để năm xếp loại Tốt');
  });

  it('should rate the year Khá and name the session when eleven are Tốt but one is Trung bình', () => {
    const ratings: Rating[] = Array<Rating>(12).fill('Tốt');
    ratings[4] = 'Trung bình';
    const result = rateYear(year(ratings));
    expect(result.rating).toBe('Khá');
    expect(result.sessions.filter((s) => s.decisive).map((s) => s.id)).toEqual(['s05']);
    expect(result.reasons).toContain('1 buổi xếp loại dưới Khá: s05 (Trung bình)');
  });

  it('should give each reason as data beside its sentence, naming the sessions below a floor', () => {
    const ratings: Rating[] = Array<Rating>(11).fill('Tốt');
    ratings[4] = 'Trung bình';
    const result = rateYear([...year(ratings), session(11, null)]);
    expect(result.grounds.map((g) => [g.code, g.params])).toEqual([
      ['rated-counts', { rated: 11, tot: 10, kha: 0, trungBinh: 1, kem: 0 }],
      ['unrated', { unrated: 1 }],
      ['tot-enough', { tot: 10, minTot: 7 }],
      ['below-tot-floor', { count: 1, floor: 'Khá' }],
    ]);
    expect(result.grounds[3]!.sessions).toEqual([{ id: 's05', kind: 'regular', heldAt: '2026-05-10T19:30:00+07:00', rating: 'Trung bình' }]);
    // The sentences are the grounds' own, unchanged.
    expect(result.reasons).toEqual(result.grounds.map((g) => g.message));
    expect(result.reasons[0]).toBe('11 buổi sinh hoạt đã xếp loại: 10 Tốt, 0 Khá, 1 Trung bình, 0 Kém');
    const kem = rateYear(year(['Kém', 'Tốt']));
    expect(kem.grounds.map((g) => g.code)).toEqual(['rated-counts', 'tot-short', 'below-tot-floor', 'below-kha-floor']);
    expect(kem.grounds[3]).toEqual({ code: 'below-kha-floor', params: { count: 1, floor: 'Trung bình' }, message: '1 buổi xếp loại dưới Trung bình, nên năm không đạt Khá' });
  });

  it('should rate the year Kém when a session is Kém', () => {
    const ratings: Rating[] = Array<Rating>(12).fill('Tốt');
    ratings[11] = 'Kém';
    expect(rateYear(year(ratings)).rating).toBe('Kém');
  });

  it('should follow the committee rule when it asks for ten Tốt sessions', () => {
    const ratings = [...Array<Rating>(9).fill('Tốt'), ...Array<Rating>(3).fill('Khá')];
    expect(rateYear(year(ratings)).rating).toBe('Tốt');
    expect(rateYear(year(ratings), { minTot: 10 }).rating).toBe('Khá');
  });

  it('should follow the committee rule when it requires every session Tốt for a Tốt year', () => {
    const ratings = [...Array<Rating>(11).fill('Tốt'), 'Khá' as Rating];
    expect(rateYear(year(ratings), { totFloor: 'Tốt' }).rating).toBe('Khá');
  });

  it('should leave unscored sessions out and say so', () => {
    const result = rateYear(year([...Array<Rating>(7).fill('Tốt'), null]));
    expect(result.rating).toBe('Tốt');
    expect(result.sessions.find((s) => s.id === 's08')).toMatchObject({ counted: false, rating: null });
    expect(result.reasons).toContain('1 buổi chưa chấm điểm, không tính vào xếp loại năm');
  });

  it('should take the sessions in the order they were held, whatever order they are given in', () => {
    const sessions = year(['Tốt', 'Khá', 'Tốt']);
    expect(rateYear([...sessions].reverse()).sessions.map((s) => s.id)).toEqual(['s01', 's02', 's03']);
  });

  it('should refuse a year with no sessions, naming the field and the rule', () => {
    expect(issuesOf(() => rateYear([]))).toEqual([{ path: 'sessions', rule: 'year-without-sessions' }]);
  });

  it('should refuse a year whose sessions are all unscored', () => {
    expect(issuesOf(() => rateYear(year([null, null])))).toEqual([{ path: 'sessions', rule: 'year-without-rated-sessions' }]);
  });

  it('should refuse a rule that makes no sense, naming the field', () => {
    expect(issuesOf(() => rateYear(year(['Tốt']), { minTot: -1, totFloor: 'Xuất sắc' as Rating }))).toEqual([
      { path: 'rule.minTot', rule: 'non-negative-integer' },
      { path: 'rule.totFloor', rule: 'invalid-rating' },
    ]);
  });

  it('should name a rule’s field by its label in the message and by its code in the data', () => {
    let issues: readonly { message: string; params?: unknown }[] = [];
    try {
      resolveYearRule({ minTot: -1, khaFloor: 'Xuất sắc' as Rating });
    } catch (error) {
      issues = (error as YearRuleError).issues;
    }
    expect(issues.map(({ message, params }) => ({ message, params }))).toEqual([
      { message: 'Số buổi Tốt tối thiểu để năm xếp loại Tốt phải là số nguyên không âm', params: { field: 'minTot' } },
      { message: 'Mức thấp nhất của mọi buổi để năm xếp loại Khá phải là một trong: Tốt, Khá, Trung bình, Kém', params: { field: 'khaFloor', values: 'Tốt, Khá, Trung bình, Kém' } },
    ]);
  });

  it('should refuse to save a Khá floor above the Tốt floor, and still rate by such a rule saved before', () => {
    expect(yearRuleSaveIssues(resolveYearRule({ totFloor: 'Trung bình', khaFloor: 'Tốt' }))).toEqual([
      {
        path: 'rule.khaFloor',
        rule: 'floor-order',
        message: 'Mức thấp nhất của mọi buổi để năm xếp loại Khá (Tốt) không được cao hơn mức thấp nhất của mọi buổi để năm xếp loại Tốt (Trung bình)',
        params: { field: 'khaFloor', khaFloor: 'Tốt', totFloor: 'Trung bình' },
      },
    ]);
    expect(yearRuleSaveIssues(resolveYearRule({}))).toEqual([]);
    expect(yearRuleSaveIssues(resolveYearRule({ totFloor: 'Khá', khaFloor: 'Khá' }))).toEqual([]);
    expect(rateYear(year(['Tốt', 'Trung bình']), { totFloor: 'Trung bình', khaFloor: 'Tốt', minTot: 1 }).rating).toBe('Tốt');
  });

  it('should refuse the same session twice and a session with no valid time', () => {
    const [a] = year(['Tốt']);
    expect(issuesOf(() => rateYear([a!, a!, { ...a!, id: 'x', heldAt: 'tháng ba' }]))).toEqual([
      { path: 'sessions[1].id', rule: 'duplicate' },
      { path: 'sessions[2].heldAt', rule: 'invalid-instant' },
    ]);
  });

  it('should never rate a year better than its worst session allows, for any ratings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RATINGS), { minLength: 1, maxLength: 16 }), fc.nat({ max: 12 }), (ratings, minTot) => {
        const result = rateYear(year(ratings), { minTot });
        const tot = ratings.filter((r) => r === 'Tốt').length;
        const allKha = ratings.every((r) => r === 'Tốt' || r === 'Khá');
        expect(result.rating === 'Tốt').toBe(allKha && tot >= minTot);
        if (ratings.includes('Kém')) expect(result.rating).toBe('Kém');
        expect(result.rating).not.toBe('Trung bình');
        expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(ratings.length);
      }),
    );
  });
});

describe('consecutiveAbsenceFindings', () => {
  const roster = [
    { id: 'an', name: 'Nguyễn Văn An' },
    { id: 'binh', name: 'Trần Thị Bình' },
  ];

  it('should name a member absent from four sessions in a row, regular and thematic together', () => {
    const sessions = [
      session(0, 'Tốt'),
      session(1, 'Tốt', ['an']),
      { ...session(2, 'Tốt', ['an'], 'thematic'), id: 'cd1', heldAt: '2026-03-20T19:30:00+07:00' },
      session(2, 'Tốt', ['an']),
      session(3, 'Tốt', ['an', 'binh']),
      session(4, 'Tốt'),
    ];
    expect(consecutiveAbsenceFindings(sessions, { roster })).toEqual([
      {
        code: 'absence-consecutive',
        member: 'an',
        name: 'Nguyễn Văn An',
        count: 4,
        limit: 3,
        sessions: ['s02', 's03', 'cd1', 's04'],
        detail: 'Đồng chí Nguyễn Văn An vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)',
      },
    ]);
  });

  it('should not flag three absences in a row, nor four that a session attended breaks', () => {
    expect(consecutiveAbsenceFindings([session(0, null, ['an']), session(1, null, ['an']), session(2, null, ['an'])])).toEqual([]);
    const broken = [session(0, null, ['an']), session(1, null, ['an']), session(2, null), session(3, null, ['an']), session(4, null, ['an'])];
    expect(consecutiveAbsenceFindings(broken)).toEqual([]);
  });

  it('should follow the committee limit when it is two', () => {
    const sessions = [session(0, null, ['binh']), session(1, null, ['binh']), session(2, null, ['binh'])];
    expect(consecutiveAbsenceFindings(sessions, { maxConsecutiveAbsences: 2, roster }).map((f) => [f.member, f.count])).toEqual([['binh', 3]]);
    expect(consecutiveAbsenceFindings(sessions, { roster })).toEqual([]);
  });

  it('should skip a session the member was not expected at (exempt that month) without breaking the run', () => {
    const sessions = [
      session(0, null, ['an']),
      session(1, null, ['an']),
      { ...session(2, null), notExpected: ['an'] },
      session(3, null, ['an']),
      session(4, null, ['an']),
    ];
    expect(consecutiveAbsenceFindings(sessions).map((f) => f.sessions)).toEqual([['s01', 's02', 's04', 's05']]);
  });

  it('should give one finding per run when a member has two long runs, with the id when there is no name', () => {
    const absent = [0, 1, 2, 3, 5, 6, 7, 8].map((i) => session(i, null, ['m07']));
    const sessions = [...absent, session(4, null)];
    const findings = consecutiveAbsenceFindings(sessions);
    expect(findings.map((f) => f.count)).toEqual([4, 4]);
    expect(findings[0]!.detail).toBe('Đảng viên “m07” vắng mặt 4 buổi sinh hoạt liên tiếp (quá 3 buổi)');
  });

  it('should refuse a negative limit, naming the field', () => {
    expect(issuesOf(() => consecutiveAbsenceFindings([], { maxConsecutiveAbsences: -1 }))).toEqual([
      { path: 'rule.maxConsecutiveAbsences', rule: 'non-negative-integer' },
    ]);
  });

  it('should flag exactly the runs longer than the limit, for any attendance (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 14 }), fc.nat({ max: 5 }), (absences, limit) => {
        const sessions = absences.map((absent, i) => ({ ...session(i % 12, null, absent ? ['an'] : []), id: `x${String(i).padStart(2, '0')}`, heldAt: `2026-01-${String(i + 1).padStart(2, '0')}T08:00:00+07:00` }));
        const runs: number[] = [];
        let current = 0;
        for (const absent of [...absences, false]) {
          if (absent) current += 1;
          else {
            if (current > limit) runs.push(current);
            current = 0;
          }
        }
        expect(consecutiveAbsenceFindings(sessions, { maxConsecutiveAbsences: limit }).map((f) => f.count)).toEqual(runs);
      }),
    );
  });
});

describe('consecutiveAbsenceCounts', () => {
  it("should give each member's current run after the last session", () => {
    const sessions = [session(0, null, ['an', 'binh']), session(1, null, ['an']), session(2, null, ['an'])];
    expect(consecutiveAbsenceCounts(sessions)).toEqual({ an: 3 });
    expect(DEFAULT_YEAR_RULE.maxConsecutiveAbsences).toBe(3);
  });
});
