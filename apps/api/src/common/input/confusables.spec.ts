import { z } from 'zod';
import { lineSchema } from '../schemas';
import { parseWithIssues } from '../zod-issues';

const member = z.strictObject({ name: lineSchema() });

describe('names that pass for someone else’s (homoglyphs)', () => {
  it.each([
    ['Ngô Thị Nga'],
    ['Nguyễn Văn Đức'],
    // Vietnamese typed with combining marks (NFD) is still Latin.
    ['Nguye\u0302\u0303n Va\u0306n Đu\u031B\u0301c'],
    ['Chi bộ Trường THCS Ái Mộ'],
    ['Sinh hoạt chuyên đề quý II/2022 – "Học tập và làm theo Bác"'],
    // One script throughout is someone's real name, not a disguise.
    ['Иван Петров'],
  ])('should accept %s', (name) => {
    expect(parseWithIssues(member, { name })).toMatchObject({ success: true });
  });

  it.each([
    ['a Cyrillic "а" among Latin letters', 'Ngô Thị Ng\u0430', 'Cyrillic'],
    ['a Greek capital Nu for N', '\u039Dgô Thị Nga', 'Greek'],
    ['an Armenian "օ" for o', 'Ng\u0585 Thị Nga', 'Armenian'],
    ['fullwidth letters', '\uFF2E\uFF47\uFF41', 'toàn khổ'],
    ['mathematical bold letters', '\u{1D40D}\u{1D420}\u{1D41A}', 'toán học'],
  ])('should refuse %s with 422 mixed-script naming the field', (_what, name, words) => {
    const result = parseWithIssues(member, { name });

    expect(result).toMatchObject({ success: false, issues: [{ path: 'name', rule: 'mixed-script' }] });
    if (!result.success) expect(result.issues[0]!.message).toContain(words);
  });
});
