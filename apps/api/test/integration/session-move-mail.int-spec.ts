import { Task } from '@chibo/db';
import { type TestSmtpServer, type ReceivedMail } from '@chibo/notifications/testing';
import * as ical from 'node-ical';
import { describeEngine, type EngineTestApp } from '../support/engine-app';
import { mailsTo, startMailApp } from '../support/mail-app';
import { EngineDriver, type EngineFixture, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

/**
 * A moved session reaches the members by e-mail (ADR 0029), with SMTP on and a real SMTP server: the secretary moves
 * CB-A1's March session; each member with an address receives "Dời lịch sinh hoạt chi bộ: … sang …" with an
 * invitation (METHOD:REQUEST) whose UID is the calendar feed's event, SEQUENCE raised, at the new time and place; a
 * member who turned convene notices off gets it on the board only; the convene invitation sent when the session is
 * prepared is the same event at the same SEQUENCE.
 */
describeEngine('a moved session e-mails its members an updated invitation', (kind) => {
  let smtp: TestSmtpServer;
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;
  const YEAR = 2023;
  const yearId = `year:${ORG.cellA1}:${YEAR}`;
  const api = (path: string) => `/api/v1${path}`;
  const NGA = 'nga@a1.test';
  const HUNG = 'hung@a1.test';

  const invitation = (mail: ReceivedMail) => {
    const file = mail.attachments.find((a) => a.filename?.endsWith('.ics'));
    if (!file) return undefined;
    return { raw: file.content, event: Object.values(ical.sync.parseICS(file.content)).find((c): c is ical.VEvent => c?.type === 'VEVENT')! };
  };
  const feedEvent = async (summary: string) => {
    const { path } = (await t.http().get(api(`/calendar/${ORG.cellA1}/feed`)).set(driver.auth('memberA1'))).body as { path: string };
    const feed = await t.http().get(path);
    expectStatus(feed, 200);
    return Object.values(ical.sync.parseICS(feed.text)).find((c): c is ical.VEvent => c?.type === 'VEVENT' && String(c.summary) === summary)!;
  };
  const move = async (session: string, body: Record<string, unknown>) => {
    const response = await t.http().post(api(`/calendar/${ORG.cellA1}/sessions/${session}/move`)).set(driver.auth('secretaryA1')).send({ year: YEAR, ...body });
    expectStatus(response, 200);
    await driver.settle();
  };
  const submitOpen = async (instanceId: string, step: string, body: Record<string, unknown>) => {
    const task = await t.ds.getRepository(Task).findOneByOrFail({ instanceId, stepId: step, status: 'open' });
    expectStatus(await t.http().post(api(`/tasks/${task.id}/submit`)).set(driver.auth('secretaryA1')).send(body), 201);
    await driver.settle();
  };

  beforeAll(async () => {
    ({ smtp, t } = await startMailApp(kind));
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    expectStatus(await t.http().put(api('/notifications/settings')).set(driver.auth('secretaryA1')).send({ email: NGA }), 200);
    expectStatus(await t.http().put(api('/notifications/settings')).set(driver.auth('memberA1')).send({ email: HUNG }), 200);
    expectStatus(await t.http().post(api('/calendar/years')).set(driver.auth('secretaryA1')).send({ cell: ORG.cellA1, year: YEAR }), 201);
    await driver.settle();
    await submitOpen(yearId, 'schedule', { place: 'Phòng hội đồng' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('should e-mail every member an update of the feed’s event — same UID, SEQUENCE raised, the new time and place — and start it with that invitation', async () => {
    const summary = 'Sinh hoạt chi bộ thường kỳ tháng 03/2023';
    const before = await feedEvent(summary);
    expect(Number(before.sequence)).toBe(0);
    await move('TK-2023-03', { date: '2023-03-17', time: '08:00', place: 'Hội trường phường' });

    const subject = '[chibo] Dời lịch sinh hoạt chi bộ: thường kỳ tháng 03/2023 sang 08:00 ngày 17/03/2023';
    for (const address of [NGA, HUNG]) {
      const mails = await mailsTo(smtp, address, '[chibo] Dời lịch', 1);
      expect(mails.map((m) => m.subject)).toEqual([subject]);
      expect(mails[0]!.text).toContain('dời từ 14:00 ngày 05/03/2023 sang 08:00 ngày 17/03/2023 tại Hội trường phường');
      const ics = invitation(mails[0]!)!;
      expect(ics.raw).toContain('METHOD:REQUEST');
      expect([ics.event.uid, Number(ics.event.sequence), ics.event.start.toISOString(), String(ics.event.location)]).toEqual([before.uid, 1, '2023-03-17T01:00:00.000Z', 'Hội trường phường']);
    }
    // The feed now says the same: the one event, moved.
    const after = await feedEvent(summary);
    expect([after.uid, Number(after.sequence), new Date(after.start).toISOString()]).toEqual([before.uid, 1, '2023-03-17T01:00:00.000Z']);

    // The session starts a week before its new time; the secretary prepares, approves and convenes it: the convene
    // invitation is that calendar event again, at the SEQUENCE the move reached.
    await driver.advanceTo('2023-03-10T01:00:00.000Z');
    await driver.settle();
    const sessionId = `cell:${ORG.cellA1}:TK-2023-03:2023-03-17`;
    await submitOpen(sessionId, 'prepare', { month: '2023-03', content: 'Kiểm điểm công việc tháng 3', draftResolution: 'Dự thảo nghị quyết tháng 3' });
    await submitOpen(sessionId, 'approve', { decision: 'approve' });
    await submitOpen(sessionId, 'convene', { sessionAt: '2023-03-17T01:00:00.000Z', place: 'Hội trường phường' });
    const convened = await mailsTo(smtp, HUNG, '[chibo] Thông báo triệu tập', 1);
    expect(convened.map((m) => m.subject)).toEqual(['[chibo] Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 17/03/2023']);
    const invite = invitation(convened[0]!)!;
    expect([invite.event.uid, Number(invite.event.sequence), invite.event.start.toISOString()]).toEqual([before.uid, 1, '2023-03-17T01:00:00.000Z']);
  }, 120_000);

  it('should put the move on the board only for a member who turned convene notices off', async () => {
    expectStatus(await t.http().put(api('/notifications/settings')).set(driver.auth('memberA1')).send({ preferences: { conveneNotice: false } }), 200);
    await move('TK-2023-05', { date: '2023-05-19', time: '15:00' });
    const subject = '[chibo] Dời lịch sinh hoạt chi bộ: thường kỳ tháng 05/2023 sang 15:00 ngày 19/05/2023';
    expect((await mailsTo(smtp, NGA, subject, 1)).map((m) => m.subject)).toEqual([subject]);
    // The secretary's copy has arrived; by then the dispatcher has had the member's too, had there been one.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(smtp.to(HUNG).filter((m) => m.subject === subject)).toEqual([]);
    const items = ((await t.http().get(api('/notifications?limit=200')).set(driver.auth('memberA1'))).body as { items: Array<{ kind: string; title: string }> }).items;
    expect(items.filter((n) => n.kind === 'session-changed').map((n) => n.title).sort()).toEqual([subject.slice('[chibo] '.length), 'Dời lịch sinh hoạt chi bộ: thường kỳ tháng 03/2023 sang 08:00 ngày 17/03/2023'].sort());
  }, 60_000);
});
