import { Guidance, OrgUnit, ScoreSheet } from '@chibo/db';
import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

/**
 * A guidance chooses one of its committee's score sheets (ADR 0020, addendum): the cells score on that sheet's
 * criteria and bands, at the version pinned when the guidance was issued; a sheet that does not exist, belongs to
 * another tree or is meant for the other kind of session is refused with 422 on `rubric`, and no guidance is saved.
 */
describeEngine('a guidance that chooses a committee score sheet', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;

  const api = (path: string) => `/api/v1${path}`;
  const issues = (response: Response) => (response.body as { issues: Array<{ path: string; rule: string }> }).issues.map(({ path, rule }) => ({ path, rule }));

  // 50 points: 43 is Khá here, where the default Phú Thọ sheet (100 points) would rate it Kém.
  const SHEET = {
    kind: 'marks',
    title: 'Phiếu chấm sinh hoạt chuyên đề năm 2022',
    criteria: [
      { id: 'chuan-bi', label: 'Chuẩn bị nội dung', max: 10 },
      { id: 'tien-hanh', label: 'Tiến hành sinh hoạt', max: 30 },
      { id: 'ket-qua', label: 'Kết quả thảo luận', max: 10 },
    ],
    bands: [
      { rating: 'Kém', min: 0, max: 25 },
      { rating: 'Trung bình', min: 25, max: 35 },
      { rating: 'Khá', min: 35, max: 45 },
      { rating: 'Tốt', min: 45, max: 50 },
    ],
  };

  function guidance(number: string, rubric: string, by: 'committeeA' | 'committeeB' = 'committeeA') {
    return t
      .http()
      .post(api('/guidance'))
      .set(driver.auth(by))
      .send({ issuer: by === 'committeeA' ? ORG.committeeA : ORG.committeeB, number, issuedOn: '2022-03-01', title: 'Sinh hoạt chuyên đề quý II', sessionBy: '2022-04-30', reportBy: '2022-05-10', cells: [by === 'committeeA' ? ORG.cellA1 : ORG.cellB1], rubric });
  }

  async function signIn(login: string): Promise<string> {
    const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password: PASSWORD, next: '/viec-cua-toi' }).toString());
    expect(response.status).toBe(303);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='));
    return cookie!.split(';')[0]!;
  }

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'chuyen-de-2022', appliesTo: 'thematic', sheet: SHEET }), 201);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should offer the committee’s sheets on the guidance form, with name and version', async () => {
    const page = await t.http().get('/huong-dan/moi').set('Cookie', await signIn('cap-uy-a'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('<option value="DU-KHOI-A/chuyen-de-2022@1">Phiếu chấm điểm: Phiếu chấm sinh hoạt chuyên đề năm 2022 — phiên bản 1 (DU-KHOI-A)</option>');
  });

  it('should score the cell on the sheet the guidance chose, at the version pinned when it was issued', async () => {
    const number = '31-HD/ĐU';
    const issued = await guidance(number, 'DU-KHOI-A/chuyen-de-2022@1');
    expectStatus(issued, 201);
    await driver.settle();
    // A second version after the guidance: the cells keep version 1.
    expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'chuyen-de-2022', appliesTo: 'thematic', sheet: { ...SHEET, criteria: [{ id: 'tong-the', label: 'Đánh giá tổng thể', max: 50 }] } }), 201);
    const shown = await t.http().get(api(`/guidance/${(issued.body as { id: string }).id}`)).set(driver.auth('committeeA'));
    expect((shown.body as { rubric: string }).rubric).toBe('DU-KHOI-A/chuyen-de-2022@1');

    const instanceId = driver.cellInstanceId(ORG.cellA1, number, '2022-03-01');
    await driver.driveCellA1(instanceId, 'score');
    const taskId = await driver.openTask(instanceId, 'score');
    const page = await t.http().get(`/nhiem-vu/${encodeURIComponent(taskId)}`).set('Cookie', await signIn('nga'));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/Tiến hành sinh hoạt <span class="req"[^]*?Tối đa 30 điểm/);
    expect(page.text).toContain('Tổng điểm: 0/50');
    expect(page.text).not.toContain('Đánh giá tổng thể');

    const over = await driver.submitRequest('secretaryA1', taskId, { marks: { 'chuan-bi': 10, 'tien-hanh': 31, 'ket-qua': 2 } });
    expectStatus(over, 422);
    expect(issues(over)).toEqual([{ path: 'marks.tien-hanh', rule: 'max' }]);
    expectStatus(await driver.submitRequest('secretaryA1', taskId, { marks: { 'chuan-bi': 9, 'tien-hanh': 27, 'ket-qua': 7 } }), 201);
    await driver.settle();
    const state = await t.http().get(api(`/instances/${encodeURIComponent(instanceId)}/state`)).set(driver.auth('admin'));
    expect((state.body as { facts: { score: unknown } }).facts.score).toEqual({ rubric: 'DU-KHOI-A/chuyen-de-2022@1', marks: { 'chuan-bi': 9, 'tien-hanh': 27, 'ket-qua': 7 }, total: 43, rating: 'Khá', capped: false });
  });

  it('should let a committee choose its superior’s sheet', async () => {
    const root = await t.ds.getRepository(OrgUnit).findOneByOrFail({ code: ORG.root });
    await t.ds.getRepository(ScoreSheet).insert({ id: crypto.randomUUID(), orgId: root.id, code: 'chung', version: 1, title: 'Phiếu chấm chung của Đảng ủy phường', appliesTo: 'any', definition: SHEET, createdBy: crypto.randomUUID(), createdAt: '2022-02-01T00:00:00.000Z' });
    expectStatus(await guidance('32-HD/ĐU', `${ORG.root}/chung@1`), 201);
    await driver.settle();
    const state = await t.http().get(api(`/instances/${encodeURIComponent(driver.cellInstanceId(ORG.cellA1, '32-HD/ĐU', '2022-03-01'))}/state`)).set(driver.auth('admin'));
    const score = (state.body as { definition: { steps: Array<{ id: string; params: Record<string, unknown> }> } }).definition.steps.find((s) => s.id === 'score')!;
    expect(score.params).toEqual(expect.objectContaining({ rubric: `${ORG.root}/chung@1`, sheet: { ref: `${ORG.root}/chung@1`, definition: SHEET } }));
  });

  it('should issue from the form with the sheet chosen, and show a refused sheet on the form with 422', async () => {
    const cookie = await signIn('cap-uy-a');
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await t.http().get('/huong-dan/moi').set('Cookie', cookie)).text)![1]!;
    const form = (number: string, rubric: string) =>
      t.http().post('/huong-dan/moi').set('Cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrf, _action: 'submit', issuer: ORG.committeeA, number, issuedOn: '2022-03-01', title: 'Sinh hoạt chuyên đề quý III', procedure: 'thematic-session', rubric, scope: 'list', cells: ORG.cellA1 }).toString());
    const refused = await form('33-HD/ĐU', 'DU-KHOI-A/chuyen-de-2022@9');
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Không có phiếu chấm điểm “DU-KHOI-A/chuyen-de-2022@9”.');
    const english = await t.http().post('/huong-dan/moi').set('Cookie', `${cookie}; chibo_lang=en`).type('form').send(new URLSearchParams({ _csrf: csrf, _action: 'submit', issuer: ORG.committeeA, number: '33-HD/ĐU', issuedOn: '2022-03-01', title: 'Sinh hoạt chuyên đề quý III', procedure: 'thematic-session', rubric: 'DU-KHOI-A/chuyen-de-2022@9', scope: 'list', cells: ORG.cellA1 }).toString());
    expect(english.status).toBe(422);
    expect(english.text).toContain('There is no score sheet “DU-KHOI-A/chuyen-de-2022@9”.');
    const issued = await form('34-HD/ĐU', 'DU-KHOI-A/chuyen-de-2022@2');
    expect(issued.status).toBe(303);
    await driver.settle();
    const row = await t.ds.getRepository(Guidance).findOneByOrFail({ number: '34-HD/ĐU' });
    expect(row.rubric).toBe('DU-KHOI-A/chuyen-de-2022@2');
    // The guidance page names the sheet, its version and its committee (not the raw reference).
    const page = await t.http().get(`/huong-dan/${row.id}`).set('Cookie', cookie);
    expectStatus(page, 200);
    expect(page.text).toMatch(/<dd>Phiếu chấm điểm: [^<]+ — phiên bản 2 \([^)<]+\)<\/dd>/);
  });

  it.each([
    ['a sheet that does not exist', 'DU-KHOI-A/khong-co@1', 'unknown-sheet'],
    ['a version that does not exist', 'DU-KHOI-A/chuyen-de-2022@7', 'unknown-sheet'],
    ['another tree’s sheet', 'DU-KHOI-B/rieng@1', 'not-visible'],
    ['a sheet meant for regular sessions', 'DU-KHOI-A/thuong-ky@1', 'applies-to'],
  ])('should refuse %s: 422 naming rubric and the rule, no guidance saved', async (_name, ref, rule) => {
    if (ref === 'DU-KHOI-B/rieng@1' && !(await t.ds.getRepository(ScoreSheet).exists({ where: { code: 'rieng' } }))) {
      expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('committeeB')).send({ org: ORG.committeeB, code: 'rieng', appliesTo: 'any', sheet: SHEET }), 201);
    }
    if (ref === 'DU-KHOI-A/thuong-ky@1' && !(await t.ds.getRepository(ScoreSheet).exists({ where: { code: 'thuong-ky' } }))) {
      expectStatus(await t.http().post(api('/score-sheets')).set(driver.auth('committeeA')).send({ org: ORG.committeeA, code: 'thuong-ky', appliesTo: 'regular', sheet: SHEET }), 201);
    }
    const before = await t.ds.getRepository(Guidance).count();
    const response = await guidance(`40-${rule}-${ref.length}`, ref);
    expectStatus(response, 422);
    expect(issues(response)).toEqual([{ path: 'rubric', rule }]);
    // The issue carries the sheet it names, for the pages to word it (ADR 0034).
    expect((response.body as { issues: Array<{ params?: Record<string, unknown> }> }).issues[0]!.params).toEqual(expect.objectContaining({ sheet: ref }));
    expect(await t.ds.getRepository(Guidance).count()).toBe(before);
  });
});
