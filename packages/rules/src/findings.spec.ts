import { FINDINGS, FINDING_CODES, isFindingCode, reportTimingFinding, sessionTimingFindings, sortFindings } from './findings';
import { parseLocal } from './time';

// Vietnamese letters with diacritics; every Vietnamese description has some.
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

describe('FINDINGS', () => {
  it('should list every finding code in display order (a committee’s last)', () => {
    expect(FINDING_CODES).toEqual([
      'draft-not-approved',
      'draft-late',
      'session-late',
      'session-missing',
      'session-short',
      'attendance-low',
      'absence-unexcused',
      'absence-consecutive',
      'self-criticism-missing',
      'resolution-rejected',
      'report-late',
      'report-missing',
      'plan-missing',
      'implementation-missing',
    ]);
    expect(Object.keys(FINDINGS).sort()).toEqual([...FINDING_CODES].sort());
  });

  it.each(FINDING_CODES.map((code) => [code]))('should describe %s in one Vietnamese and one English sentence', (code) => {
    const finding = FINDINGS[code];
    expect(finding.vi).toMatch(VIETNAMESE);
    expect(finding.vi).toMatch(/^[^.]+\.$/);
    expect(finding.en).toMatch(/^[A-Z][^]*\.$/);
    expect(['warning', 'violation']).toContain(finding.severity);
  });

  it.each([
    { code: 'draft-not-approved', severity: 'violation' },
    { code: 'session-missing', severity: 'violation' },
    { code: 'report-missing', severity: 'violation' },
    { code: 'draft-late', severity: 'warning' },
    { code: 'report-late', severity: 'warning' },
    { code: 'resolution-rejected', severity: 'warning' },
  ] as const)('should classify $code as a $severity', ({ code, severity }) => {
    expect(FINDINGS[code].severity).toBe(severity);
  });
});

describe('isFindingCode', () => {
  it.each([
    { value: 'draft-late', expected: true },
    { value: 'report-missing', expected: true },
    { value: 'Draft-Late', expected: false },
    { value: 'late', expected: false },
    { value: '', expected: false },
    { value: 42, expected: false },
    { value: undefined, expected: false },
  ])('should return $expected when given $value', ({ value, expected }) => {
    expect(isFindingCode(value)).toBe(expected);
  });
});

describe('sortFindings', () => {
  it('should order codes as FINDING_CODES and drop repeats when given a jumble', () => {
    expect(sortFindings(['report-late', 'draft-late', 'report-late', 'session-short'])).toEqual(['draft-late', 'session-short', 'report-late']);
  });
});

describe('sessionTimingFindings', () => {
  const heldAt = parseLocal('2022-04-15T08:00');

  it.each([
    { label: 'held on the last local minute of the deadline day', held: parseLocal('2022-04-30T23:59'), expected: [] },
    { label: 'held at 00:00 local the day after the deadline', held: parseLocal('2022-05-01T00:00'), expected: ['session-late'] },
    { label: 'held well before the deadline', held: parseLocal('2022-04-02T08:00'), expected: [] },
  ])('should return $expected when $label', ({ held, expected }) => {
    expect(sessionTimingFindings({ heldAt: held, sessionBy: '2022-04-30', draftRequired: false })).toEqual(expected);
  });

  it('should not report session-late when there is no session deadline', () => {
    expect(sessionTimingFindings({ heldAt: parseLocal('2030-01-01'), draftRequired: false })).toEqual([]);
  });

  it.each([
    { label: 'no approval (null)', approvedAt: null, expected: ['draft-not-approved'] },
    { label: 'no approval (undefined)', approvedAt: undefined, expected: ['draft-not-approved'] },
    { label: 'an approval after the session started', approvedAt: parseLocal('2022-04-15T09:00'), expected: ['draft-not-approved'] },
    { label: 'an approval at the very start', approvedAt: heldAt, expected: ['draft-not-approved'] },
    { label: 'an approval 23 h before', approvedAt: parseLocal('2022-04-14T09:00'), expected: ['draft-late'] },
    { label: 'an approval exactly 24 h before', approvedAt: parseLocal('2022-04-14T08:00'), expected: [] },
    { label: 'an approval a week before', approvedAt: parseLocal('2022-04-08T08:00'), expected: [] },
  ])('should return $expected when a draft is required and there is $label', ({ approvedAt, expected }) => {
    expect(sessionTimingFindings({ heldAt, draftApprovedAt: approvedAt, draftRequired: true })).toEqual(expected);
  });

  it('should ignore the draft when no draft is required', () => {
    expect(sessionTimingFindings({ heldAt, draftApprovedAt: null, draftRequired: false })).toEqual([]);
  });

  it('should use the configured minimum when minDraftHours is given', () => {
    const approvedAt = parseLocal('2022-04-13T20:00'); // 36 h before
    expect(sessionTimingFindings({ heldAt, draftApprovedAt: approvedAt, draftRequired: true })).toEqual([]);
    expect(sessionTimingFindings({ heldAt, draftApprovedAt: approvedAt, draftRequired: true, minDraftHours: 48 })).toEqual(['draft-late']);
  });

  it('should list draft-late before session-late when both apply', () => {
    const held = parseLocal('2022-05-02T08:00');
    expect(
      sessionTimingFindings({ heldAt: held, sessionBy: '2022-04-30', draftApprovedAt: parseLocal('2022-05-02T07:00'), draftRequired: true }),
    ).toEqual(['draft-late', 'session-late']);
  });

  it('should judge the deadline day in the given zone when a zone is passed', () => {
    const input = { heldAt: '2022-04-30T20:00:00.000Z', sessionBy: '2022-04-30', draftRequired: false };
    expect(sessionTimingFindings(input)).toEqual(['session-late']);
    expect(sessionTimingFindings({ ...input, zone: 'UTC' })).toEqual([]);
  });
});

describe('reportTimingFinding', () => {
  it.each([
    { label: 'on the last local minute of the due date', at: parseLocal('2022-05-05T23:59'), expected: null },
    { label: 'at 00:00 local the next day', at: parseLocal('2022-05-06T00:00'), expected: 'report-late' },
    { label: 'days early', at: parseLocal('2022-05-01T10:00'), expected: null },
  ])('should return $expected when the report arrives $label', ({ at, expected }) => {
    expect(reportTimingFinding(at, '2022-05-05')).toBe(expected);
  });

  it('should judge the due date in the given zone when a zone is passed', () => {
    expect(reportTimingFinding('2022-05-05T20:00:00.000Z', '2022-05-05', 'UTC')).toBeNull();
    expect(reportTimingFinding('2022-05-05T20:00:00.000Z', '2022-05-05')).toBe('report-late');
  });
});
