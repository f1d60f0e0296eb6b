import { entryMatches, filterQueryString, pageTrace, parseDay, parseTraceQuery } from './trace-query';
import type { TimelineEntry } from './trace.service';

function entry(seq: number, stepId: string | null, at: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return { seq, at, recordedAt: at, who: 'Hệ thống', actorId: null, stepId, step: stepId ?? '', text: `#${seq}`, kind: 'task', document: null, finding: null, audit: null, ...extra };
}

describe('the trace’s filters and pages', () => {
  it.each([
    ['2022-04-30', '2022-04-30'],
    ['30/04/2022', '2022-04-30'],
    ['1/4/2022', '2022-04-01'],
    ['2024-02-29', '2024-02-29'],
    ['2022-02-29', null],
    ['31/04/2022', null],
    ['2022-4-1', null],
    ['hôm qua', null],
    ['', null],
  ])('should read the day %j as %j', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it('should name the field and the rule of each wrong value, and keep what was typed', () => {
    const query = parseTraceQuery({ tu: '32/01/2022', den: '2022-01-01', trang: '0', 'phat-hien': 'la', nguoi: 'x' }, 'vi');
    expect(query.issues.map((i) => [i.path, i.rule])).toEqual([
      ['phat-hien', 'finding-code'],
      ['nguoi', 'person'],
      ['tu', 'date'],
      ['trang', 'page'],
    ]);
    expect(query.issues.find((i) => i.path === 'tu')!.message).toBe('Từ ngày: “32/01/2022” không phải là một ngày có thật (nhập theo dạng dd/mm/yyyy).');
    expect(query.values.from).toBe('32/01/2022');
    expect(parseTraceQuery({ tu: '02/01/2022', den: '01/01/2022' }, 'vi').issues).toEqual([
      { path: 'den', rule: 'range', message: 'Đến ngày: phải cùng ngày hoặc sau “Từ ngày” (02/01/2022), nhưng lại là 01/01/2022.' },
    ]);
    expect(parseTraceQuery({ tu: '01/01/2022', den: '01/01/2022', trang: '3' }, 'vi')).toMatchObject({ from: '2022-01-01', to: '2022-01-01', page: 3, issues: [] });
  });

  it('should keep the filters, not the page, in the links, dates as yyyy-mm-dd', () => {
    const query = parseTraceQuery({ 'chi-bo': 'CB-A1', tu: '1/4/2022', trang: '2', buoc: 'review-draft' }, 'vi');
    expect(filterQueryString(query)).toBe('chi-bo=CB-A1&buoc=review-draft&tu=2022-04-01');
  });

  it('should take both days whole, in Việt Nam time', () => {
    const query = { from: '2022-04-01', to: '2022-04-01' };
    expect(entryMatches(entry(1, 'a', '2022-03-31T16:59:59.000Z'), query)).toBe(false); // 23:59:59 on 31/03 in Hà Nội
    expect(entryMatches(entry(2, 'a', '2022-03-31T17:00:00.000Z'), query)).toBe(true); // 00:00 on 01/04
    expect(entryMatches(entry(3, 'a', '2022-04-01T16:59:59.000Z'), query)).toBe(true);
    expect(entryMatches(entry(4, 'a', '2022-04-01T17:00:00.000Z'), query)).toBe(false);
    expect(entryMatches(entry(5, null, '2022-04-01T10:00:00.000Z'), { step: 'a' })).toBe(false);
    expect(entryMatches(entry(6, 'a', '2022-04-01T10:00:00.000Z', { actorId: 'u1' }), { person: 'u1', step: 'a' })).toBe(true);
  });

  it('should cut across units at the page size and group each unit’s part of the page by step', () => {
    const at = '2022-04-01T03:00:00.000Z';
    const units = [
      { code: 'DU', timeline: [entry(1, null, at), entry(2, 'collect', at)] },
      { code: 'CB-A1', timeline: [entry(1, null, at), entry(2, 'plan', at), entry(3, 'draft', at), entry(4, 'review', at), entry(5, 'draft', at), entry(6, 'review', at, { kind: 'finding' }), entry(7, null, at)] },
    ];
    const title = (_: unknown, id: string | null) => id ?? 'chung';
    const first = pageTrace(units, 1, 4, title);
    expect(first).toMatchObject({ page: 1, pages: 3, total: 9, first: 1, last: 4 });
    expect(first.sections.map((s) => [s.unit.code, s.continued, s.continues, s.groups.map((g) => g.title)])).toEqual([
      ['DU', false, false, ['chung', 'collect']],
      ['CB-A1', false, true, ['chung', 'plan']],
    ]);
    const second = pageTrace(units, 2, 4, title);
    expect(second.sections.map((s) => [s.unit.code, s.continued, s.continues, s.groups.map((g) => [g.title, g.entries.map((e) => e.seq), g.findings])])).toEqual([
      ['CB-A1', true, true, [['draft', [3, 5], 0], ['review', [4, 6], 1]]],
    ]);
    const last = pageTrace(units, 3, 4, title);
    expect(last).toMatchObject({ first: 9, last: 9 });
    expect(pageTrace(units, 4, 4, title)).toMatchObject({ pages: 3, first: 0, last: 0, sections: [] });
    expect(pageTrace([], 1, 50, title)).toMatchObject({ pages: 1, total: 0, sections: [] });
  });
});
