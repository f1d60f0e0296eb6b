import {
  DEFAULT_BANDS,
  RATINGS,
  annualRating,
  binhThuan100,
  fourLevel,
  phuTho100,
  rubricMaxTotal,
  scoreSession,
  validateScore,
  type MarksRubric,
  type Rating,
} from './rubrics';

function phuTho(preparation: number, attendance: number, conduct: number, closing: number) {
  return { marks: { preparation, attendance, conduct, closing } };
}

const binhThuanFull = { preparation: 20, attendance: 20, duration: 10, participation: 20, minutes: 10, principles: 10, results: 10 };

describe('rubric definitions', () => {
  it('should list ratings best first', () => {
    expect(RATINGS).toEqual(['Tốt', 'Khá', 'Trung bình', 'Kém']);
    expect(DEFAULT_BANDS).toEqual([
      { rating: 'Tốt', min: 90 },
      { rating: 'Khá', min: 70 },
      { rating: 'Trung bình', min: 50 },
      { rating: 'Kém', min: 0 },
    ]);
  });

  it('should define the Phú Thọ criteria with their maxima and Vietnamese labels', () => {
    expect(phuTho100.id).toBe('phu-tho-100');
    expect(phuTho100.criteria).toEqual([
      { id: 'preparation', label: 'Chuẩn bị', max: 15 },
      { id: 'attendance', label: 'Tham dự', max: 20 },
      { id: 'conduct', label: 'Tiến hành', max: 45 },
      { id: 'closing', label: 'Kết thúc', max: 20 },
    ]);
  });

  it('should define the Bình Thuận criteria and the full-marks rule for Tốt', () => {
    expect(binhThuan100.id).toBe('binh-thuan-100');
    expect(Object.fromEntries(binhThuan100.criteria.map((c) => [c.id, c.max]))).toEqual(binhThuanFull);
    expect(binhThuan100.fullMarksForTop).toEqual({ criteria: ['attendance', 'duration', 'participation', 'minutes'], capAt: 'Khá', rating: 'Tốt' });
  });

  it.each([
    { rubric: phuTho100, expected: 100 },
    { rubric: binhThuan100, expected: 100 },
    { rubric: fourLevel, expected: null },
  ])('should return $expected as the maximum total when the rubric is $rubric.id', ({ rubric, expected }) => {
    expect(rubricMaxTotal(rubric)).toBe(expected);
  });

  it('should freeze shipped rubrics when someone tries to change them', () => {
    expect(Object.isFrozen(phuTho100.criteria[0])).toBe(true);
    expect(() => phuTho100.criteria.push({ id: 'x', label: 'x', max: 1 })).toThrow(TypeError);
    expect(Object.isFrozen(binhThuan100.fullMarksForTop?.criteria)).toBe(true);
  });
});

describe('validateScore', () => {
  it('should return no issues when every mark is within its range', () => {
    expect(validateScore(phuTho100, phuTho(15, 20, 45, 20))).toEqual([]);
    expect(validateScore(phuTho100, phuTho(0, 0, 0, 0))).toEqual([]);
    expect(validateScore(phuTho100, phuTho(7.5, 19.5, 40, 12))).toEqual([]);
  });

  it('should report max with the label and maximum when a mark exceeds it', () => {
    expect(validateScore(binhThuan100, { marks: { ...binhThuanFull, preparation: 21 } })).toEqual([
      { path: 'marks.preparation', rule: 'max', message: 'Điểm tiêu chí “Chuẩn bị” vượt quá tối đa 20', params: { origin: 'number', maximum: 20 } },
    ]);
  });

  it.each<{ value: number; rule: string; message: string; params?: Record<string, string | number> }>([
    { value: -1, rule: 'min', message: 'Điểm tiêu chí “Tiến hành” không được âm', params: { origin: 'number', minimum: 0 } },
    { value: Number.NaN, rule: 'invalid', message: 'Điểm tiêu chí “Tiến hành” không phải là số hợp lệ' },
    { value: Number.POSITIVE_INFINITY, rule: 'invalid', message: 'Điểm tiêu chí “Tiến hành” không phải là số hợp lệ' },
    { value: '30' as unknown as number, rule: 'invalid', message: 'Điểm tiêu chí “Tiến hành” không phải là số hợp lệ' },
    { value: 45.5, rule: 'max', message: 'Điểm tiêu chí “Tiến hành” vượt quá tối đa 45', params: { origin: 'number', maximum: 45 } },
  ])('should report $rule when the conduct mark is $value', ({ value, rule, message, params }) => {
    expect(validateScore(phuTho100, phuTho(10, 10, value, 10))).toEqual([{ path: 'marks.conduct', rule, message, ...(params ? { params } : {}) }]);
  });

  it('should report required for each criterion when marks are missing', () => {
    const issues = validateScore(phuTho100, {});
    expect(issues.map((issue) => issue.path)).toEqual(['marks.preparation', 'marks.attendance', 'marks.conduct', 'marks.closing']);
    expect(issues.every((issue) => issue.rule === 'required')).toBe(true);
    expect(issues[0]?.message).toBe('Chưa nhập điểm tiêu chí “Chuẩn bị”');
  });

  it('should report required when one criterion is left out', () => {
    const { closing: _closing, ...marks } = phuTho(15, 20, 45, 20).marks;
    expect(validateScore(phuTho100, { marks })).toEqual([
      { path: 'marks.closing', rule: 'required', message: 'Chưa nhập điểm tiêu chí “Kết thúc”' },
    ]);
  });

  it('should report unknown-criterion when a mark names a criterion the rubric does not have', () => {
    expect(validateScore(phuTho100, { marks: { ...phuTho(15, 20, 45, 20).marks, duration: 10 } })).toEqual([
      { path: 'marks.duration', rule: 'unknown-criterion', message: 'Tiêu chí “duration” không có trong thang điểm “Phú Thọ – thang điểm 100”' },
    ]);
  });

  it('should report not-applicable on rating when a rating is given to a marks rubric', () => {
    expect(validateScore(phuTho100, { ...phuTho(15, 20, 45, 20), rating: 'Tốt' })).toEqual([
      expect.objectContaining({ path: 'rating', rule: 'not-applicable' }),
    ]);
  });

  it.each(RATINGS.map((rating) => [rating]))('should accept %s when the rubric is four-level', (rating) => {
    expect(validateScore(fourLevel, { rating })).toEqual([]);
  });

  it.each([
    { rating: undefined, message: 'Chưa chọn xếp loại' },
    { rating: '', message: 'Chưa chọn xếp loại' },
    { rating: 'Xuất sắc', message: 'Xếp loại “Xuất sắc” không hợp lệ; chọn một trong: Tốt, Khá, Trung bình, Kém' },
    { rating: 'tốt', message: 'Xếp loại “tốt” không hợp lệ; chọn một trong: Tốt, Khá, Trung bình, Kém' },
  ])('should report invalid-rating when the four-level rating is $rating', ({ rating, message }) => {
    expect(validateScore(fourLevel, rating === undefined ? {} : { rating })).toEqual([{ path: 'rating', rule: 'invalid-rating', message }]);
  });

  it('should report not-applicable on marks when marks are given to a rating rubric', () => {
    expect(validateScore(fourLevel, { rating: 'Khá', marks: { preparation: 10 } })).toEqual([
      expect.objectContaining({ path: 'marks', rule: 'not-applicable' }),
    ]);
  });
});

describe('scoreSession', () => {
  it.each([
    { marks: [15, 20, 45, 20], total: 100, rating: 'Tốt' },
    { marks: [15, 20, 35, 20], total: 90, rating: 'Tốt' },
    { marks: [15, 20, 34, 20], total: 89, rating: 'Khá' },
    { marks: [15, 20, 34.5, 20], total: 89.5, rating: 'Khá' },
    { marks: [15, 20, 15, 20], total: 70, rating: 'Khá' },
    { marks: [15, 20, 14.5, 20], total: 69.5, rating: 'Trung bình' },
    { marks: [10, 10, 20, 10], total: 50, rating: 'Trung bình' },
    { marks: [10, 10, 19, 10], total: 49, rating: 'Kém' },
    { marks: [0, 0, 0, 0], total: 0, rating: 'Kém' },
  ])('should rate $rating when the Phú Thọ total is $total', ({ marks, total, rating }) => {
    const [a = 0, b = 0, c = 0, d = 0] = marks;
    expect(scoreSession(phuTho100, phuTho(a, b, c, d))).toEqual({ total, rating, capped: false });
  });

  it('should reach 90 exactly when fractional marks add up to 90 in floating point as 89.999…', () => {
    expect(14.1 + 19.3 + 44.3 + 12.3).not.toBe(90);
    expect(scoreSession(phuTho100, phuTho(14.1, 19.3, 44.3, 12.3))).toEqual({ total: 90, rating: 'Tốt', capped: false });
  });

  it('should rate Tốt when Bình Thuận scores 96 with full marks on the four key criteria', () => {
    const marks = { ...binhThuanFull, preparation: 18, principles: 9, results: 9 };
    expect(scoreSession(binhThuan100, { marks })).toEqual({ total: 96, rating: 'Tốt', capped: false });
  });

  it('should cap at Khá when Bình Thuận scores 95 with duration 9', () => {
    const marks = { ...binhThuanFull, preparation: 17, duration: 9, results: 9 };
    expect(scoreSession(binhThuan100, { marks })).toEqual({ total: 95, rating: 'Khá', capped: true });
  });

  it.each(['attendance', 'duration', 'participation', 'minutes'])('should cap at Khá when %s is one point short of full marks', (id) => {
    const criterion = binhThuan100.criteria.find((c) => c.id === id);
    const marks = { ...binhThuanFull, [id]: (criterion?.max ?? 0) - 1 };
    expect(scoreSession(binhThuan100, { marks })).toEqual({ total: 99, rating: 'Khá', capped: true });
  });

  it.each([
    { change: { preparation: 10 }, total: 90, rating: 'Tốt', capped: false },
    { change: { preparation: 9 }, total: 89, rating: 'Khá', capped: false },
    { change: { preparation: 5, duration: 9 }, total: 84, rating: 'Khá', capped: false },
    { change: { preparation: 0, principles: 0, results: 0, duration: 5 }, total: 55, rating: 'Trung bình', capped: false },
  ])('should rate $rating (capped $capped) when the Bình Thuận total is $total', ({ change, total, rating, capped }) => {
    expect(scoreSession(binhThuan100, { marks: { ...binhThuanFull, ...change } })).toEqual({ total, rating, capped });
  });

  it('should return the chosen rating and no total when the rubric is four-level', () => {
    expect(scoreSession(fourLevel, { rating: 'Trung bình' })).toEqual({ total: null, rating: 'Trung bình', capped: false });
  });

  it('should throw a RangeError naming the issue when the input is invalid', () => {
    expect(() => scoreSession(phuTho100, phuTho(16, 20, 45, 20))).toThrow(RangeError);
    expect(() => scoreSession(phuTho100, phuTho(16, 20, 45, 20))).toThrow(/marks\.preparation: Điểm tiêu chí “Chuẩn bị” vượt quá tối đa 15/);
    expect(() => scoreSession(fourLevel, { rating: 'Giỏi' })).toThrow(RangeError);
  });

  it('should apply bands in order of min when a committee lists them unsorted', () => {
    const custom: MarksRubric = {
      id: 'custom-10',
      kind: 'marks',
      title: 'Thang 10',
      criteria: [{ id: 'overall', label: 'Tổng thể', max: 10 }],
      bands: [
        { rating: 'Trung bình', min: 5 },
        { rating: 'Tốt', min: 8 },
        { rating: 'Khá', min: 6.5 },
      ],
      fullMarksForTop: { criteria: ['overall'], capAt: 'Trung bình' },
    };
    expect(scoreSession(custom, { marks: { overall: 10 } })).toEqual({ total: 10, rating: 'Tốt', capped: false });
    expect(scoreSession(custom, { marks: { overall: 7 } })).toEqual({ total: 7, rating: 'Trung bình', capped: true });
    expect(scoreSession(custom, { marks: { overall: 5 } })).toEqual({ total: 5, rating: 'Trung bình', capped: false });
    // No band reaches down to 4: the worst rating applies.
    expect(scoreSession(custom, { marks: { overall: 4 } })).toEqual({ total: 4, rating: 'Kém', capped: false });
  });
});

describe('annualRating', () => {
  const times = (n: number, rating: Rating): Rating[] => Array.from({ length: n }, () => rating);

  it.each([
    { label: '7 Tốt and 5 Khá', ratings: [...times(7, 'Tốt'), ...times(5, 'Khá')], expected: 'Tốt' },
    { label: '12 Tốt', ratings: times(12, 'Tốt'), expected: 'Tốt' },
    { label: '6 Tốt and 6 Khá', ratings: [...times(6, 'Tốt'), ...times(6, 'Khá')], expected: 'Khá' },
    { label: '11 Tốt and 1 Trung bình', ratings: [...times(11, 'Tốt'), 'Trung bình'], expected: 'Khá' },
    { label: '12 Trung bình', ratings: times(12, 'Trung bình'), expected: 'Khá' },
    { label: '11 Tốt and 1 Kém', ratings: [...times(11, 'Tốt'), 'Kém'], expected: 'Kém' },
    { label: 'no sessions', ratings: [], expected: 'Kém' },
  ])('should rate the year $expected when the sessions are $label', ({ ratings, expected }) => {
    expect(annualRating(ratings as Rating[])).toBe(expected);
  });

  it('should use the configured minimum of Tốt sessions when a committee overrides it', () => {
    const ratings: Rating[] = [...times(3, 'Tốt'), 'Khá'];
    expect(annualRating(ratings)).toBe('Khá');
    expect(annualRating(ratings, { minTot: 3 })).toBe('Tốt');
  });

  it.each([
    [['Tốt', 'Xuất sắc'] as Rating[], { minTot: 7 }],
    [['Tốt'] as Rating[], { minTot: -1 }],
    [['Tốt'] as Rating[], { minTot: 1.5 }],
  ])('should throw a RangeError when given %p with %p', (ratings, config) => {
    expect(() => annualRating(ratings, config)).toThrow(RangeError);
  });
});
