import { createRegistry } from '@chibo/catalog';
import { recordSessionReport } from '@chibo/plugin-regular-session';
import type { InstanceContext, Reaction, StepContext } from '@chibo/procedure';
import { FINDINGS, type FindingCode } from '@chibo/rules';
import { findingView } from '../dossier/dossier.service';
import { findingInWords, resolutionInWords } from './finding-words';

/**
 * A finding's sentence in the page's language (ADR 0034, fourth pass). The findings come from the steps themselves
 * (the catalog's registry), so a step that changes its data without its words fails here; each is read in Vietnamese
 * and in English, and no English line may carry a Vietnamese letter outside the names the data carries.
 */
describe('findings worded at the edge', () => {
  const registry = createRegistry();
  const vietnamese = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
  const NAMES = ['Ngô Thị Nga', 'Trần Văn Bình', 'Lê Thu Hà', 'Chi bộ Trường Tiểu học Ngọc Lâm', 'Đã báo cáo ở buổi sau'];
  const englishOnly = (text: string | null) => NAMES.reduce((rest, name) => rest.replaceAll(name, ''), text ?? '');

  const context: InstanceContext = {
    org: {
      code: 'CB-A1',
      name: 'Chi bộ Trường Tiểu học Ngọc Lâm',
      abbr: 'CB',
      kind: 'cell',
      parent: { code: 'DU-A', name: 'Đảng ủy phường Ngọc Lâm', abbr: 'ĐU', kind: 'committee' },
      members: [
        { id: 'm01', name: 'Ngô Thị Nga', status: 'official', roles: ['secretary'] },
        { id: 'm02', name: 'Trần Văn Bình', status: 'official', roles: [] },
        { id: 'm03', name: 'Lê Thu Hà', status: 'official', roles: [] },
      ],
    },
    guidance: { number: '12-HD/BTCTW', issuedOn: '2022-04-01', title: 'Sinh hoạt chuyên đề', issuer: { code: 'BTCTW', name: 'Ban Tổ chức Trung ương', abbr: 'BTCTW', kind: 'committee' }, sessionBy: '2022-04-30', reportBy: '2022-05-10' },
  } as InstanceContext;

  function ctx(kind: string, over: Partial<StepContext<unknown, unknown>> = {}): StepContext<unknown, unknown> {
    const step = registry.step(kind);
    return {
      instanceId: 'i1',
      stepId: 'step',
      visit: 1,
      params: step.params.parse({}),
      state: step.initialState,
      facts: {},
      context,
      now: '2022-05-12T03:00:00.000Z',
      current: true,
      tasks: [],
      children: {},
      childrenReported: 0,
      documents: [],
      findings: [],
      rubric: (id) => registry.rubric(id),
      hasAddable: (alias) => registry.hasAddable(alias),
      hasRubric: (id) => registry.hasRubric(id),
      ...over,
    };
  }
  const only = (reaction: Reaction<unknown>) => {
    expect(reaction.findings).toHaveLength(1);
    return reaction.findings![0]!;
  };
  const timer = (kind: string, key: string, over: Partial<StepContext<unknown, unknown>> = {}) => only(registry.step(kind).onTimer!(ctx(kind, over), { key }));
  const submit = (kind: string, task: string, input: unknown, over: Partial<StepContext<unknown, unknown>> = {}) =>
    registry.step(kind).tasks[task]!.submit(ctx(kind, over), input as never, { userId: 'u', roles: [] }, {} as never);

  // Each finding a step records with a sentence: the step's finding, its Vietnamese words, its English words.
  const cases: Array<[FindingCode, () => { code: string; detail?: string; params?: Record<string, unknown> }, string, string]> = [
    ['session-missing', () => timer('thematic:hold-session@1', 'session-deadline'), 'Quá hạn 30/04/2022 chưa tổ chức sinh hoạt', 'No session held by 30/04/2022'],
    ['report-missing', () => timer('thematic:report@1', 'report-deadline'), 'Quá hạn 10/05/2022 chưa nhận được báo cáo', 'No report received by 10/05/2022'],
    [
      'report-late',
      () => only(submit('thematic:report@1', 'report', {})),
      'Báo cáo ngày 12/05/2022, sau hạn 10/05/2022',
      'Reported on 12/05/2022, after the deadline of 10/05/2022',
    ],
    [
      'plan-missing',
      () => timer('year:plan@1', 'plan-due', { instanceId: 'year:CB-A1:2024' }),
      'Đến hết ngày 31/01/2024 chi bộ chưa có kế hoạch sinh hoạt chuyên đề năm được chi ủy duyệt',
      'By the end of 31/01/2024 the cell had no annual thematic plan approved by its committee',
    ],
    [
      'implementation-missing',
      () => timer('guidance:implement@1', 'implementation-deadline'),
      'Chi bộ Trường Tiểu học Ngọc Lâm chưa ban hành hướng dẫn thực hiện 12-HD/BTCTW (hạn 30/04/2022)',
      'Chi bộ Trường Tiểu học Ngọc Lâm has not issued the guidance implementing 12-HD/BTCTW (due 30/04/2022)',
    ],
    [
      'self-criticism-missing',
      () => only(submit('self-criticism:self-assess@3', 'close', {}, { state: { expected: ['m02', 'm03'], submitted: {}, plans: {} } })),
      'Chưa nộp bản tự kiểm điểm: Trần Văn Bình, Lê Thu Hà',
      'Self-assessments not submitted: Trần Văn Bình, Lê Thu Hà',
    ],
    [
      'resolution-rejected',
      () =>
        only(
          submit('thematic:resolution@1', 'vote', { title: 'Nghị quyết', decisions: ['Học tập'], method: 'show-of-hands', vote: { for: 1, against: 2, abstain: 0 } }, {
            facts: { session: { heldAt: '2022-04-20T01:30:00.000Z', absent: [] } },
          }),
        ),
      '1/3 tán thành, cần ít nhất 2',
      '1 of 3 in favour; at least 2 needed',
    ],
  ];

  it.each(cases)('should word %s from its data in Vietnamese and in English', (code, recorded, vi, en) => {
    const finding = recorded();
    expect(finding.code).toBe(code);
    expect(finding.params).toBeDefined();
    expect(findingInWords(finding, 'vi')).toBe(vi);
    expect(findingInWords(finding, 'en')).toBe(en);
    expect(englishOnly(findingInWords(finding, 'en'))).not.toMatch(vietnamese);
    // The step's own sentence stays what the JSON API and the stored events say.
    expect(finding.detail).toMatch(vietnamese);
  });

  it('should name a secretary’s closing note beside the members who did not submit', () => {
    const finding = only(submit('self-criticism:self-assess@3', 'close', { closingNote: 'Đã báo cáo ở buổi sau' }, { state: { expected: ['m02'], submitted: {}, plans: {} } }));
    expect(finding.detail).toBe('Chưa nộp bản tự kiểm điểm: Trần Văn Bình. Đã báo cáo ở buổi sau');
    expect(findingInWords(finding, 'vi')).toBe('Chưa nộp bản tự kiểm điểm: Trần Văn Bình. Đã báo cáo ở buổi sau');
    expect(findingInWords(finding, 'en')).toBe('Self-assessments not submitted: Trần Văn Bình. Secretary’s note: Đã báo cáo ở buổi sau');
  });

  it('should word a consecutive-absence finding member by member, as a cell’s year words it', () => {
    const calendar = { year: 2024, entries: ['01', '02', '03', '04'].map((m) => ({ key: `TK-2024-${m}`, kind: 'regular', month: `${m}/2024`, at: `2024-${m}-10T07:00:00.000Z` })) };
    let facts: Record<string, unknown> = { calendar };
    let findings: Reaction<unknown>['findings'];
    for (const m of ['01', '02', '03', '04']) {
      const reaction = recordSessionReport(facts, context, `TK-2024-${m}`, { heldAt: `2024-${m}-10T07:00:00.000Z`, absent: ['m02'] }, {}, []);
      facts = { ...facts, ...reaction.facts };
      findings = reaction.findings ?? findings;
    }
    const finding = findings![0]!;
    expect(finding).toMatchObject({ code: 'absence-consecutive', params: { absences: [{ member: 'm02', name: 'Trần Văn Bình', count: 4, limit: 3 }] } });
    // Vietnamese: the rules' own sentence; English: the same data.
    expect(findingInWords(finding, 'vi')).toBe(finding.detail);
    expect(findingInWords(finding, 'en')).toBe('Comrade Trần Văn Bình was absent from 4 sessions in a row (more than 3)');
  });

  it('should show a finding recorded before findings kept their data: its sentence in Vietnamese, never in English', () => {
    const old = { code: 'report-late', detail: 'Báo cáo sau hạn 2022-05-10' };
    expect(findingInWords(old, 'vi')).toBe('Báo cáo sau hạn 2022-05-10');
    expect(findingInWords(old, 'en')).toBe('details recorded in Vietnamese only');
    // A finding whose label says it all has no sentence in either language.
    expect(findingInWords({ code: 'draft-late' }, 'vi')).toBeNull();
    expect(findingInWords({ code: 'draft-late' }, 'en')).toBeNull();
    // Data that does not fit the words (a step that renamed a value): the same fallback, not "{by}".
    expect(findingInWords({ code: 'report-missing', detail: 'Quá hạn 2022-05-10 chưa nhận được báo cáo', params: { deadline: '2022-05-10' } }, 'en')).toBe('details recorded in Vietnamese only');
  });

  it('should word why a finding was resolved, from the step’s data, and fall back like the finding for an older one', () => {
    const reaction = submit('thematic:report@1', 'report', {}, { findings: ['report-missing'] });
    const resolved = reaction.resolveFindings!.find((r) => r.code === 'report-missing')!;
    expect(resolutionInWords('report-missing', resolved, 'vi')).toBe('Đã nhận báo cáo ngày 12/05/2022 (muộn)');
    expect(resolutionInWords('report-missing', resolved, 'en')).toBe('The report was received on 12/05/2022 (late)');
    expect(resolutionInWords('session-missing', { reason: 'Buổi sinh hoạt đã được tổ chức (muộn)', params: { heldAt: '2022-05-02T01:30:00.000Z' } }, 'en')).toBe('The session was held on 02/05/2022 (late)');
    expect(resolutionInWords('plan-missing', { reason: 'Chi ủy đã duyệt kế hoạch sinh hoạt chuyên đề năm (muộn)', params: { at: '2024-02-20T03:00:00.000Z' } }, 'en')).toBe(
      'The cell committee approved the annual thematic plan on 20/02/2024 (late)',
    );
    expect(resolutionInWords('implementation-missing', { reason: 'Đã ban hành hướng dẫn 05-HD/ĐU (sau thời hạn)', params: { number: '05-HD/ĐU', at: '2022-05-03T03:00:00.000Z' } }, 'en')).toBe(
      'Guidance 05-HD/ĐU issued on 03/05/2022 (after the deadline)',
    );
    expect(resolutionInWords('report-missing', { reason: 'Đã nhận báo cáo (muộn)' }, 'vi')).toBe('Đã nhận báo cáo (muộn)');
    expect(resolutionInWords('report-missing', { reason: 'Đã nhận báo cáo (muộn)' }, 'en')).toBe('details recorded in Vietnamese only');
  });

  it('should give the dossier’s and the trace’s findings their words, label and resolution in the page’s language', () => {
    const finding = { code: 'report-missing', stepId: 'report', at: '2022-05-10T17:00:00.000Z', detail: 'Quá hạn 2022-05-10 chưa nhận được báo cáo', params: { by: '2022-05-10' }, resolved: { at: '2022-05-12T03:00:00.000Z', reason: 'Đã nhận báo cáo (muộn)', params: { at: '2022-05-12T03:00:00.000Z' } } };
    expect(findingView('en', finding)).toMatchObject({ label: FINDINGS['report-missing'].en, detail: 'No report received by 10/05/2022', resolved: { reason: 'The report was received on 12/05/2022 (late)' } });
    expect(findingView('vi', finding)).toMatchObject({ label: FINDINGS['report-missing'].vi, detail: 'Quá hạn 10/05/2022 chưa nhận được báo cáo', resolved: { reason: 'Đã nhận báo cáo ngày 12/05/2022 (muộn)' } });
  });
});
