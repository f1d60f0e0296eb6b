import { csvField, traceCsv } from './trace-csv';

describe('the trace as CSV', () => {
  it.each([
    ['Ngô Thị Nga', 'Ngô Thị Nga'],
    ['có, dấu phẩy', '"có, dấu phẩy"'],
    ['nói "thẳng thắn"', '"nói ""thẳng thắn"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['dòng 1\ndòng 2', '"dòng 1\ndòng 2"'],
    [null, ''],
  ])('should write %j as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('should start with a BOM and have one row per timeline entry after the header', () => {
    const entry = { seq: 12, actorId: null, stepId: 'resolution', at: '2022-04-01T07:00:00.000Z', recordedAt: '2022-04-01T07:00:00.000Z', who: 'Ngô Thị Nga', step: 'Biểu quyết', kind: 'result' as const, text: 'Kết quả biểu quyết: 14/14 — thông qua', document: null, finding: null, audit: { id: 7, hash: 'abcdef012345', documentAltered: false } };
    const csv = traceCsv({ guidance: { number: '27-HD/ĐU', issuedOn: '2022-03-16' }, units: [{ code: 'CB-THCS-AI-MO', name: 'Chi bộ Trường THCS Ái Mộ', timeline: [entry] }] }, 'vi');
    const rows = csv.replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toBe('27-HD/ĐU (2022-03-16),CB-THCS-AI-MO,Chi bộ Trường THCS Ái Mộ,01/04/2022 14:00,01/04/2022 14:00,Ngô Thị Nga,Biểu quyết,kết quả,Kết quả biểu quyết: 14/14 — thông qua,,,#7 abcdef012345');
  });
});
