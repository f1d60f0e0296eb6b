import type { TaskPage } from '@chibo/host';
import { createRegistry } from '@chibo/catalog';
import type { InstanceState, RosterMember } from '@chibo/procedure';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeField } from '../forms/schema-form';
import { translate, type Lang } from '../i18n/i18n';
import { taskPageContext } from './task-page-context';
import { WEB_CONTRIBUTIONS } from './web-contributions';

/** The Ái Mộ roster: 16 official members and one probationary (m17). */
const ROSTER: RosterMember[] = [
  { id: 'nga', name: 'Ngô Thị Nga', status: 'official', roles: ['secretary'] },
  ...Array.from({ length: 15 }, (_, i) => ({ id: `m${String(i + 2).padStart(2, '0')}`, name: `Đảng viên ${i + 2}`, status: 'official' as const, roles: [] })),
  { id: 'm17', name: 'Đảng viên 17', status: 'probationary', roles: [] },
];
const ABSENT = [
  { member: 'm07', reason: 'F0', excused: true },
  { member: 'm11', reason: 'F0', excused: true },
];
const registry = createRegistry();

function pageOf(step: string, task: string): TaskPage<unknown, Record<string, unknown>> {
  const page = WEB_CONTRIBUTIONS.pageOf(`${step}@1`, task);
  if (!page) throw new Error(`no page for ${step}`);
  return page as TaskPage<unknown, Record<string, unknown>>;
}

/** A page's context as the web app lends it, with the step's parameters parsed by the step itself (its defaults). */
function context(step: string, lang: Lang, { absent = ABSENT, params = {} as Record<string, unknown> } = {}) {
  const state = { facts: { session: { absent } }, definition: { steps: [] } } as unknown as InstanceState;
  return taskPageContext({ state, roster: ROSTER, params: registry.step(`${step}@1`).params.parse(params) as Record<string, unknown> }, registry, lang);
}

describe('the pages plugins contribute', () => {
  it('should find each page by its step and task, whatever the step version, and nothing for a generated form', () => {
    expect(WEB_CONTRIBUTIONS.pageOf('thematic:resolution@1', 'vote')?.partial).toBe('thematic/vote');
    expect(WEB_CONTRIBUTIONS.pageOf('self-criticism:self-assess@2', 'assess')?.partial).toBe('self-criticism/assess');
    expect(WEB_CONTRIBUTIONS.pageOf('thematic:plan@1', 'plan')).toBeUndefined();
  });

  it('should build fields with the app’s field helper, errors attached', () => {
    const ctx = context('self-criticism:self-assess', 'en');
    const { model } = pageOf('self-criticism:self-assess', 'assess').view(ctx, { flagged: [], plan: '' }, new Map([['plan', ['Write a plan']]]));
    expect(model['plan']).toEqual(makeField({ name: 'plan', label: 'Your remediation plan', widget: 'textarea', value: '', required: true, hint: 'What you will do to correct your shortcomings.' }, new Map([['plan', ['Write a plan']]])));
  });
});

describe('the live vote tally (the resolution step’s own rule with the instance’s threshold)', () => {
  const vote = pageOf('thematic:resolution', 'vote');
  const everyone = ROSTER.filter((m) => m.status === 'official' && !['m07', 'm11'].includes(m.id)).map((m) => m.id);
  const tally = (ctx: ReturnType<typeof context>, body: Record<string, string>, action = 'preview') => vote.view(ctx, vote.read(ctx, body, action), new Map()).model['tally'] as Record<string, unknown>;

  it('should show 14/14 — thông qua when every official member present votes for (two excused absences, one probationary)', () => {
    const ctx = context('thematic:resolution', 'vi');
    const values = vote.read(ctx, { title: 'NQ', decisions: 'Một' }, 'all-for') as { votes: Record<string, string> };
    expect(Object.keys(values.votes)).toEqual(everyone);
    expect(tally(ctx, { title: 'NQ', decisions: 'Một' }, 'all-for')).toMatchObject({ for: 14, denominator: 14, required: 8, adopted: true, headline: '14/14 — thông qua' });
    expect(vote.input(ctx, values)['vote']).toEqual({ for: everyone, against: [], abstain: [] });
  });

  it('should not pass with half or less of the denominator, and count an unexcused absentee in it', () => {
    const ctx = context('thematic:resolution', 'vi', { absent: [{ member: 'm07', reason: 'Không rõ', excused: false }] });
    const seven = Object.fromEntries(everyone.slice(0, 7).map((id) => [`vote.${id}`, 'for']));
    expect(tally(ctx, seven)).toMatchObject({ for: 7, denominator: 16, adopted: false, headline: '7/16 — không thông qua' });
  });

  it('should ignore a hand for someone who may not vote (probationary, absent)', () => {
    const ctx = context('thematic:resolution', 'en');
    const values = vote.read(ctx, { 'vote.m17': 'for', 'vote.m07': 'for', 'vote.nga': 'against' }, 'preview') as { votes: Record<string, string> };
    expect(values.votes['m17']).toBeUndefined();
    expect(values.votes['m07']).toBeUndefined();
    expect(tally(ctx, { 'vote.m17': 'for', 'vote.nga': 'against' })['headline']).toBe('0/14 — not adopted');
  });

  it('should count a secret ballot from the numbers typed', () => {
    const ctx = context('thematic:resolution', 'vi');
    expect(vote.input(ctx, vote.read(ctx, { method: 'secret', 'count.for': '9', 'count.against': '5' }, 'preview'))['vote']).toEqual({ for: 9, against: 5, abstain: 0 });
    expect(tally(ctx, { method: 'secret', 'count.for': '9', 'count.against': '5' })['headline']).toBe('9/14 — thông qua');
  });

  it('should use the committee’s threshold, not a half: with two thirds, 9 of 14 do not pass and the rule says so', () => {
    const ctx = context('thematic:resolution', 'vi', { params: { threshold: 2 / 3 } });
    const result = tally(ctx, { method: 'secret', 'count.for': '9' });
    expect(result).toMatchObject({ required: 10, adopted: false, headline: '9/14 — không thông qua' });
    expect(result['rule']).toBe('Nghị quyết được thông qua khi số tán thành quá 66,7% của 14 đảng viên được tính (ít nhất 10).');
    expect(tally(context('thematic:resolution', 'vi'), {})['rule']).toContain('quá một nửa của 14');
  });
});

describe('the live score (the rubric the committee chose, by the registry)', () => {
  const score = pageOf('thematic:score', 'score');
  const marks = { preparation: '18', attendance: '20', duration: '10', participation: '20', minutes: '10', principles: '10', results: '8' };
  const result = (body: Record<string, string>, rubric = 'binh-thuan-100') => {
    const ctx = context('thematic:score', 'vi', { params: { rubric } });
    return score.view(ctx, score.read(ctx, body, 'preview'), new Map()).model['result'] as Record<string, unknown>;
  };
  const posted = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [`marks.${k}`, v]));

  it('should give 96 — Tốt with full marks on the four criteria Bình Thuận requires', () => {
    expect(result(posted(marks))).toMatchObject({ complete: true, total: '96', max: '100', rating: 'Tốt', capped: false });
  });

  it('should cap the rating at Khá, naming the criterion, when attendance is not full', () => {
    const capped = result(posted({ ...marks, attendance: '19', results: '10' }));
    expect(capped).toMatchObject({ total: '97', rating: 'Khá', capped: true });
    expect(capped['note']).toBe('Xếp loại Khá vì các tiêu chí sau chưa đạt điểm tối đa: Tham dự.');
  });

  it('should name the min-marks condition of a pinned committee sheet that capped the rating, in either language', () => {
    const ref = 'DU-KHOI-A/thuong-ky@1';
    const sheet = {
      ref,
      definition: {
        kind: 'marks',
        title: 'Phiếu thường kỳ',
        criteria: [
          { id: 'noi-dung', label: 'Nội dung', max: 20 },
          { id: 'tham-du', label: 'Tham dự', max: 10 },
        ],
        bands: [
          { rating: 'Kém', min: 0, max: 15 },
          { rating: 'Khá', min: 15, max: 25 },
          { rating: 'Tốt', min: 25, max: 30 },
        ],
        conditions: [{ kind: 'min-marks', rating: 'Tốt', criterion: 'noi-dung', min: 18, otherwise: 'Khá' }],
      },
    };
    const pinned = (lang: Lang, body: Record<string, string>) => {
      const params = registry.step('thematic:score@1').params.parse({ rubric: ref, sheet }) as Record<string, unknown>;
      const state = { facts: { session: { absent: ABSENT } }, definition: { steps: [{ id: 'score', kind: 'thematic:score@1', params }] } } as unknown as InstanceState;
      const ctx = taskPageContext({ state, roster: ROSTER, params }, registry, lang);
      return score.view(ctx, score.read(ctx, body, 'preview'), new Map()).model['result'] as Record<string, unknown>;
    };
    expect(pinned('vi', { 'marks.noi-dung': '18', 'marks.tham-du': '9' })).toMatchObject({ total: '27', rating: 'Tốt', capped: false, note: null });
    const capped = pinned('vi', { 'marks.noi-dung': '17,5', 'marks.tham-du': '10' });
    expect(capped).toMatchObject({ total: '27,5', rating: 'Khá', capped: true });
    expect(capped['note']).toBe('Xếp loại Khá vì tiêu chí “Nội dung” đạt 17,5/20 điểm, chưa đủ 18 điểm để xếp loại Tốt.');
    expect(pinned('en', { 'marks.noi-dung': '17.5', 'marks.tham-du': '10' })['note']).toBe('Rated Khá because “Nội dung” has 17.5/20 marks, short of the 18 needed for Tốt.');
  });

  it('should show the running total while marks are missing, without a rating', () => {
    expect(result(posted({ ...marks, results: '' }))).toMatchObject({ complete: false, total: '88', rating: null });
  });

  it('should offer the four ratings of a rubric without marks, from the rubric itself', () => {
    const ctx = context('thematic:score', 'vi', { params: { rubric: 'four-level' } });
    const rating = score.view(ctx, score.read(ctx, {}, 'preview'), new Map()).model['rating'] as { options: Array<{ value: string }> };
    expect(rating.options.map((o) => o.value)).toEqual(['Tốt', 'Khá', 'Trung bình', 'Kém']);
  });
});

describe('the words of the plugins’ pages', () => {
  it('should have, in both languages, every key the plugins’ partials and page code ask for', () => {
    const used = new Set<string>();
    for (const web of WEB_CONTRIBUTIONS.contributions) {
      for (const file of readdirSync(web.views).filter((f) => f.endsWith('.hbs'))) {
        for (const m of readFileSync(join(web.views, file), 'utf8').matchAll(/[{(]t "([^"]+)"/g)) used.add(m[1]!);
      }
      // The compiled page code next to the partials (dist/web/*.js).
      for (const file of readdirSync(join(web.views, '..')).filter((f) => f.endsWith('.js'))) {
        for (const m of readFileSync(join(web.views, '..', file), 'utf8').matchAll(/\bt\)?\(\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) used.add(m[1]!);
      }
    }
    expect([...used].filter((k) => k.startsWith('thematic.'))).toContain('thematic.vote.rule');
    const missing = (lang: Lang) => [...used].filter((key) => { try { translate(lang, key); return false; } catch { return true; } });
    expect(missing('vi')).toEqual([]);
    expect(missing('en')).toEqual([]);
  });
});

describe('the session record (a roll call of the absentees only)', () => {
  const session = pageOf('thematic:hold-session', 'record');
  const ctxOf = (params: Record<string, unknown> = {}, lang: Lang = 'vi') => context('thematic:hold-session', lang, { absent: [], params });
  const twoAbsent = { 'absent.0.member': 'm07', 'absent.0.reason': ' F0 ', 'absent.0.excused': 'on', 'absent.1.member': 'm11', 'absent.1.reason': 'Ốm', heldAt: '2022-04-01T14:00', minutes: '120' };

  it('should count everyone not listed as present, and submit the absentees with their reason and whether it is accepted', () => {
    const ctx = ctxOf();
    const values = session.read(ctx, twoAbsent, 'preview');
    const input = session.input(ctx, values);
    expect(input['absent']).toEqual([
      { member: 'm07', reason: 'F0', excused: true },
      { member: 'm11', reason: 'Ốm', excused: false },
    ]);
    expect(input).toMatchObject({ minutes: 120, online: false });
    expect(session.view(ctx, values, new Map()).model['summary']).toMatchObject({ present: 15, total: 17, excused: 1, unexcused: 1, denominator: 15, low: false });
  });

  it('should add an absentee by name (full or given name), refuse a name that matches nobody, and remove one who came', () => {
    const ctx = ctxOf();
    const absentOf = (v: unknown) => (v as { absent: Array<{ member: string }> }).absent.map((a) => a.member);
    expect(absentOf(session.read(ctx, { addAbsent: 'Ngô Thị Nga' }, 'add-absent'))).toEqual(['nga']);
    expect(absentOf(session.read(ctx, { 'absent.0.member': 'nga', addAbsent: 'đảng viên 12' }, 'add-absent'))).toEqual(['nga', 'm12']);
    const unknown = session.read(ctx, { addAbsent: 'Trần Văn Không' }, 'add-absent');
    expect(absentOf(unknown)).toEqual([]);
    const field = session.view(ctx, unknown, new Map()).model['fields'] as Record<string, { error: string | null; value: string }>;
    expect(field['addAbsent']).toMatchObject({ value: 'Trần Văn Không', error: 'Không tìm thấy đúng một đảng viên tên “Trần Văn Không” trong chi bộ; gõ đầy đủ họ tên.' });
    // "Đảng viên 1" is the end of no name but the start of several: not a guess.
    expect(absentOf(session.read(ctx, { addAbsent: 'Đảng viên' }, 'add-absent'))).toEqual([]);
    expect(absentOf(session.read(ctx, twoAbsent, 'remove:absent.0'))).toEqual(['m11']);
  });

  it('should show an issue on an absentee’s reason on that absentee’s row', () => {
    const ctx = ctxOf();
    const values = session.read(ctx, { 'absent.0.member': 'm11' }, 'preview');
    const { model, fields } = session.view(ctx, values, new Map([['absent.0.reason', ['Ghi lý do vắng']]]));
    expect((model['absentees'] as Array<{ name: string; error: string | null }>)[0]).toMatchObject({ name: 'Đảng viên 11', error: 'Ghi lý do vắng' });
    expect(fields).toContain('absent.0.reason');
  });

  it('should judge attendance and word the hints with the step’s parameters, not HD 12’s defaults', () => {
    const defaults = session.view(ctxOf(), session.read(ctxOf(), twoAbsent, 'preview'), new Map()).model;
    expect(defaults['summary']).toMatchObject({ rate: '88,2%', low: false });
    expect((defaults['fields'] as Record<string, { hint: string }>)['minutes']!.hint).toBe('Sinh hoạt chuyên đề tối thiểu 90 phút.');
    const strict = ctxOf({ attendanceThreshold: 0.9, minMinutes: 60 });
    const model = session.view(strict, session.read(strict, twoAbsent, 'preview'), new Map()).model;
    expect(model['summary']).toMatchObject({ low: true, lowText: 'chưa đạt: Hướng dẫn 12 yêu cầu trên 90%' });
    expect((model['fields'] as Record<string, { hint: string }>)['minutes']!.hint).toBe('Sinh hoạt chuyên đề tối thiểu 60 phút.');
    const combined = ctxOf({ combined: true });
    expect((session.view(combined, session.defaults(combined), new Map()).model['fields'] as Record<string, { hint: string }>)['minutes']!.hint).toBe('Sinh hoạt thường kỳ kết hợp chuyên đề tối thiểu 120 phút.');
  });

  it('should call exactly 85% not met, as HD 12 does (the step’s own rule)', () => {
    // 17 of 20 members present: exactly 85%.
    const roster = Array.from({ length: 20 }, (_, i) => ({ id: `p${i + 1}`, name: `Người ${i + 1}`, status: 'official' as const, roles: [] }));
    const state = { facts: {}, definition: { steps: [] } } as unknown as InstanceState;
    const ctx = taskPageContext({ state, roster, params: registry.step('thematic:hold-session@1').params.parse({}) as Record<string, unknown> }, registry, 'en');
    const body = Object.fromEntries([18, 19, 20].flatMap((n, i) => [[`absent.${i}.member`, `p${n}`], [`absent.${i}.reason`, 'x'], [`absent.${i}.excused`, 'on']]));
    expect(session.view(ctx, session.read(ctx, body, 'preview'), new Map()).model['summary']).toMatchObject({ rate: '85%', low: true, lowText: 'not met: Guidance 12 requires more than 85%' });
  });
});
