import type { TestSmtpServer } from '@chibo/notifications/testing';
import { describeEngine, type EngineTestApp } from '../support/engine-app';
import { mailsTo, startMailApp } from '../support/mail-app';
import { EngineDriver, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

/**
 * A task's own deadline reaches its assignee by e-mail (ADR 0029), with a real SMTP server: committee A's session adds
 * the self-criticism step; after the session every present member has a self-assessment due seven days later. A member
 * who has not submitted is reminded before the deadline and told the day after it, by e-mail as on the board; one who
 * submitted gets neither.
 */
describeEngine('a task’s deadline e-mails its assignee', (kind) => {
  let smtp: TestSmtpServer;
  let t: EngineTestApp;
  let driver: EngineDriver;
  const api = (path: string) => `/api/v1${path}`;
  const NGA = 'nga@a1.test';
  const HUNG = 'hung@a1.test';
  let heldAt = '';
  let instanceId = '';


  beforeAll(async () => {
    ({ smtp, t } = await startMailApp(kind));
    const f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    expectStatus(await t.http().put(api('/notifications/settings')).set(driver.auth('secretaryA1')).send({ email: NGA }), 200);
    expectStatus(await t.http().put(api('/notifications/settings')).set(driver.auth('memberA1')).send({ email: HUNG }), 200);
    // Committee A's sessions add the self-criticism step (tự soi, tự sửa) after the session is held.
    const composed = await t.http().post(api('/procedures')).set(driver.auth('committeeA')).send({ owner: ORG.committeeA, base: { key: 'thematic-session' }, addSteps: ['self-criticism'] });
    expectStatus(composed, 201);
    expectStatus(await t.http().post(api(`/procedures/${(composed.body as { id: string }).id}/publish`)).set(driver.auth('committeeA')), 200);
    const guidance = await driver.issueGuidance({ cells: [ORG.cellA1] });
    instanceId = driver.cellInstanceId(ORG.cellA1, guidance.number);
    await driver.driveCellA1(instanceId, 'hold-session');
    const state = await t.http().get(api(`/instances/${encodeURIComponent(instanceId)}/state`)).set(driver.auth('admin'));
    heldAt = (state.body as { facts: { convened: { sessionAt: string } } }).facts.convened.sessionAt;
    await driver.advanceTo(new Date(Date.parse(heldAt) + 3 * 3_600_000).toISOString());
    await driver.submitStep(instanceId, 'hold-session', 'secretaryA1', {
      heldAt,
      minutes: 120,
      chair: 'nga',
      clerk: 'm02',
      presenter: 'm02',
      opinions: [{ by: 'm02', text: 'Đề nghị mỗi đảng viên đăng ký việc làm cụ thể.' }],
      conclusion: 'Bí thư kết luận, giao nhiệm vụ cho các đảng viên.',
    });
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('should tell the member of the task and its due date when it opens, remind them before the deadline and tell them the day after it, and not the one who submitted', async () => {
    // The secretary submits her own self-assessment; m02 (hung) does not.
    const tasks = (await t.http().get(api('/tasks/inbox')).set(driver.auth('secretaryA1'))).body as Array<{ id: string; instanceId: string; step: string; key?: string; title: { vi: string } }>;
    const own = tasks.find((x) => x.instanceId === instanceId && x.step === 'self-criticism' && x.title.vi.includes('Ngô Thị Nga'))!;
    expectStatus(await t.http().post(api(`/tasks/${own.id}/submit`)).set(driver.auth('secretaryA1')).send({ flagged: [], plan: 'Rèn luyện tác phong' }), 201);
    await driver.settle();
    const dueDay = new Date(Date.parse(heldAt) + 7 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    const due = `${dueDay.slice(8, 10)}/${dueDay.slice(5, 7)}/${dueDay.slice(0, 4)}`;
    // When the tasks opened (the session recorded), each member present was told of theirs, with the due date.
    const assigned = await mailsTo(smtp, HUNG, /được giao tự soi, tự sửa/, 1);
    expect(assigned.map((m) => m.subject)).toEqual([`[chibo] Đồng chí được giao tự soi, tự sửa theo 27 biểu hiện; hạn nộp ${due}`]);
    expect(assigned[0]!.text).toMatch(/Hạn hoàn thành: .+/);
    expect(assigned[0]!.text).toContain('https://chibo.test/viec-cua-toi');
    expect(await mailsTo(smtp, NGA, /được giao tự soi, tự sửa/, 1)).toHaveLength(1);

    await driver.advanceTo(new Date(Date.parse(heldAt) + 3 * 86_400_000 + 3_600_000).toISOString());
    await driver.settle();
    expect((await mailsTo(smtp, HUNG, /Nhắc nộp|quá hạn nộp/, 1)).map((m) => m.subject)).toEqual([`[chibo] Nhắc nộp bản tự soi, tự sửa: hạn ${due}`]);

    await driver.advanceTo(new Date(Date.parse(heldAt) + 9 * 86_400_000).toISOString());
    await driver.settle();
    const toHung = await mailsTo(smtp, HUNG, /Nhắc nộp|quá hạn nộp/, 2);
    expect(toHung.map((m) => m.subject)).toEqual([`[chibo] Nhắc nộp bản tự soi, tự sửa: hạn ${due}`, `[chibo] Đã quá hạn nộp bản tự soi, tự sửa (${due}); đồng chí vẫn nộp được cho đến khi chi ủy tổng hợp`]);
    expect(toHung[1]!.text).toContain('https://chibo.test/viec-cua-toi');
    // The secretary submitted hers: she is told, as secretary, who is missing — and is not reminded of her own task.
    const toNga = await mailsTo(smtp, NGA, /Đã hết hạn nộp bản tự soi/, 1);
    expect(toNga.map((m) => m.subject)).toEqual([expect.stringContaining('còn 2 đồng chí chưa nộp')]);
    expect(smtp.to(NGA).filter((m) => /Nhắc nộp|Đã quá hạn nộp/.test(m.subject))).toEqual([]);
  }, 120_000);
});
