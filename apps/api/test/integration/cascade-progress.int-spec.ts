import { createUser } from '../../src';
import { type EngineTestApp, ISSUED_ON, describeEngine, startEngineApp } from '../support/engine-app';
import { EngineDriver, expectStatus, logIn, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

/**
 * A cascade through the API (issue 15 points 2 and 5): the root committee (DU-NGOC-LAM, a district's place) sends a
 * guidance to its two sub-committees; DU-KHOI-A implements it for CB-A1 and CB-A2, DU-KHOI-B never does. Progress at
 * each level, who may see which level, the committee that did not act, and the refusals that change nothing.
 */
describeEngine('a cascade: progress at every level, roll-up, refusals', (kind, engine) => {
  let t: EngineTestApp;
  let d: EngineDriver;
  let top: { id: string; instanceId: string };
  let district: string;
  let communeAuditor: string;
  const enc = encodeURIComponent;
  const communeA = `implementation:${ORG.committeeA}:01-HD/ĐU:${ISSUED_ON}`;
  const own = { number: '05-HD/ĐU', issuedOn: ISSUED_ON, title: 'Hướng dẫn thực hiện sinh hoạt chuyên đề', sessionBy: '2022-04-25', reportBy: '2022-05-05' };
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const version = async (id: string) => ((await t.http().get(`/api/v1/instances/${enc(id)}/state`).set(d.auth('admin'))).body as { version: number }).version;
  const progress = (id: string, token: string) => t.http().get(`/api/v1/guidance/${id}/progress`).set(as(token));
  const guidanceOfA = async () => {
    const list = (await t.http().get('/api/v1/guidance').set(as(district))).body as Array<{ id: string; number: string; issuer: string }>;
    return list.find((g) => g.issuer === ORG.committeeA && g.number === own.number);
  };

  beforeAll(async () => {
    t = await startEngineApp(kind, { engine });
    d = new EngineDriver(t, await seedEngineFixture(t));
    // A member of the root committee (sees the whole tree) and an auditor of DU-KHOI-A only.
    await createUser(t.ds, { login: 'huyen-uy', password: PASSWORD, displayName: 'Ủy viên cấp ủy', grants: [{ role: 'committee', orgCode: ORG.root }] });
    await createUser(t.ds, { login: 'kiem-tra-a', password: PASSWORD, displayName: 'Kiểm tra viên khối A', grants: [{ role: 'auditor', orgCode: ORG.committeeA }] });
    district = await logIn(t, 'huyen-uy');
    communeAuditor = await logIn(t, 'kiem-tra-a');
    const response = await t
      .http()
      .post('/api/v1/guidance')
      .set(as(district))
      .send({ issuer: ORG.root, number: '01-HD/ĐU', issuedOn: ISSUED_ON, title: 'Sinh hoạt chuyên đề năm 2022', sessionBy: '2022-04-30', reportBy: '2022-05-10', cascade: true });
    expectStatus(response, 201);
    top = response.body as { id: string; instanceId: string };
    await d.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should refuse an implementation with deadlines outside the superior’s, naming each field, and change nothing', async () => {
    const before = await version(communeA);
    const task = await d.openTask(communeA, 'implement');
    const response = await d.submitRequest('committeeA', task, { ...own, sessionBy: '2022-05-02', reportBy: '2022-05-12' });
    expectStatus(response, 422);
    const issues = (response.body as { issues: Array<{ path: string; rule: string }> }).issues;
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['sessionBy', 'outside-parent-deadline'],
      ['reportBy', 'outside-parent-deadline'],
    ]);
    expect(await version(communeA)).toBe(before);
    expect(await guidanceOfA()).toBeUndefined();
  });

  it('should refuse an implementation by a committee that did not receive the task (another tree: not found), changing nothing', async () => {
    const before = await version(communeA);
    const task = await d.openTask(communeA, 'implement');
    expectStatus(await d.submitRequest('committeeB', task, own), 404);
    expect(await version(communeA)).toBe(before);
    // A committee the guidance did not reach has no implementation to submit at all.
    expectStatus(await t.http().get(`/api/v1/instances/${enc(`implementation:${ORG.committeeA}:99-HD/ĐU:${ISSUED_ON}`)}`).set(d.auth('admin')), 404);
  });

  it('should record the implementation as the committee’s own guidance and refuse a second one', async () => {
    const task = await d.openTask(communeA, 'implement');
    expectStatus(await d.submitRequest('committeeA', task, own), 201);
    await d.settle();
    const mine = await guidanceOfA();
    expect(mine).toMatchObject({ number: own.number });
    const detail = (await t.http().get(`/api/v1/guidance/${mine!.id}`).set(d.auth('committeeA'))).body as Record<string, unknown>;
    expect(detail).toMatchObject({ basedOn: [{ number: '01-HD/ĐU', issuedOn: ISSUED_ON }], reportBy: own.reportBy, instanceId: communeA, progress: { cells: 2 } });
    const before = await version(communeA);
    const again = await d.submitRequest('committeeA', task, { ...own, number: '06-HD/ĐU' });
    expectStatus(again, 409);
    expect(await version(communeA)).toBe(before);
  });

  it('should refuse a roll-up before any report and before the deadline, changing nothing', async () => {
    const mine = (await guidanceOfA())!;
    const before = await version(communeA);
    const response = await t.http().post(`/api/v1/guidance/${mine.id}/rollup`).set(d.auth('committeeA')).send({});
    expectStatus(response, 422);
    expect((response.body as { issues: Array<{ path: string; rule: string }> }).issues).toEqual([expect.objectContaining({ path: 'reports', rule: 'no-report' })]);
    expect(await version(communeA)).toBe(before);
    // The auditor reads but never submits.
    expectStatus(await t.http().post(`/api/v1/guidance/${mine.id}/rollup`).set(as(communeAuditor)).send({}), 403);
  });

  it('should show the district its sub-committees and every cell beneath, level by level', async () => {
    const cell = d.cellInstanceId(ORG.cellA1, own.number);
    await d.driveCellA1(cell, 'report');
    await d.submitStep(cell, 'report', 'secretaryA1', {});
    const response = await progress(top.id, district);
    expectStatus(response, 200);
    const body = response.body as {
      direct: Record<string, number>;
      recipients: Array<{ code: string; kind: string; report: string; implementation: { id: string; number: string } | null; subtree: Record<string, unknown> }>;
      subtree: Record<string, unknown>;
    };
    expect(body.direct).toMatchObject({ recipients: 2, committees: 2, reported: 0, pending: 2 });
    const mine = (await guidanceOfA())!;
    expect(body.recipients).toEqual([
      expect.objectContaining({ code: ORG.committeeA, kind: 'committee', report: 'pending', implementation: expect.objectContaining({ id: mine.id, number: own.number }) }),
      expect.objectContaining({ code: ORG.committeeB, kind: 'committee', report: 'pending', implementation: null }),
    ]);
    expect(body.recipients[0]!.subtree).toMatchObject({ cells: 2, held: 1, onTime: 1, late: 0, ratings: { Tốt: 1 } });
    expect(body.subtree).toMatchObject({ cells: 2, held: 1, onTime: 1 });
    // One level down: the commune's own guidance, its two cells, and the way back up.
    const down = await progress(mine.id, district);
    expectStatus(down, 200);
    expect(down.body).toMatchObject({
      implements: { id: top.id },
      recipients: [
        { code: ORG.cellA1, kind: 'cell', report: 'on-time', rating: 'Tốt', implementation: null },
        { code: ORG.cellA2, kind: 'cell', report: 'pending' },
      ],
    });
  });

  it('should show the levels on the guidance page, with the way down to the commune’s own guidance and back up', async () => {
    const signIn = async (login: string) => {
      const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password: PASSWORD, next: '/viec-cua-toi' }).toString());
      expectStatus(response, 303);
      return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
    };
    const cookie = await signIn('huyen-uy');
    const mine = (await guidanceOfA())!;
    const page = await t.http().get(`/huong-dan/${top.id}`).set('Cookie', cookie);
    expectStatus(page, 200);
    expect(page.text).toContain('Tiến độ theo cấp');
    expect(page.text).toContain('Toàn đảng bộ: 2 chi bộ đã nhận, 1 chi bộ đã sinh hoạt');
    expect(page.text).toContain(`href="/huong-dan/${mine.id}">${own.number}</a>`);
    expect(page.text).toContain('Chưa ban hành');
    const down = await t.http().get(`/huong-dan/${mine.id}`).set('Cookie', cookie);
    expectStatus(down, 200);
    expect(down.text).toContain(`Thực hiện hướng dẫn của cấp trên: <a href="/huong-dan/${top.id}">01-HD/ĐU</a>`);
    // The cell grid: the district's lists every cell beneath it and no committee as a cell; the commune's lists its
    // own two cells (it listed none: every instance of a cascade is filed under the top guidance).
    const gridCodes = (html: string) => [...html.slice(html.indexOf('id="cell-grid"')).matchAll(/<span class="muted">([^<]+)<\/span><\/th>/g)].map((m) => m[1]);
    for (const html of [page.text, down.text]) {
      expect(html).toContain('<p aria-live="polite">2 chi bộ</p>');
      expect(gridCodes(html)).toEqual([ORG.cellA1, ORG.cellA2]);
    }
  });

  it('should let an auditor of the commune see the commune’s level only', async () => {
    const mine = (await guidanceOfA())!;
    expectStatus(await progress(mine.id, communeAuditor), 200);
    expectStatus(await progress(top.id, communeAuditor), 404);
    expectStatus(await progress(mine.id, d.f.tokens.committeeB), 404);
  });

  it('should name the committee that did not implement, then the reports missing at the deadline, and roll up with them', async () => {
    await d.advanceTo('2022-05-01T00:00:00.000Z'); // after the district's session deadline (30 April, Hà Nội time)
    const body = (await progress(top.id, district)).body as { findings: Array<{ code: string; org: string }> };
    expect(body.findings).toEqual([expect.objectContaining({ code: 'implementation-missing', org: ORG.committeeB })]);
    // The commune's deadline passes with CB-A2 silent: its deadline-driven roll-up names it, and is accepted.
    await d.advanceTo('2022-05-06T00:00:00.000Z');
    const mine = (await guidanceOfA())!;
    const rolled = await t.http().post(`/api/v1/guidance/${mine.id}/rollup`).set(d.auth('committeeA')).send({ summary: 'Một chi bộ chưa báo cáo' });
    expectStatus(rolled, 201);
    expect((rolled.body as { rollup: Record<string, unknown> }).rollup).toMatchObject({ reported: 1, missing: 1, perCell: [{ cell: ORG.cellA1, status: 'on-time' }, { cell: ORG.cellA2, status: 'missing' }] });
    await d.settle();
    expectStatus(await t.http().post(`/api/v1/guidance/${mine.id}/rollup`).set(d.auth('committeeA')).send({}), 409);
    // The commune's report, in the root's chain, is sealed with the commune's checkpoint and carries CB-A1's.
    const entries = await t.http().get(`/api/v1/audit/entries?org=${ORG.root}&type=child-reported&payload=true`).set(d.auth('auditor'));
    expectStatus(entries, 200);
    const [report] = (entries.body as { items: Array<{ payload: { report: { auditCheckpoint?: { chain: string }; received?: Array<{ chain: string }> } } }> }).items;
    expect(report!.payload.report.auditCheckpoint).toMatchObject({ chain: ORG.committeeA });
    expect(report!.payload.report.received?.map((cp) => cp.chain)).toEqual([ORG.cellA1]);
    await d.advanceTo('2022-05-11T00:00:00.000Z');
    const after = (await progress(top.id, district)).body as { findings: Array<{ code: string; org: string }>; recipients: Array<{ code: string; report: string }> };
    expect(after.recipients.map((r) => [r.code, r.report])).toEqual([
      [ORG.committeeA, 'on-time'],
      [ORG.committeeB, 'missing'],
    ]);
    expect(after.findings.map((f) => [f.code, f.org])).toEqual([
      ['implementation-missing', ORG.committeeB],
      ['report-missing', ORG.committeeB],
    ]);
  });
});
