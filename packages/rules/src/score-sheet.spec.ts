import fc from 'fast-check';
import { binhThuan100, fourLevel, phuTho100, RATINGS, scoreSession, type Rating } from './rubrics';
import { pinnedSheetIssues, rubricFromSheet, SHIPPED_SHEETS, sheetFromRubric, validateScoreSheet, type MinMarksCondition, type ScoreSheetDefinition } from './score-sheet';

/** Nghệ An-like regular-session sheet: 3 criteria, 50 points. */
function sheet(overrides: Partial<Extract<ScoreSheetDefinition, { kind: 'marks' }>> = {}): ScoreSheetDefinition {
  return {
    kind: 'marks',
    title: 'Phiếu chấm điểm sinh hoạt thường kỳ',
    criteria: [
      { id: 'chuan-bi', label: 'Chuẩn bị', max: 10 },
      { id: 'tien-hanh', label: 'Tiến hành', max: 30 },
      { id: 'ket-qua', label: 'Kết quả', max: 10 },
    ],
    bands: [
      { rating: 'Kém', min: 0, max: 25 },
      { rating: 'Trung bình', min: 25, max: 35 },
      { rating: 'Khá', min: 35, max: 45 },
      { rating: 'Tốt', min: 45, max: 50 },
    ],
    ...overrides,
  };
}
const rules = (input: unknown) => validateScoreSheet(input).map(({ path, rule }) => ({ path, rule }));

describe('validateScoreSheet', () => {
  it('should accept a sheet whose bands cover 0 to its maximum', () => {
    expect(validateScoreSheet(sheet())).toEqual([]);
  });

  it('should refuse bands that leave a gap, naming the band and the rule', () => {
    const bands = [{ rating: 'Kém' as Rating, min: 0, max: 25 }, { rating: 'Khá' as Rating, min: 30, max: 50 }];
    expect(rules(sheet({ bands }))).toEqual([{ path: 'bands[1].min', rule: 'bands-gap' }]);
    expect(validateScoreSheet(sheet({ bands }))[0]!.message).toBe('Các khung điểm bỏ trống từ 25 đến dưới 30 điểm');
  });

  it('should refuse bands that overlap', () => {
    const bands = [{ rating: 'Kém' as Rating, min: 0, max: 30 }, { rating: 'Tốt' as Rating, min: 25, max: 50 }];
    expect(rules(sheet({ bands }))).toEqual([{ path: 'bands[1].min', rule: 'bands-overlap' }]);
  });

  it('should refuse bands that do not start at 0 or stop short of the maximum', () => {
    expect(rules(sheet({ bands: [{ rating: 'Kém', min: 5, max: 50 }] }))).toEqual([{ path: 'bands[0].min', rule: 'bands-start' }]);
    expect(rules(sheet({ bands: [{ rating: 'Kém', min: 0, max: 40 }] }))).toEqual([{ path: 'bands[0].max', rule: 'bands-end' }]);
  });

  it('should refuse a criterion without a positive maximum, a repeated criterion and a repeated rating', () => {
    const criteria = [
      { id: 'a', label: 'A', max: 0 },
      { id: 'a', label: 'A lần hai', max: 50 },
    ];
    const bands = [{ rating: 'Kém' as Rating, min: 0, max: 25 }, { rating: 'Kém' as Rating, min: 25, max: 50 }];
    expect(rules(sheet({ criteria, bands }))).toEqual([
      { path: 'criteria[0].max', rule: 'positive' },
      { path: 'criteria[1].id', rule: 'duplicate' },
      { path: 'bands[1].rating', rule: 'duplicate-rating' },
    ]);
  });

  it('should refuse two criteria of one name (case and spaces aside) when saving, but still score a sheet pinned before that rule', () => {
    const criteria = [
      { id: 'noi-dung', label: 'Nội dung', max: 20 },
      { id: 'noi-dung-2', label: ' nội  dung ', max: 30 },
    ];
    expect(rules(sheet({ criteria }))).toEqual([{ path: 'criteria[1].label', rule: 'duplicate-label' }]);
    expect(validateScoreSheet(sheet({ criteria }))[0]).toEqual(expect.objectContaining({ message: 'Tên tiêu chí “nội  dung” bị trùng', params: { label: 'nội  dung' } }));
    expect(pinnedSheetIssues(sheet({ criteria }))).toEqual([]);
    expect(scoreSession(rubricFromSheet('old', sheet({ criteria })), { marks: { 'noi-dung': 20, 'noi-dung-2': 28 } })).toEqual({ total: 48, rating: 'Tốt', capped: false });
  });

  it('should refuse a field the sheet does not have, wherever it is, and a rating listed twice, when saving, but still score a sheet pinned with one', () => {
    const odd = { ...sheet(), note: 'x', criteria: [{ id: 'a', label: 'A', max: 50, weight: 2 }], bands: [{ rating: 'Tốt', min: 0, max: 50, colour: 'green' }] };
    expect(rules(odd)).toEqual([
      { path: 'note', rule: 'unknown-field' },
      { path: 'criteria[0].weight', rule: 'unknown-field' },
      { path: 'bands[0].colour', rule: 'unknown-field' },
    ]);
    expect(validateScoreSheet(odd)[0]).toEqual(expect.objectContaining({ message: 'Phiếu chấm điểm không có trường “note”', params: { field: 'note' } }));
    const conditions = [{ kind: 'min-marks', rating: 'Tốt', criterion: 'ket-qua', min: 8, otherwise: 'Khá', note: 'x' }, { kind: 'full-marks', rating: 'Tốt', criteria: ['ket-qua'], otherwise: 'Khá', min: 3 }];
    expect(rules(sheet({ conditions } as never))).toEqual([
      { path: 'conditions[0].note', rule: 'unknown-field' },
      { path: 'conditions[1].min', rule: 'unknown-field' },
    ]);
    expect(rules({ kind: 'rating', title: 'Xếp loại', ratings: ['Tốt', 'Khá'], bands: [] })).toEqual([{ path: 'bands', rule: 'unknown-field' }]);
    expect(rules({ kind: 'rating', title: 'Xếp loại', ratings: ['Tốt', 'Khá', 'Tốt'] })).toEqual([{ path: 'ratings[2]', rule: 'duplicate-choice' }]);
    expect(pinnedSheetIssues({ kind: 'rating', title: 'Xếp loại', ratings: ['Tốt', 'Tốt'] })).toEqual([]);
    expect(pinnedSheetIssues(odd)).toEqual([]);
    expect(scoreSession(rubricFromSheet('old', odd as ScoreSheetDefinition), { marks: { a: 46 } })).toEqual({ total: 46, rating: 'Tốt', capped: false });
  });

  it('should refuse a full-marks condition on a criterion the sheet does not have', () => {
    const conditions = [{ kind: 'full-marks' as const, rating: 'Tốt' as Rating, criteria: ['bien-ban'], otherwise: 'Khá' as Rating }];
    expect(rules(sheet({ conditions }))).toEqual([{ path: 'conditions[0].criteria[0]', rule: 'unknown-criterion' }]);
  });

  it('should find a gap or an overlap whenever one band boundary is moved (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0), (band, shift) => {
        const base = sheet();
        if (base.kind !== 'marks') throw new Error('marks');
        const bands = base.bands.map((b, i) => (i === band ? { ...b, min: b.min + shift } : b));
        const found = rules({ ...base, bands }).map((i) => i.rule);
        expect(found).toEqual([shift > 0 ? 'bands-gap' : 'bands-overlap']);
      }),
    );
  });
});

describe('committee sheets score as the shipped rubrics do', () => {
  it.each([[phuTho100], [binhThuan100], [fourLevel]])('should rebuild %s from its sheet form exactly', (rubric) => {
    const shipped = SHIPPED_SHEETS[rubric.id]!;
    expect(validateScoreSheet(shipped)).toEqual([]);
    expect(rubricFromSheet(rubric.id, shipped)).toEqual(JSON.parse(JSON.stringify(rubric)));
    expect(sheetFromRubric(rubric)).toEqual(shipped);
  });

  it('should give the same rating as Bình Thuận for any marks (property)', () => {
    const rebuilt = rubricFromSheet('binh-thuan-100', SHIPPED_SHEETS['binh-thuan-100']!);
    if (binhThuan100.kind !== 'marks') throw new Error('marks');
    const marks = fc.record(Object.fromEntries(binhThuan100.criteria.map((c) => [c.id, fc.integer({ min: 0, max: c.max })])));
    fc.assert(fc.property(marks, (m) => expect(scoreSession(rebuilt, { marks: m })).toEqual(scoreSession(binhThuan100, { marks: m }))));
  });

  it('should rate by the committee bands and cap by its condition', () => {
    const conditions = [{ kind: 'full-marks' as const, rating: 'Tốt' as Rating, criteria: ['ket-qua'], otherwise: 'Khá' as Rating }];
    const rubric = rubricFromSheet('nghe-an', sheet({ conditions }));
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 10, 'tien-hanh': 30, 'ket-qua': 10 } })).toEqual({ total: 50, rating: 'Tốt', capped: false });
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 10, 'tien-hanh': 30, 'ket-qua': 9 } })).toEqual({ total: 49, rating: 'Khá', capped: true });
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 5, 'tien-hanh': 20, 'ket-qua': 5 } }).rating).toBe('Trung bình');
    expect(RATINGS).toContain(scoreSession(rubric, { marks: { 'chuan-bi': 0, 'tien-hanh': 0, 'ket-qua': 0 } }).rating);
  });
});

describe('min-marks conditions (“Tốt chỉ khi tiêu chí … đạt từ N điểm”)', () => {
  const noiDung = (overrides: Partial<MinMarksCondition> = {}): MinMarksCondition => ({ kind: 'min-marks', rating: 'Tốt', criterion: 'tien-hanh', min: 27, otherwise: 'Khá', ...overrides });

  it('should accept several min-marks conditions beside one full-marks condition', () => {
    const conditions = [
      { kind: 'full-marks' as const, rating: 'Tốt' as Rating, criteria: ['ket-qua'], otherwise: 'Khá' as Rating },
      noiDung(),
      noiDung({ rating: 'Khá', criterion: 'chuan-bi', min: 5, otherwise: 'Trung bình' }),
    ];
    expect(validateScoreSheet(sheet({ conditions }))).toEqual([]);
  });

  it.each<[string, Partial<MinMarksCondition>, string, string]>([
    ['a criterion the sheet does not have', { criterion: 'noi-dung' }, 'conditions[0].criterion', 'unknown-criterion'],
    ['marks over the criterion’s maximum', { min: 31 }, 'conditions[0].min', 'max'],
    ['negative marks', { min: -1 }, 'conditions[0].min', 'min'],
    ['marks that are not a number', { min: '18' as unknown as number }, 'conditions[0].min', 'invalid'],
    ['a cap that is not lower', { otherwise: 'Tốt' }, 'conditions[0].otherwise', 'not-lower'],
    ['a cap above the condition’s rating', { rating: 'Khá', otherwise: 'Tốt' }, 'conditions[0].otherwise', 'not-lower'],
    ['a rating that is not a rating', { rating: 'Xuất sắc' as Rating }, 'conditions[0].rating', 'invalid-rating'],
  ])('should refuse a condition with %s, naming the field and the rule', (_name, change, path, rule) => {
    expect(rules(sheet({ conditions: [noiDung(change)] }))).toEqual([{ path, rule }]);
  });

  it('should refuse ratings the sheet’s bands never give, and name the criterion’s maximum', () => {
    const bands = [{ rating: 'Kém' as Rating, min: 0, max: 25 }, { rating: 'Khá' as Rating, min: 25, max: 40 }, { rating: 'Tốt' as Rating, min: 40, max: 50 }];
    expect(rules(sheet({ bands, conditions: [noiDung({ otherwise: 'Trung bình' })] }))).toEqual([{ path: 'conditions[0].otherwise', rule: 'not-in-sheet' }]);
    const [over] = validateScoreSheet(sheet({ conditions: [noiDung({ min: 30.5 })] }));
    expect(over).toEqual({ path: 'conditions[0].min', rule: 'max', message: 'Số điểm tối thiểu 30,5 vượt quá điểm tối đa 30 của tiêu chí “Tiến hành”', params: { origin: 'number', maximum: 30, criterion: 'tien-hanh' } });
  });

  it('should still allow only one full-marks condition', () => {
    const full = { kind: 'full-marks' as const, rating: 'Tốt' as Rating, criteria: ['ket-qua'], otherwise: 'Khá' as Rating };
    expect(rules(sheet({ conditions: [full, noiDung(), full] }))).toEqual([{ path: 'conditions', rule: 'max-one' }]);
  });

  it('should cap a Tốt total below the marks on the criterion, say which condition did, and keep it at the marks', () => {
    const rubric = rubricFromSheet('nghe-an', sheet({ conditions: [noiDung()] }));
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 10, 'tien-hanh': 27, 'ket-qua': 10 } })).toEqual({ total: 47, rating: 'Tốt', capped: false });
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 10, 'tien-hanh': 26, 'ket-qua': 10 } })).toEqual({
      total: 46,
      rating: 'Khá',
      capped: true,
      cappedBy: [{ criterion: 'tien-hanh', min: 27, rating: 'Tốt', otherwise: 'Khá', mark: 26 }],
    });
    // A Khá total is not touched by a condition on Tốt.
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 10, 'tien-hanh': 20, 'ket-qua': 10 } })).toEqual({ total: 40, rating: 'Khá', capped: false });
  });

  it('should apply every condition a total reaches and give the lowest cap, listing each one that lowered it', () => {
    const conditions = [noiDung(), noiDung({ rating: 'Khá', criterion: 'chuan-bi', min: 10, otherwise: 'Trung bình' })];
    const rubric = rubricFromSheet('nghe-an', sheet({ conditions }));
    const score = scoreSession(rubric, { marks: { 'chuan-bi': 9, 'tien-hanh': 30, 'ket-qua': 10 } });
    expect(score).toEqual({ total: 49, rating: 'Trung bình', capped: true, cappedBy: [{ criterion: 'chuan-bi', min: 10, rating: 'Khá', otherwise: 'Trung bình', mark: 9 }] });
    const both = scoreSession(rubric, { marks: { 'chuan-bi': 9, 'tien-hanh': 26, 'ket-qua': 10 } });
    expect(both.rating).toBe('Trung bình');
    expect(both.cappedBy?.map((c) => c.criterion)).toEqual(['tien-hanh', 'chuan-bi']);
  });

  it('should score a full-marks condition as a min-marks one at the criterion’s maximum, except for saying which one capped (property)', () => {
    const full = rubricFromSheet('a', sheet({ conditions: [{ kind: 'full-marks', rating: 'Tốt', criteria: ['ket-qua'], otherwise: 'Khá' }] }));
    const min = rubricFromSheet('b', sheet({ conditions: [noiDung({ criterion: 'ket-qua', min: 10 })] }));
    const marks = fc.record({ 'chuan-bi': fc.integer({ min: 0, max: 10 }), 'tien-hanh': fc.integer({ min: 0, max: 30 }), 'ket-qua': fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(marks, (m) => {
        const { cappedBy: _by, ...rest } = scoreSession(min, { marks: m });
        expect(rest).toEqual(scoreSession(full, { marks: m }));
      }),
    );
  });

  it('should cap only a total rated the full-marks condition’s rating or better, as the sheet says (“Tốt … nếu không: Trung bình” leaves a Khá total Khá)', () => {
    const rubric = rubricFromSheet('a', sheet({ conditions: [{ kind: 'full-marks', rating: 'Tốt', criteria: ['ket-qua'], otherwise: 'Trung bình' }] }));
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 10, 'tien-hanh': 28, 'ket-qua': 9 } })).toEqual({ total: 47, rating: 'Trung bình', capped: true });
    expect(scoreSession(rubric, { marks: { 'chuan-bi': 6, 'tien-hanh': 25, 'ket-qua': 9 } })).toEqual({ total: 40, rating: 'Khá', capped: false });
    // Written back as a sheet, the condition keeps its own rating.
    const khá = sheet({ conditions: [{ kind: 'full-marks', rating: 'Khá', criteria: ['ket-qua'], otherwise: 'Trung bình' }] });
    expect(sheetFromRubric(rubricFromSheet('k', khá))).toEqual(khá);
  });

  it('should score any full-marks condition as the min-marks one at the criterion’s maximum with the same ratings (property)', () => {
    const pair = fc.constantFrom<[Rating, Rating]>(...RATINGS.flatMap((r, i) => RATINGS.slice(i + 1).map((o): [Rating, Rating] => [r, o])));
    const marks = fc.record({ 'chuan-bi': fc.integer({ min: 0, max: 10 }), 'tien-hanh': fc.integer({ min: 0, max: 30 }), 'ket-qua': fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(pair, marks, ([rating, otherwise], m) => {
        const full = rubricFromSheet('a', sheet({ conditions: [{ kind: 'full-marks', rating, criteria: ['ket-qua'], otherwise }] }));
        const min = rubricFromSheet('b', sheet({ conditions: [{ kind: 'min-marks', rating, criterion: 'ket-qua', min: 10, otherwise }] }));
        const { cappedBy: _by, ...rest } = scoreSession(min, { marks: m });
        expect(scoreSession(full, { marks: m })).toEqual(rest);
      }),
    );
  });

  it('should never raise a rating, and lower it only to a cap whose condition failed (property)', () => {
    const ratings = fc.constantFrom<Rating>(...RATINGS);
    const condition = fc.record({ kind: fc.constant('min-marks' as const), rating: ratings, criterion: fc.constantFrom('chuan-bi', 'tien-hanh', 'ket-qua'), min: fc.integer({ min: 0, max: 10 }), otherwise: ratings });
    const conditions = fc.array(condition, { maxLength: 4 }).map((cs) => cs.filter((c) => RATINGS.indexOf(c.otherwise) > RATINGS.indexOf(c.rating)));
    const marks = fc.record({ 'chuan-bi': fc.integer({ min: 0, max: 10 }), 'tien-hanh': fc.integer({ min: 0, max: 30 }), 'ket-qua': fc.integer({ min: 0, max: 10 }) });
    const plain = rubricFromSheet('plain', sheet());
    fc.assert(
      fc.property(conditions, marks, (cs, m) => {
        const banded = scoreSession(plain, { marks: m });
        const capped = scoreSession(rubricFromSheet('c', sheet({ conditions: cs })), { marks: m });
        expect(RATINGS.indexOf(capped.rating)).toBeGreaterThanOrEqual(RATINGS.indexOf(banded.rating));
        expect(capped.total).toBe(banded.total);
        expect(capped.capped).toBe(capped.rating !== banded.rating);
        for (const by of capped.cappedBy ?? []) expect(m[by.criterion as keyof typeof m]).toBeLessThan(by.min);
        if (capped.capped) expect(capped.cappedBy?.map((c) => c.otherwise)).toContain(capped.rating);
      }),
    );
  });

  it('should write a rubric’s min-marks conditions back as the same sheet', () => {
    const committee = sheet({ conditions: [noiDung(), noiDung({ rating: 'Khá', criterion: 'chuan-bi', min: 5, otherwise: 'Trung bình' })] });
    expect(sheetFromRubric(rubricFromSheet('x', committee))).toEqual(committee);
  });
});
