import { InstanceEvent, ProcedureInstance, Task } from '@chibo/db';
import * as ical from 'node-ical';
import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

interface Session {
  id: string;
  at: string;
  place: string | null;
  status: string;
  instanceId: string | null;
  sequence: number;
  movable: boolean;
}

/**
 * Moving a scheduled session through the API and the calendar page (ADR 0028): the secretary moves CB-A1's March
 * session before it starts; the old start passes with nothing started and the session starts by its new timer; the
 * feed shows the new time under the same UID with a higher SEQUENCE; a move that breaks a rule is refused naming the
 * field and the rule, and one of a session already started is a 409.
 */
describeEngine('moving a scheduled session', (kind, engine) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;
  const YEAR = 2023;
  const yearId = `year:${ORG.cellA1}:${YEAR}`;
  const api = (path: string) => `/api/v1${path}`;
  const issues = (response: Response) => (response.body as { issues: Array<{ path: string; rule: string }> }).issues.map(({ path, rule }) => ({ path, rule }));
  const sessions = async (): Promise<Session[]> => {
    const response = await t.http().get(api(`/calendar/${ORG.cellA1}?year=${YEAR}`)).set(driver.auth('memberA1'));
    expectStatus(response, 200);
    return (response.body as { sessions: Session[] }).sessions;
  };
  const move = async (session: string, body: Record<string, unknown>, as: 'secretaryA1' | 'memberA1' = 'secretaryA1') => {
    const response = await t.http().post(api(`/calendar/${ORG.cellA1}/sessions/${session}/move`)).set(driver.auth(as)).send({ year: YEAR, ...body });
    await driver.settle();
    return response;
  };
  const feedEvent = async (summary: string) => {
    const { path } = (await t.http().get(api(`/calendar/${ORG.cellA1}/feed`)).set(driver.auth('memberA1'))).body as { path: string };
    const feed = await t.http().get(path);
    expectStatus(feed, 200);
    return Object.values(ical.sync.parseICS(feed.text)).find((c): c is ical.VEvent => c?.type === 'VEVENT' && String(c.summary) === summary);
  };
  const instanceCount = (id: string) => t.ds.getRepository(ProcedureInstance).countBy({ id });
  async function webSignIn(login: string): Promise<string> {
    const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password: PASSWORD, next: '/viec-cua-toi' }).toString());
    expect(response.status).toBe(303);
    return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
  }

  beforeAll(async () => {
    t = await startEngineApp(kind, { engine });
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    expectStatus(await t.http().post(api('/calendar/years')).set(driver.auth('secretaryA1')).send({ cell: ORG.cellA1, year: YEAR }), 201);
    await driver.settle();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should refuse a move before the year is scheduled, then schedule it with every future session movable', async () => {
    const early = await move('TK-2023-03', { date: '2023-03-16' });
    expectStatus(early, 409);
    expect(early.body).toMatchObject({ error: 'calendar-not-scheduled' });
    const task = await t.ds.getRepository(Task).findOneByOrFail({ instanceId: yearId, status: 'open' });
    expectStatus(await t.http().post(api(`/tasks/${task.id}/submit`)).set(driver.auth('secretaryA1')).send({ place: 'Phòng hội đồng' }), 201);
    await driver.settle();
    const march = (await sessions()).find((s) => s.id === 'TK-2023-03')!;
    expect(march).toMatchObject({ at: '2023-03-05T07:00:00.000Z', place: 'Phòng hội đồng', status: 'scheduled', sequence: 0, movable: true });
    // The move is a standing task of the year: the secretary's list shows it, and its own page opens.
    const inbox = (await t.http().get(api('/tasks/inbox')).set(driver.auth('secretaryA1'))).body as Array<{ id: string; instanceId: string; step: string; title: { vi: string } }>;
    const ofYear = inbox.filter((x) => x.instanceId === yearId);
    expect(ofYear.map((x) => [x.step, x.title.vi])).toEqual([
      ['schedule', 'Dời lịch một buổi sinh hoạt'],
      ['plan', 'Lập kế hoạch sinh hoạt chuyên đề năm'],
    ]);
    const standing = ofYear.filter((x) => x.step === 'schedule');
    const taskPage = await t.http().get(`/nhiem-vu/${standing[0]!.id}`).set('Cookie', await webSignIn(f.logins.secretaryA1));
    expect(taskPage.status).toBe(200);
  });

  it('should refuse a move that breaks a rule with the field and the rule, saving nothing', async () => {
    const before = await t.ds.getRepository(InstanceEvent).countBy({ instanceId: yearId });
    const otherMonth = await move('TK-2023-03', { date: '2023-04-03' });
    expectStatus(otherMonth, 422);
    expect(issues(otherMonth)).toEqual([{ path: 'date', rule: 'one-regular-session-per-month' }]);
    const nextYear = await move('TK-2023-03', { date: '2024-03-01' });
    expectStatus(nextYear, 422);
    expect(issues(nextYear)).toEqual([{ path: 'date', rule: 'outside-year' }]);
    const noDate = await move('TK-2023-03', {});
    expectStatus(noDate, 422);
    expect(issues(noDate)).toEqual([expect.objectContaining({ path: 'date' })]);
    expect(issues(await move('TK-2023-03', { date: '2023-03-16', time: '25:00' }))).toEqual([expect.objectContaining({ path: 'time' })]);
    expect(issues(await move('TK-2031-03', { date: '2023-03-16' }))).toEqual([{ path: 'session', rule: 'unknown-session' }]);
    // A member is not the secretary: the move task is not theirs.
    expectStatus(await move('TK-2023-03', { date: '2023-03-16' }, 'memberA1'), 403);
    expect(await t.ds.getRepository(InstanceEvent).countBy({ instanceId: yearId })).toBe(before);
    expect((await sessions()).find((s) => s.id === 'TK-2023-03')!.at).toBe('2023-03-05T07:00:00.000Z');
  });

  it('should move the session: the feed shows the new time under the same UID, and it starts by its new timer, not the old one', async () => {
    const summary = 'Sinh hoạt chi bộ thường kỳ tháng 03/2023';
    const beforeMove = (await feedEvent(summary))!;
    expect(new Date(beforeMove.start).toISOString()).toBe('2023-03-05T07:00:00.000Z');
    const moved = await move('TK-2023-03', { date: '2023-03-17', time: '08:00', place: 'Hội trường phường' });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ id: 'TK-2023-03', at: '2023-03-17T01:00:00.000Z', place: 'Hội trường phường', status: 'scheduled', sequence: 1 });
    const afterMove = (await feedEvent(summary))!;
    expect([afterMove.uid, new Date(afterMove.start).toISOString(), Number(afterMove.sequence), String(afterMove.location)]).toEqual([beforeMove.uid, '2023-03-17T01:00:00.000Z', 1, 'Hội trường phường']);

    // The old start (26 February, 14:00) passes: nothing starts.
    const oldId = `cell:${ORG.cellA1}:TK-2023-03:2023-03-05`;
    const newId = `cell:${ORG.cellA1}:TK-2023-03:2023-03-17`;
    await driver.advanceTo('2023-02-27T00:00:00.000Z');
    await driver.settle();
    expect([await instanceCount(oldId), await instanceCount(newId)]).toEqual([0, 0]);
    // The new start is a week before the new time: 10 March, 08:00 (01:00 UTC).
    await driver.advanceTo('2023-03-10T00:59:00.000Z');
    await driver.settle();
    expect(await instanceCount(newId)).toBe(0);
    await driver.advanceTo('2023-03-10T01:00:00.000Z');
    await driver.settle();
    const started = await t.ds.getRepository(ProcedureInstance).findOneByOrFail({ id: newId });
    expect(started).toMatchObject({ definitionKey: 'regular-session', status: 'running', parentInstanceId: yearId });
    expect(await instanceCount(oldId)).toBe(0);
    expect((await sessions()).find((s) => s.id === 'TK-2023-03')).toMatchObject({ status: 'preparing', instanceId: newId, movable: false });

    // Once it started, it cannot be moved any more: a conflict naming the rule.
    const late = await move('TK-2023-03', { date: '2023-03-24' });
    expectStatus(late, 409);
    expect(late.body).toMatchObject({ error: 'session-started' });
    expect(issues(late)).toEqual([{ path: 'session', rule: 'session-started' }]);
  });

  it('should let the secretary move a session with the calendar page’s form, and show the refusal on the page', async () => {
    const cookie = await webSignIn(f.logins.secretaryA1);
    const page = await t.http().get(`/lich?chi-bo=${ORG.cellA1}&nam=${YEAR}`).set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post" action="/lich/doi-lich" id="move-form">');
    // March's session started: it is no longer offered; May's is.
    expect(page.text).not.toContain('<option value="TK-2023-03"');
    expect(page.text).toContain('<option value="TK-2023-05"');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const form = (date: string) => new URLSearchParams({ _csrf: csrf, cell: ORG.cellA1, year: String(YEAR), session: 'TK-2023-05', date, time: '', place: '' }).toString();
    const refused = await t.http().post('/lich/doi-lich').set('Cookie', cookie).type('form').send(form('2023-06-02'));
    expect(refused.status).toBe(422);
    // Worded at the edge (ADR 0034), months as mm/yyyy, no raw rule code.
    expect(refused.text).toContain('Tháng 06/2023 đã có một buổi sinh hoạt thường kỳ; mỗi tháng chỉ một buổi.');
    expect(refused.text).not.toContain('one-regular-session-per-month');
    const english = await t.http().post('/lich/doi-lich').set('Cookie', `${cookie}; chibo_lang=en`).type('form').send(form('2023-06-02'));
    expect(english.text).toContain('06/2023 already has a regular session; a month has only one.');
    const ok = await t.http().post('/lich/doi-lich').set('Cookie', cookie).type('form').send(form('2023-05-12'));
    expect(ok.status).toBe(303);
    await driver.settle();
    expect((await sessions()).find((s) => s.id === 'TK-2023-05')).toMatchObject({ at: '2023-05-12T07:00:00.000Z', place: 'Phòng hội đồng', sequence: 1 });
    const after = await t.http().get(`/lich?chi-bo=${ORG.cellA1}&nam=${YEAR}`).set('Cookie', cookie);
    expect(after.text).toMatch(/<tr data-session="TK-2023-05"[^>]*>\s*<td><time datetime="2023-05-12T07:00:00.000Z">[^<]+<\/time><br><small class="moved">đã dời 1 lần<\/small>/);
  });

  it('should show the calendar page in English when the member chose English', async () => {
    const cookie = await webSignIn(f.logins.memberA1);
    const vi = await t.http().get(`/lich?nam=${YEAR}`).set('Cookie', cookie);
    expect(vi.text).toContain('<h2 id="sessions-h">Các buổi sinh hoạt trong năm</h2>');
    const en = await t.http().get(`/lich?nam=${YEAR}`).set('Cookie', `${cookie}; chibo_lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<h2 id="sessions-h">Sessions of the year</h2>');
    expect(en.text).toContain('<h2 id="next-h">Next session</h2>');
    expect(en.text).toMatch(/<tr data-session="TK-2023-06"[^>]*>[\s\S]*?<td>Regular<\/td>\s*<td>Regular cell session, 06\/2023<\/td>\s*<td>Scheduled<\/td>/);
    expect(en.text).not.toContain('Thường kỳ');
    const overview = await t.http().get(`/lich?don-vi=${ORG.committeeA}&nam=${YEAR}`).set('Cookie', `${await webSignIn(f.logins.committeeA)}; chibo_lang=en`);
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('<th scope="col">Annual thematic plan</th>');
    expect(overview.text).toContain('No plan');
  });
}, { temporal: true });
