import fc from 'fast-check';
import { binhThuan100, fourLevel, phuTho100, RATINGS, scoreSession, type Rating } from './rubrics';
import { rubricFromSheet, SHIPPED_SHEETS, sheetFromRubric, validateScoreSheet, type ScoreSheetDefinition } from './score-sheet';

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
