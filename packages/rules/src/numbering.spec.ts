import {
  DOCUMENT_TYPES,
  formatDocumentNumber,
  nextInRegister,
  parseDocumentNumber,
  registerKey,
  termFor,
  type Term,
} from './numbering';

const terms: Term[] = [
  { from: '2015-08-01', to: '2020-08-01' },
  { from: '2020-08-01', to: '2025-08-01' },
  { from: '2025-08-01' },
];

describe('termFor', () => {
  it.each([
    { date: '2015-08-01', expected: 0 },
    { date: '2020-07-31', expected: 0 },
    { date: '2020-08-01', expected: 1 },
    { date: '2025-07-31', expected: 1 },
    { date: '2030-01-01', expected: 2 },
    // 2020-07-31T17:00Z is 00:00 on 1 August in Vietnam: the new term.
    { date: '2020-07-31T17:00:00.000Z', expected: 1 },
    { date: '2020-07-31T16:59:59.999Z', expected: 0 },
    { date: '2020-08-01T06:00:00+07:00', expected: 1 },
  ])('should pick term #$expected when the date is $date', ({ date, expected }) => {
    expect(termFor(date, terms)).toBe(terms[expected]);
  });

  it('should return undefined when no term contains the date', () => {
    expect(termFor('2010-01-01', terms)).toBeUndefined();
    expect(termFor('2021-01-01', [])).toBeUndefined();
  });

  it('should read instants in the given zone when a zone is passed', () => {
    expect(termFor('2020-07-31T17:00:00.000Z', terms, 'UTC')).toBe(terms[0]);
  });

  it('should pick the latest start when terms overlap, whatever their order', () => {
    const open: Term = { from: '2020-01-01' };
    const later: Term = { from: '2020-08-01', to: '2025-08-01' };
    expect(termFor('2021-03-01', [later, open])).toBe(later);
    expect(termFor('2021-03-01', [open, later])).toBe(later);
    expect(termFor('2020-03-01', [open, later])).toBe(open);
  });

  it.each([
    [[{ from: '2020-08-01', to: '2020-08-01' }]],
    [[{ from: '2020-08-01', to: '2019-08-01' }]],
    [[{ from: '01/08/2020' }]],
    [[{ from: '2020-02-30' }]],
  ])('should throw a RangeError when a term is malformed: %p', (bad) => {
    expect(() => termFor('2021-01-01', bad)).toThrow(RangeError);
  });

  it('should throw a RangeError when the date is neither a local date nor an instant', () => {
    expect(() => termFor('2021-01-01T10:00', terms)).toThrow(RangeError);
  });
});

describe('registerKey', () => {
  it('should join issuer, type and term start when given valid parts', () => {
    expect(registerKey({ issuer: 'CB-X', type: 'NQ', termFrom: '2020-08-01' })).toBe('CB-X|NQ|2020-08-01');
  });

  it.each([
    { issuer: 'CB|X', type: 'NQ', termFrom: '2020-08-01' },
    { issuer: '', type: 'NQ', termFrom: '2020-08-01' },
    { issuer: 'CB-X', type: '', termFrom: '2020-08-01' },
    { issuer: 'CB-X', type: 'NQ', termFrom: '2020' },
  ])('should throw a RangeError when given $issuer / $type / $termFrom', (input) => {
    expect(() => registerKey(input)).toThrow(RangeError);
  });
});

describe('formatDocumentNumber', () => {
  it.each([
    { seq: 1, type: 'NQ', issuer: 'CB', expected: 'Số 01-NQ/CB' },
    { seq: 5, type: 'NQ', issuer: 'CB', expected: 'Số 05-NQ/CB' },
    { seq: 10, type: 'BC', issuer: 'CB', expected: 'Số 10-BC/CB' },
    { seq: 127, type: 'QĐ', issuer: 'TW', expected: 'Số 127-QĐ/TW' },
    { seq: 27, type: 'HD', issuer: 'ĐU', expected: 'Số 27-HD/ĐU' },
    { seq: 12, type: 'HD', issuer: 'BTCTW', expected: 'Số 12-HD/BTCTW' },
  ])('should print $expected when given $seq, $type, $issuer', ({ seq, type, issuer, expected }) => {
    expect(formatDocumentNumber(seq, type, issuer)).toBe(expected);
  });

  it.each([
    { seq: 0, type: 'NQ', issuer: 'CB' },
    { seq: -1, type: 'NQ', issuer: 'CB' },
    { seq: 1.5, type: 'NQ', issuer: 'CB' },
    { seq: 1, type: 'nq', issuer: 'CB' },
    { seq: 1, type: '', issuer: 'CB' },
    { seq: 1, type: 'N-Q', issuer: 'CB' },
    { seq: 1, type: 'NQ', issuer: '' },
    { seq: 1, type: 'NQ', issuer: 'C B' },
  ])('should throw a RangeError when given $seq, "$type", "$issuer"', ({ seq, type, issuer }) => {
    expect(() => formatDocumentNumber(seq, type, issuer)).toThrow(RangeError);
  });
});

describe('parseDocumentNumber', () => {
  it.each([
    { text: 'Số 05-NQ/CB', expected: { seq: 5, type: 'NQ', issuerAbbr: 'CB' } },
    { text: '05-NQ/CB', expected: { seq: 5, type: 'NQ', issuerAbbr: 'CB' } },
    { text: 'Số: 12-HD/BTCTW', expected: { seq: 12, type: 'HD', issuerAbbr: 'BTCTW' } },
    { text: '  số 127-QĐ/TW ', expected: { seq: 127, type: 'QĐ', issuerAbbr: 'TW' } },
    { text: 'SỐ 06-ĐA/HU', expected: { seq: 6, type: 'ĐA', issuerAbbr: 'HU' } },
    { text: 'Số 27-HD/ĐU-CB', expected: { seq: 27, type: 'HD', issuerAbbr: 'ĐU-CB' } },
    // Decomposed (NFD) input, as some keyboards and PDF copies produce it.
    { text: 'Số 05-NQ/CB'.normalize('NFD'), expected: { seq: 5, type: 'NQ', issuerAbbr: 'CB' } },
  ])('should parse $text', ({ text, expected }) => {
    expect(parseDocumentNumber(text)).toEqual(expected);
  });

  it.each([[''], ['NQ/CB'], ['Số 00-NQ/CB'], ['Số 5 NQ CB'], ['Số 05-nq/CB'], ['Số 05-NQ/'], ['Số 05-NQ/CB trích']])(
    'should return null when the text is %p',
    (text) => {
      expect(parseDocumentNumber(text)).toBeNull();
    },
  );

  it.each(Object.keys(DOCUMENT_TYPES).flatMap((type) => [1, 9, 10, 99, 127].map((seq) => ({ seq, type }))))(
    'should round-trip $seq-$type when formatted then parsed',
    ({ seq, type }) => {
      expect(parseDocumentNumber(formatDocumentNumber(seq, type, 'CB'))).toEqual({ seq, type, issuerAbbr: 'CB' });
    },
  );
});

describe('DOCUMENT_TYPES', () => {
  it('should map the HD 36 abbreviations to their printed names', () => {
    expect(DOCUMENT_TYPES).toEqual({
      NQ: 'NGHỊ QUYẾT',
      KH: 'KẾ HOẠCH',
      BC: 'BÁO CÁO',
      BB: 'BIÊN BẢN',
      TB: 'THÔNG BÁO',
      HD: 'HƯỚNG DẪN',
      QĐ: 'QUYẾT ĐỊNH',
      CV: 'CÔNG VĂN',
    });
    expect(Object.isFrozen(DOCUMENT_TYPES)).toBe(true);
  });
});

describe('nextInRegister', () => {
  it.each([
    { issued: [], expected: 1 },
    { issued: [1, 2, 3], expected: 4 },
    { issued: [5, 2], expected: 6 },
    { issued: [1, 3], expected: 4 },
  ])('should return $expected when $issued are issued', ({ issued, expected }) => {
    expect(nextInRegister(issued)).toBe(expected);
  });

  it.each([[[0]], [[1, -2]], [[1.5]], [[Number.NaN]]])('should throw a RangeError when issued contains %p', (issued) => {
    expect(() => nextInRegister(issued)).toThrow(RangeError);
  });

  it('should restart at 01 when a document falls in a new term', () => {
    const registers = new Map<string, number[]>();
    const issue = (date: string): string => {
      const term = termFor(date, terms);
      if (term === undefined) throw new Error('no term');
      const key = registerKey({ issuer: 'CB-X', type: 'NQ', termFrom: term.from });
      const issued = registers.get(key) ?? [];
      const seq = nextInRegister(issued);
      registers.set(key, [...issued, seq]);
      return formatDocumentNumber(seq, 'NQ', 'CB');
    };
    expect(issue('2020-06-15')).toBe('Số 01-NQ/CB');
    expect(issue('2020-07-31T16:00:00.000Z')).toBe('Số 02-NQ/CB');
    // 17:30 UTC on 31 July is 00:30 on 1 August in Vietnam: the new term starts again at 01.
    expect(issue('2020-07-31T17:30:00.000Z')).toBe('Số 01-NQ/CB');
    expect(issue('2021-01-10')).toBe('Số 02-NQ/CB');
  });
});
