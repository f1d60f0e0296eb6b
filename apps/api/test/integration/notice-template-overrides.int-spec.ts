import { DocumentTemplateOverride, OrgUnit } from '@chibo/db';
import type { TestSmtpServer } from '@chibo/notifications/testing';
import { describeEngine, type EngineTestApp } from '../support/engine-app';
import { mailsTo, startMailApp } from '../support/mail-app';
import { EngineDriver, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

/**
 * Committees word the e-mailed notices their own way (ADR 0031): committee A saves its convene notice's subject and
 * text; a template that does not work is refused naming the field, and nothing is stored; when a cell under committee
 * A convenes its session, the member's e-mail — read from a real SMTP server — has the committee's wording.
 */
describeEngine('committee notice templates', (kind) => {
  let smtp: TestSmtpServer;
  let t: EngineTestApp;
  let driver: EngineDriver;
  const api = (path: string) => `/api/v1${path}`;
  const HUNG = 'hung@a1.test';
  const route = api(`/notice-templates/session-convened/orgs/${ORG.committeeA}`);


  beforeAll(async () => {
    ({ smtp, t } = await startMailApp(kind));
    driver = new EngineDriver(t, await seedEngineFixture(t));
    expectStatus(await t.http().put(api('/notifications/settings')).set(driver.auth('memberA1')).send({ email: HUNG }), 200);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('should refuse a subject with an unknown variable and a text with an unknown helper with 422 naming each field, and store nothing', async () => {
    const res = await t.http().put(route).set(driver.auth('committeeA')).send({ subject: 'Họp lúc {{ngayHop}}', text: '{{viet-hoa title}}' });
    expectStatus(res, 422);
    const body = res.body as { error: string; issues: Array<{ path: string; rule: string; message: string }> };
    expect(body.error).toBe('template-invalid');
    expect(body.issues.map((i) => i.path)).toEqual(['subject', 'text']);
    expect(body.issues[0]!.message).toContain('ngayHop');
    expect(body.issues[1]!.message).toContain('viet-hoa');
    const effective = await t.http().get(route).set(driver.auth('committeeA'));
    expectStatus(effective, 200);
    expect((effective.body as { versions: unknown[] }).versions).toEqual([]);
  });

  it("should send a cell's convene notice with committee A's subject and text, and the shipped HTML when the cell's own HTML fails", async () => {
    const saved = await t.http().put(route).set(driver.auth('committeeA')).send({
      subject: 'Mời họp chi bộ {{orgName}} lúc {{event.when}}',
      text: 'Thân gửi đồng chí {{recipientName}},\nChi bộ họp lúc {{event.when}} tại {{event.place}}.\nChi tiết: {{link}}\n',
    });
    expectStatus(saved, 200);
    expect((saved.body as { saved: Array<{ field: string; version: number }> }).saved.map((s) => [s.field, s.version])).toEqual([
      ['subject', 1],
      ['text', 1],
    ]);
    // The cell under committee A sees the committee's version as the one that applies to it.
    const forCell = await t.http().get(api(`/notice-templates/session-convened/orgs/${ORG.cellA1}`)).set(driver.auth('secretaryA1'));
    expect((forCell.body as { applies: Record<string, { ref: string }> }).applies.text!.ref).toBe(`override:${ORG.committeeA}:notice:session-convened:text@1`);

    // The cell's own HTML (nearer than committee A's) fails on every notice — stored directly, as a version saved
    // before a check existed would be: the message still goes, with the shipped HTML.
    const cell = await t.ds.manager.findOneByOrFail(OrgUnit, { code: ORG.cellA1 });
    await t.ds.manager.save(
      t.ds.manager.create(DocumentTemplateOverride, { orgId: cell.id, templateId: 'notice:session-convened:html', version: 1, source: '<p>{{khongCo}}</p>', checksum: '0'.repeat(64), status: 'active', createdBy: null, createdAt: t.clock.now(), retiredAt: null }),
    );
    const warnings: string[] = [];
    const warn = jest.spyOn(console, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    const guidance = await driver.issueGuidance({ cells: [ORG.cellA1] });
    const instanceId = driver.cellInstanceId(ORG.cellA1, guidance.number);
    await driver.driveCellA1(instanceId, 'hold-session');
    await driver.settle();
    const mails = await mailsTo(smtp, HUNG, /^Mời họp chi bộ/, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Mời họp chi bộ .+ lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    expect(mails[0]!.text).toContain('Thân gửi đồng chí Trần Văn Hùng');
    expect(mails[0]!.text).toContain('tại Phòng họp nhà trường.');
    expect(mails[0]!.html).toContain('Kính gửi đồng chí');
    expect(mails[0]!.html).not.toContain('<p></p>');
    warn.mockRestore();
    expect(warnings.filter((w) => w.includes(`override:${ORG.cellA1}:notice:session-convened:html@1 failed`))).toHaveLength(1);
  }, 120_000);
});
