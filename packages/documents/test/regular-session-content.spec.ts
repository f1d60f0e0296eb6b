import { createRegistry, ENABLED_PLUGINS } from '@chibo/catalog';
import { composeDefinition, openTasks, validateDefinition, type ProcedureDefinition } from '@chibo/procedure';
import { parseLocal, type ScoreSheetDefinition } from '@chibo/rules';
import { InMemoryHost, OrgTree } from '@chibo/scenario';
import { DocumentRenderer } from '../src';
import { htmlText } from './support/required-elements';
import { fixtureScenario } from './support/scenario-documents';

// A regular (monthly) session's documents carry what a regular session is about: the month's results and the next
// month's tasks, in regular-session wording. A committee's own score sheet, pinned in the definition, scores it.
const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);
const CELL = 'CB-THCS-AI-MO';
const at = (t: string) => parseLocal(t);

/** A 50-point sheet of the committee's own (Nghệ An keeps separate sheets for regular sessions). */
const SHEET: ScoreSheetDefinition = {
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
  conditions: [{ kind: 'full-marks', rating: 'Tốt', criteria: ['ket-qua'], otherwise: 'Khá' }],
};

function regularSession(definition: ProcedureDefinition) {
  const registry = createRegistry();
  const scenario = fixtureScenario('ai-mo-2022');
  const tree = new OrgTree(scenario.org);
  const host = new InMemoryHost(registry, tree);
  host.advanceTo(at('2022-05-02'));
  host.send('regular', { type: 'start', at: at('2022-05-02'), instanceId: 'regular', definition, context: tree.context(CELL) });
  const secretary = host.actor({ kind: 'member', org: CELL, member: 'nga' });
  const submit = (when: string, step: string, input: unknown) => {
    host.advanceTo(at(when));
    const task = openTasks(host.state('regular')).find((t) => t.stepId === step)!;
    return host.send('regular', { type: 'submit', at: at(when), taskId: task.id, by: secretary, input });
  };
  const ok = (when: string, step: string, input: unknown) => {
    const result = submit(when, step, input);
    if (!result.ok) throw new Error(`${step}: ${result.rejection.message}`);
  };
  return { host, submit, ok };
}

function texts(host: InMemoryHost): Record<string, string> {
  const issued = host.documents.filter((d) => d.instanceId === 'regular');
  return Object.fromEntries(issued.map((d) => [d.type, htmlText(renderer.render({ template: d.template, type: d.type, number: d.number, title: d.title, issuedAt: d.issuedAt, data: d.data }).html)]));
}

function holdUntilScore(ok: ReturnType<typeof regularSession>['ok']) {
  ok('2022-05-02', 'prepare', {
    month: '2022-05',
    content: 'Đánh giá công tác tháng 5, triển khai nhiệm vụ tháng 6',
    draftResolution: 'Dự thảo nghị quyết tháng 5',
    results: '100% đảng viên hoàn thành nhiệm vụ giảng dạy; tổ chức thành công hội giảng cấp trường',
    nextTasks: 'Tổng kết năm học; ôn tập cho học sinh thi vào lớp 10',
  });
  ok('2022-05-05', 'approve', { decision: 'approve' });
  ok('2022-05-05', 'convene', { sessionAt: '2022-05-27T15:00', place: 'Phòng họp' });
  ok('2022-05-27T16:40', 'hold-session', { heldAt: '2022-05-27T15:00', minutes: 95, chair: 'nga', clerk: 'nhung', conclusion: 'Thống nhất nhiệm vụ tháng 6.' });
}

describe('a regular session’s documents say what a regular session is', () => {
  it('should print the month’s results and the next month’s tasks in the minutes, the resolution and the report, never thematic wording', () => {
    const registry = createRegistry();
    const { host, ok } = regularSession(composeDefinition(registry.procedure('regular-session'), { rubric: 'phu-tho-100' }, registry));
    holdUntilScore(ok);
    ok('2022-05-27T16:45', 'score', { marks: { preparation: 15, attendance: 20, conduct: 40, closing: 20 } });
    ok('2022-05-27T16:50', 'resolution', { title: 'Nghị quyết chi bộ tháng 5', decisions: ['Hoàn thành hồ sơ tổng kết năm học trước ngày 31/5.'], vote: { for: 16, against: 0, abstain: 0 } });
    ok('2022-05-28', 'report', {});
    const t = texts(host);
    expect(Object.keys(t).sort()).toEqual(['BB', 'BC', 'NQ']);
    for (const [type, body] of Object.entries(t)) expect({ type, thematic: /chuyên đề/i.test(body) }).toEqual({ type, thematic: false });
    expect(t['BB']).toContain('- Kết quả thực hiện nhiệm vụ tháng 5 năm 2022: 100% đảng viên hoàn thành nhiệm vụ giảng dạy; tổ chức thành công hội giảng cấp trường.');
    expect(t['BB']).toContain('- Nhiệm vụ tháng 6 năm 2022: Tổng kết năm học; ôn tập cho học sinh thi vào lớp 10.');
    expect(t['NQ']).toContain('QUYẾT NGHỊ: I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 5 NĂM 2022 100% đảng viên hoàn thành nhiệm vụ giảng dạy');
    expect(t['NQ']).toContain('II. NHIỆM VỤ THÁNG 6 NĂM 2022 Tổng kết năm học; ôn tập cho học sinh thi vào lớp 10. 1. Hoàn thành hồ sơ tổng kết năm học trước ngày 31/5.');
    expect(t['BC']).toContain('Kết quả thực hiện nhiệm vụ tháng 5 năm 2022: 100% đảng viên hoàn thành nhiệm vụ giảng dạy');
    expect(t['BC']).toContain('Nhiệm vụ tháng 6 năm 2022: Tổng kết năm học; ôn tập cho học sinh thi vào lớp 10.');
  });

  it('should score with the committee sheet pinned in the definition: its maximum, its bands, its condition', () => {
    const registry = createRegistry();
    const base = composeDefinition(registry.procedure('regular-session'), {}, registry);
    const ref = 'DU-NGOC-LAM/thuong-ky@2';
    const definition = { ...base, steps: base.steps.map((s) => (s.id === 'score' ? { ...s, params: { ...s.params, rubric: ref, sheet: { ref, definition: SHEET } } } : s)) };
    const { host, submit, ok } = regularSession(definition);
    holdUntilScore(ok);

    const over = submit('2022-05-27T16:45', 'score', { marks: { 'chuan-bi': 12, 'tien-hanh': 30, 'ket-qua': 10 } });
    expect(over.ok).toBe(false);
    expect(!over.ok && over.rejection.issues?.map(({ path, rule }) => ({ path, rule }))).toEqual([{ path: 'marks.chuan-bi', rule: 'max' }]);
    // Phú Thọ's criteria are not on this sheet.
    const foreign = submit('2022-05-27T16:45', 'score', { marks: { preparation: 15, attendance: 20, conduct: 40, closing: 20 } });
    expect(!foreign.ok && foreign.rejection.issues?.map((i) => i.rule)).toContain('unknown-criterion');

    ok('2022-05-27T16:45', 'score', { marks: { 'chuan-bi': 10, 'tien-hanh': 30, 'ket-qua': 9 } });
    expect(host.state('regular').facts['score']).toEqual({ rubric: ref, marks: { 'chuan-bi': 10, 'tien-hanh': 30, 'ket-qua': 9 }, total: 49, rating: 'Khá', capped: true });
    ok('2022-05-27T16:50', 'resolution', { title: 'Nghị quyết chi bộ tháng 5', decisions: ['Thực hiện nhiệm vụ tháng 6.'], vote: { for: 16, against: 0, abstain: 0 } });
    expect(texts(host)['BB']).toContain('theo phiếu chấm điểm (thang 50 điểm)');
    expect(texts(host)['BB']).toContain('đạt 49/50 điểm; xếp loại Khá (chưa đạt điểm tối đa ở các tiêu chí bắt buộc nên không xếp loại Tốt)');
  });

  it('should cap by a min-marks condition of the pinned sheet, keep the reason in the score and print it in the minutes', () => {
    const registry = createRegistry();
    const base = composeDefinition(registry.procedure('regular-session'), {}, registry);
    const ref = 'DU-NGOC-LAM/thuong-ky@4';
    const sheet: ScoreSheetDefinition = { ...SHEET, conditions: [{ kind: 'min-marks', rating: 'Tốt', criterion: 'tien-hanh', min: 27, otherwise: 'Khá' }] };
    const definition = { ...base, steps: base.steps.map((s) => (s.id === 'score' ? { ...s, params: { ...s.params, rubric: ref, sheet: { ref, definition: sheet } } } : s)) };
    expect(validateDefinition(definition, registry)).toEqual([]);
    const { host, ok } = regularSession(definition);
    holdUntilScore(ok);
    ok('2022-05-27T16:45', 'score', { marks: { 'chuan-bi': 10, 'tien-hanh': 26, 'ket-qua': 10 } });
    expect(host.state('regular').facts['score']).toEqual({
      rubric: ref,
      marks: { 'chuan-bi': 10, 'tien-hanh': 26, 'ket-qua': 10 },
      total: 46,
      rating: 'Khá',
      capped: true,
      cappedBy: [{ criterion: 'tien-hanh', min: 27, rating: 'Tốt', otherwise: 'Khá', mark: 26 }],
    });
    ok('2022-05-27T16:50', 'resolution', { title: 'Nghị quyết chi bộ tháng 5', decisions: ['Thực hiện nhiệm vụ tháng 6.'], vote: { for: 16, against: 0, abstain: 0 } });
    const minutes = texts(host)['BB']!;
    expect(minutes).toContain('đạt 46/50 điểm; xếp loại Khá (tiêu chí “Tiến hành” đạt 26/30 điểm, chưa đủ 27 điểm để xếp loại Tốt)');
    expect(minutes).toContain('Xếp loại: Khá (tiêu chí “Tiến hành” đạt 26/30 điểm, chưa đủ 27 điểm để xếp loại Tốt).');
    expect(minutes).not.toContain('chưa đạt điểm tối đa');
  });

  it('should refuse a definition whose pinned sheet has a gap between its bands, naming the field', () => {
    const registry = createRegistry();
    const base = composeDefinition(registry.procedure('regular-session'), {}, registry);
    const ref = 'DU-NGOC-LAM/thuong-ky@3';
    const broken = { ...SHEET, bands: SHEET.kind === 'marks' ? SHEET.bands.filter((b) => b.rating !== 'Khá') : [] };
    const definition = { ...base, steps: base.steps.map((s) => (s.id === 'score' ? { ...s, params: { ...s.params, rubric: ref, sheet: { ref, definition: broken } } } : s)) };
    const issues = validateDefinition(definition, registry);
    expect(issues.map((i) => i.path)).toEqual(['steps[4].params.sheet.definition.bands.2.min']);
    expect(issues[0]!.message).toContain('bands-gap');
  });

  it.each([
    ['more-than-half', true],
    ['two-thirds', false],
  ] as const)('should decide the vote by the named rule "%s" set on the step (10 of the 16 members counted for)', (rule, adopted) => {
    const registry = createRegistry();
    const base = composeDefinition(registry.procedure('regular-session'), { rubric: 'phu-tho-100' }, registry);
    const definition = { ...base, steps: base.steps.map((s) => (s.id === 'resolution' ? { ...s, params: { ...s.params, rule } } : s)) };
    expect(validateDefinition(definition, registry)).toEqual([]);
    const { host, ok } = regularSession(definition);
    holdUntilScore(ok);
    ok('2022-05-27T16:45', 'score', { marks: { preparation: 15, attendance: 20, conduct: 40, closing: 20 } });
    ok('2022-05-27T16:50', 'resolution', { title: 'Nghị quyết kết nạp đảng viên', decisions: ['Đề nghị kết nạp quần chúng ưu tú.'], vote: { for: 10, against: 6, abstain: 0 } });
    const resolution = host.state('regular').facts['resolution'] as { adopted: boolean; required: number; denominator: number };
    expect(resolution.denominator).toBe(16);
    expect(resolution.adopted).toBe(adopted);
    expect(resolution.required).toBe(rule === 'two-thirds' ? 11 : 9);
    expect(texts(host)['NQ'] === undefined).toBe(!adopted);
  });
});
