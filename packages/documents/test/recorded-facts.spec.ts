import { createRegistry, ENABLED_PLUGINS } from '@chibo/catalog';
import { composeDefinition, openTasks } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { InMemoryHost, OrgTree } from '@chibo/scenario';
import { DocumentRenderer, type RenderInput } from '../src';
import { htmlText } from './support/required-elements';
import { documentsOf, fixtureNames, fixtureScenario, scenarioDocuments, type ScenarioDocument } from './support/scenario-documents';

// Documents state only what happened: what the steps recorded, in the words of a Party document. These tests read
// the documents as their readers do (the text of the HTML).
const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);
const text = (input: RenderInput) => htmlText(renderer.render(input).html);
const CELL = 'CB-THCS-AI-MO';
const of = (documents: ScenarioDocument[], org: string, type: string) => text(documents.find((d) => d.org === org && d.input.type === type)!.input);

/**
 * Wording no document of the example scenarios may print: claims none of them recorded, internal wording, a rubric's
 * province, K/T for a party committee, «». (The plan, KH, may say what the cell intends: to send the draft ahead.)
 */
const UNRECORDED: ReadonlyArray<readonly [string, string[]]> = [
  ['đọc lại trước chi bộ', []],
  ['gửi tới đảng viên trước buổi sinh hoạt', ['KH']],
  ['không có tồn tại, hạn chế', []],
  ['mặc định', []],
  ['Bình Thuận', []],
  ['Phú Thọ', []],
  ['K/T BÍ THƯ', []],
  ['«', []],
  ['..', []],
];

describe('documents state only what was recorded', () => {
  it.each(fixtureNames().sort())('should print none of the unrecorded claims or internal wording in the documents of %s', async (name) => {
    for (const doc of (await scenarioDocuments(name)).documents) {
      const body = text(doc.input);
      const found = UNRECORDED.filter(([words, allowedIn]) => !allowedIn.includes(doc.input.type) && body.includes(words)).map(([words]) => words);
      expect({ document: `${doc.org}/${doc.name}`, found }).toEqual({ document: `${doc.org}/${doc.name}`, found: [] });
    }
  });

  it('should say the minutes were read back and adopted, and when the draft was sent, only when the session recorded it', async () => {
    const scenario = fixtureScenario('ai-mo-2022');
    Object.assign(scenario.cells[CELL]!.session!, { minutesAdopted: true, draftSentAt: '2022-03-28T08:00' });
    const { documents } = await documentsOf(scenario);
    const minutes = of(documents, CELL, 'BB');
    expect(minutes).toContain('Biên bản đã được đọc lại trước chi bộ và được các đồng chí dự sinh hoạt nhất trí thông qua.');
    expect(minutes).toContain('dự thảo được chi ủy duyệt ngày 25/3/2022, gửi tới đảng viên ngày 28/3/2022.');
    expect(of(documents, CELL, 'BC')).toContain('dự thảo được chi ủy duyệt ngày 25/3/2022; gửi tới đảng viên ngày 28/3/2022.');

    const plain = await scenarioDocuments('ai-mo-2022');
    expect(of(plain.documents, CELL, 'BB')).not.toMatch(/đọc lại|gửi tới đảng viên/);
    expect(of(plain.documents, CELL, 'BC')).not.toMatch(/gửi tới đảng viên/);
  });

  it('should refuse a session record that says the draft was sent after the session began', async () => {
    const scenario = fixtureScenario('ai-mo-2022');
    Object.assign(scenario.cells[CELL]!.session!, { draftSentAt: '2022-04-01T15:00' });
    await expect(documentsOf(scenario)).rejects.toThrow(/Thời điểm gửi dự thảo phải trước giờ bắt đầu buổi sinh hoạt/);
  });

  it('should state a draft-late finding in the report, in document wording, and never that the draft was sent ahead', async () => {
    const scenario = fixtureScenario('ai-mo-2022');
    scenario.cells[CELL]!.draft!.submissions = [{ at: '2022-04-01T08:00', decision: 'approve' }];
    const { documents } = await documentsOf(scenario);
    const report = of(documents, CELL, 'BC');
    expect(report).toContain('III. TỒN TẠI, HẠN CHẾ - Dự thảo được chi ủy duyệt quá sát ngày sinh hoạt.');
    expect(report).not.toMatch(/gửi tới đảng viên|trước buổi sinh hoạt|mặc định|24 giờ/);
    expect(of(documents, CELL, 'BB')).not.toMatch(/gửi tới đảng viên/);
    expect(of(documents, 'DU-NGOC-LAM', 'BC')).toContain('Dự thảo được chi ủy duyệt quá sát ngày sinh hoạt: 01 chi bộ.');
  });

  it('should print the secretary’s summary with the results, not under a heading of opinions and proposals', async () => {
    const scenario = fixtureScenario('ai-mo-2022');
    scenario.cells[CELL]!.report = { at: '2022-04-05', summary: 'Buổi sinh hoạt nghiêm túc, đảng viên phát biểu sôi nổi.' };
    const report = of((await documentsOf(scenario)).documents, CELL, 'BC');
    expect(report).toContain('6. Tóm tắt kết quả: Buổi sinh hoạt nghiêm túc, đảng viên phát biểu sôi nổi.');
    expect(report).not.toContain('Ý KIẾN, ĐỀ XUẤT');
    expect(report.indexOf('Tóm tắt kết quả')).toBeLessThan(report.indexOf('Hồ sơ kèm theo'));
  });

  it('should keep the agenda’s lines as items and end each sentence with one full stop', async () => {
    const { documents } = await scenarioDocuments('ai-mo-2022');
    const minutes = documents.find((d) => d.org === CELL && d.input.type === 'BB')!.input;
    const data = minutes.data as { session: Record<string, unknown> };
    const agenda = 'Trình bày dự thảo chuyên đề.\n- Thảo luận;\n\n3. Biểu quyết nghị quyết.';
    const body = text({ ...minutes, data: { ...data, session: { ...data.session, agenda, conclusion: 'Thống nhất thực hiện.' } } });
    expect(body).toContain('chương trình buổi sinh hoạt: - Trình bày dự thảo chuyên đề; - Thảo luận; - Biểu quyết nghị quyết. Chi bộ thống nhất cử');
    expect(body).toContain('IV. KẾT LUẬN CỦA CHỦ TRÌ Thống nhất thực hiện. Phân công thực hiện:');
    expect(body).not.toContain('..');
    const html = renderer.render({ ...minutes, data: { ...data, session: { ...data.session, agenda } } }).html;
    expect(html).toContain('<p>- Thảo luận;</p>');
  });
});

describe('a regular session’s documents', () => {
  it('should speak of a regular session, never of a thematic one ("chuyên đề")', () => {
    const registry = createRegistry();
    const scenario = fixtureScenario('ai-mo-2022');
    const tree = new OrgTree(scenario.org);
    const host = new InMemoryHost(registry, tree);
    const definition = composeDefinition(registry.procedure('regular-session'), { rubric: 'phu-tho-100' }, registry);
    const at = (t: string) => parseLocal(t);
    host.advanceTo(at('2022-05-02'));
    host.send('regular', { type: 'start', at: at('2022-05-02'), instanceId: 'regular', definition, context: tree.context(CELL) });
    const secretary = host.actor({ kind: 'member', org: CELL, member: 'nga' });
    const submit = (when: string, step: string, input: unknown) => {
      host.advanceTo(at(when));
      const task = openTasks(host.state('regular')).find((t) => t.stepId === step)!;
      const result = host.send('regular', { type: 'submit', at: at(when), taskId: task.id, by: secretary, input });
      if (!result.ok) throw new Error(`${step}: ${result.rejection.message}`);
    };
    submit('2022-05-02', 'prepare', { month: '2022-05', content: 'Đánh giá công tác tháng 4, triển khai nhiệm vụ tháng 5', draftResolution: 'Dự thảo nghị quyết tháng 5' });
    submit('2022-05-05', 'approve', { decision: 'approve' });
    submit('2022-05-05', 'convene', { sessionAt: '2022-05-10T15:00', place: 'Phòng họp' });
    // Recorded once the 95-minute session is over (a longer session than the time elapsed is refused).
    submit('2022-05-10T16:35', 'hold-session', { heldAt: '2022-05-10T15:00', minutes: 95, chair: 'nga', clerk: 'nhung', conclusion: 'Thống nhất nhiệm vụ tháng 5.' });
    submit('2022-05-10T16:40', 'score', { marks: { preparation: 15, attendance: 20, conduct: 40, closing: 20 } });
    submit('2022-05-10T16:45', 'resolution', { title: 'Nghị quyết chi bộ tháng 5', decisions: ['Thực hiện nhiệm vụ tháng 5.'], vote: { for: 16, against: 0, abstain: 0 } });
    submit('2022-05-11', 'report', {});
    const issued = host.documents.filter((d) => d.instanceId === 'regular');
    expect(issued.map((d) => d.type).sort()).toEqual(['BB', 'BC', 'NQ']);
    const texts = Object.fromEntries(issued.map((d) => [d.type, text({ template: d.template, type: d.type, number: d.number, title: d.title, issuedAt: d.issuedAt, data: d.data })]));
    for (const [type, body] of Object.entries(texts)) expect({ type, thematic: /chuyên đề/i.test(body) }).toEqual({ type, thematic: false });
    expect(texts['BB']).toContain('tổ chức sinh hoạt thường kỳ tháng 5 năm 2022');
    expect(texts['BB']).toContain('Đồng chí Ngô Thị Nga trình bày nội dung sinh hoạt và dự thảo nghị quyết: Đánh giá công tác tháng 4, triển khai nhiệm vụ tháng 5; nội dung được chi ủy duyệt ngày 05/5/2022.');
    expect(texts['NQ']).toContain('Căn cứ kết quả buổi sinh hoạt chi bộ thường kỳ ngày 10/5/2022');
    expect(texts['BC']).toContain('Chi bộ chuẩn bị nội dung sinh hoạt thường kỳ tháng 5 năm 2022');
  });
});
