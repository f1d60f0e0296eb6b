import { InstanceEvent, ProcedureInstance, Task } from '@chibo/db';
import * as ical from 'node-ical';
import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

interface CalendarBody {
  opened: boolean;
  scheduled: boolean;
  plan: { status: string; number: string | null; topics: Array<{ month: string; topic: string; preparer: string; chosen: boolean }> } | null;
  sessions: Array<{ id: string; kind: string; source: string; at: string; status: string; instanceId: string | null; title: string }>;
  next: { id: string; at: string } | null;
  tasks: Array<{ id: string; stepId: string }>;
  findings: Array<{ code: string }>;
}

/**
 * A cell's calendar through the API (issue 16, part B): the secretary opens the year, schedules twelve regular
 * sessions and the annual thematic plan; bad input is refused with the field and the rule and saves nothing; each
 * session starts by itself; a guidance's session is on the same calendar; the committee sees its cells' plans; a
 * member's secret .ics feed parses with a real iCalendar library.
 */
describeEngine(
  'a cell’s calendar',
  (kind, engine) => {
    let t: EngineTestApp;
    let f: EngineFixture;
    let driver: EngineDriver;
    const YEAR = 2023;
    const api = (path: string) => `/api/v1${path}`;
    const issues = (response: Response) => (response.body as { issues: Array<{ path: string; rule: string }> }).issues.map(({ path, rule }) => ({ path, rule }));
    const calendar = async (year = YEAR, as: 'secretaryA1' | 'memberA1' | 'committeeA' = 'secretaryA1'): Promise<CalendarBody> => {
      const response = await t.http().get(api(`/calendar/${ORG.cellA1}?year=${year}`)).set(driver.auth(as));
      expectStatus(response, 200);
      return response.body as CalendarBody;
    };
    const submitTask = async (stepId: string, input: Record<string, unknown>) => {
      const task = (await calendar()).tasks.find((x) => x.stepId === stepId)!;
      const row = await t.ds.getRepository(Task).findOneByOrFail({ instanceId: `year:${ORG.cellA1}:${YEAR}`, taskId: task.id });
      const response = await t.http().post(api(`/tasks/${row.id}/submit`)).set(driver.auth('secretaryA1')).send(input);
      await driver.settle();
      return response;
    };

    beforeAll(async () => {
      t = await startEngineApp(kind, { engine });
      f = await seedEngineFixture(t);
      driver = new EngineDriver(t, f);
    });

    afterAll(async () => {
      await t?.close();
    });

    it('should let the secretary open the year once, and refuse a member and a year out of range', async () => {
      expectStatus(await t.http().post(api('/calendar/years')).set(driver.auth('memberA1')).send({ cell: ORG.cellA1, year: YEAR }), 403);
      const bad = await t.http().post(api('/calendar/years')).set(driver.auth('secretaryA1')).send({ cell: ORG.cellA1, year: 1899 });
      expectStatus(bad, 422);
      expect(issues(bad)).toEqual([expect.objectContaining({ path: 'year' })]);
      const opened = await t.http().post(api('/calendar/years')).set(driver.auth('secretaryA1')).send({ cell: ORG.cellA1, year: YEAR });
      expectStatus(opened, 201);
      expect(opened.body).toEqual({ instanceId: `year:${ORG.cellA1}:${YEAR}` });
      await driver.settle();
      expectStatus(await t.http().post(api('/calendar/years')).set(driver.auth('secretaryA1')).send({ cell: ORG.cellA1, year: YEAR }), 409);
      expect((await calendar()).tasks.map((x) => x.stepId)).toEqual(['schedule']);
    });

    it('should refuse two regular sessions in one month with the field and the rule, and save nothing', async () => {
      const eventsBefore = await t.ds.getRepository(InstanceEvent).countBy({ instanceId: `year:${ORG.cellA1}:${YEAR}` });
      const refused = await submitTask('schedule', { sessions: [{ month: '2023-02', date: '2023-02-03' }, { month: '2023-02', date: '2023-02-24' }] });
      expectStatus(refused, 422);
      expect(issues(refused)).toEqual([{ path: 'sessions.1.month', rule: 'one-regular-session-per-month' }]);
      const after = await calendar();
      expect(after.scheduled).toBe(false);
      expect(after.sessions.filter((s) => s.source === 'calendar')).toEqual([]);
      expect(after.tasks.map((x) => x.stepId)).toEqual(['schedule']);
      expect(eventsBefore).toBeGreaterThan(0);
      expect(await t.ds.getRepository(InstanceEvent).countBy({ instanceId: `year:${ORG.cellA1}:${YEAR}` })).toBe(eventsBefore);
    });

    it('should refuse a regular session on a date the calendar does not have (30 February): 422 on the date, nothing saved, the year still running', async () => {
      const eventsBefore = await t.ds.getRepository(InstanceEvent).countBy({ instanceId: `year:${ORG.cellA1}:${YEAR}` });
      const refused = await submitTask('schedule', { sessions: [{ month: '2023-02', date: '2023-02-30' }] });
      expectStatus(refused, 422);
      expect(issues(refused)).toEqual([{ path: 'sessions.0.date', rule: 'invalid-date' }]);
      expect(await t.ds.getRepository(InstanceEvent).countBy({ instanceId: `year:${ORG.cellA1}:${YEAR}` })).toBe(eventsBefore);
      expect(await t.ds.getRepository(ProcedureInstance).findOneByOrFail({ id: `year:${ORG.cellA1}:${YEAR}` })).toMatchObject({ status: 'running' });
      expect((await calendar()).tasks.map((x) => x.stepId)).toEqual(['schedule']);
    });

    it('should schedule twelve regular sessions, each starting its own procedure a week ahead', async () => {
      expectStatus(await submitTask('schedule', { day: 6, time: '14:00', place: 'Phòng hội đồng', sessions: [{ month: '2023-02', date: '2023-02-10', time: '08:00' }] }), 201);
      const c = await calendar();
      const regular = c.sessions.filter((s) => s.kind === 'regular' && s.source === 'calendar');
      expect(regular.map((s) => s.id)).toEqual(Array.from({ length: 12 }, (_, i) => `TK-2023-${String(i + 1).padStart(2, '0')}`));
      expect(regular[1]!.at).toBe('2023-02-10T01:00:00.000Z');
      expect(regular.every((s) => s.status === 'scheduled' && s.instanceId === null)).toBe(true);
      // January's session (6 January 14:00) starts on 30 December 14:00, by the year's own timer.
      await driver.advanceTo('2022-12-30T06:59:00.000Z');
      expect(await t.ds.getRepository(ProcedureInstance).countBy({ id: `cell:${ORG.cellA1}:TK-2023-01:2023-01-06` })).toBe(0);
      await driver.advanceTo('2022-12-30T07:00:00.000Z');
      await driver.settle();
      const january = await t.ds.getRepository(ProcedureInstance).findOneByOrFail({ id: `cell:${ORG.cellA1}:TK-2023-01:2023-01-06` });
      expect(january).toMatchObject({ definitionKey: 'regular-session', status: 'running', parentInstanceId: `year:${ORG.cellA1}:${YEAR}` });
      const inbox = await t.http().get(api('/tasks/inbox')).set(driver.auth('secretaryA1'));
      expect((inbox.body as Array<{ instanceId: string; step: string }>).filter((x) => x.instanceId === january.id).map((x) => x.step)).toEqual(['prepare']);
      expect((await calendar()).sessions.find((s) => s.id === 'TK-2023-01')).toMatchObject({ status: 'preparing', instanceId: january.id });
    });

    it('should refuse a plan topic on a date the calendar does not have before the chi ủy sees it, and keep the year running', async () => {
      const eventsBefore = await t.ds.getRepository(InstanceEvent).countBy({ instanceId: `year:${ORG.cellA1}:${YEAR}` });
      const refused = await submitTask('plan', { topics: [{ month: '2023-06', topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', date: '2023-06-31' }] });
      expectStatus(refused, 422);
      expect(issues(refused)).toEqual([{ path: 'topics.0.date', rule: 'invalid-date' }]);
      expect(await t.ds.getRepository(InstanceEvent).countBy({ instanceId: `year:${ORG.cellA1}:${YEAR}` })).toBe(eventsBefore);
      expect(await t.ds.getRepository(ProcedureInstance).findOneByOrFail({ id: `year:${ORG.cellA1}:${YEAR}` })).toMatchObject({ status: 'running' });
      expect((await calendar()).plan).toBeNull();
    });

    it('should refuse a plan with a month outside its year, then approve one into a numbered KH with the thematic sessions on the calendar', async () => {
      const refused = await submitTask('plan', { topics: [{ month: '2023-03', topic: 'Thực hiện Nghị quyết 29-NQ/TW' }, { month: '2024-01', topic: 'Đánh giá theo Thông tư 22' }] });
      expectStatus(refused, 422);
      expect(issues(refused)).toEqual([{ path: 'topics.1.month', rule: 'outside-year' }]);
      expect((await calendar()).plan).toBeNull();
      expectStatus(await submitTask('plan', { topics: [{ quarter: 1, topic: 'Thực hiện Nghị quyết 29-NQ/TW' }, { month: '2023-05', topic: 'Đánh giá theo Thông tư 22', preparer: 'm02' }] }), 201);
      expect((await calendar()).sessions.filter((s) => s.kind === 'thematic')).toEqual([]);
      expectStatus(await submitTask('approve-plan', { decision: 'approve' }), 201);
      const c = await calendar();
      expect(c.plan).toMatchObject({ status: 'approved', number: 'Số 01-KH/CB' });
      expect(c.plan!.topics.map((x) => [x.month, x.preparer, x.chosen])).toEqual([
        // Nobody has prepared a topic yet: the rotation starts from the roster; May's preparer the secretary chose.
        ['2023-03', 'Ngô Thị Nga', false],
        ['2023-05', 'Trần Văn Hùng', true],
      ]);
      expect(c.sessions.filter((s) => s.kind === 'thematic').map((s) => [s.id, s.at])).toEqual([
        ['CD-2023-03', '2023-03-06T07:00:00.000Z'],
        ['CD-2023-05', '2023-05-06T07:00:00.000Z'],
      ]);
    });

    it('should show the sessions a guidance started on the same calendar, and the committee its cells’ plans', async () => {
      await driver.issueGuidance();
      const y2022 = await calendar(2022);
      expect(y2022.sessions.filter((s) => s.source === 'guidance')).toEqual([expect.objectContaining({ kind: 'thematic', at: '2022-04-30T01:00:00.000Z', instanceId: expect.stringMatching(/^cell:CB-A1:/) })]);
      const overview = await t.http().get(api(`/calendar?committee=${ORG.committeeA}&year=${YEAR}`)).set(driver.auth('committeeA'));
      expectStatus(overview, 200);
      const rows = (overview.body as { cells: Array<{ code: string; scheduled: number; plan: { status: string; number: string | null } | null }> }).cells;
      expect(rows.map((r) => [r.code, r.scheduled, r.plan?.status ?? null, r.plan?.number ?? null])).toEqual([
        [ORG.cellA1, 14, 'approved', 'Số 01-KH/CB'],
        [ORG.cellA2, 0, null, null],
      ]);
      expectStatus(await t.http().get(api(`/calendar/${ORG.cellA1}?year=${YEAR}`)).set(driver.auth('committeeB')), 404);
    });

    it('should run the committee’s own version of the year: its regular day and the date the plan is due', async () => {
      const composed = await t
        .http()
        .post(api('/procedures'))
        .set(driver.auth('committeeA'))
        .send({ owner: ORG.committeeA, base: { key: 'cell-year' }, params: { schedule: { defaultDay: 12 }, plan: { dueBy: '02-15' } } });
      expectStatus(composed, 201);
      expectStatus(await t.http().post(api(`/procedures/${(composed.body as { id: string }).id}/publish`)).set(driver.auth('committeeA')), 200);
      expectStatus(await t.http().post(api('/calendar/years')).set(driver.auth('secretaryA2')).send({ cell: ORG.cellA2, year: 2024 }), 201);
      await driver.settle();
      const year = await t.ds.getRepository(ProcedureInstance).findOneByOrFail({ id: `year:${ORG.cellA2}:2024` });
      expect(year).toMatchObject({ definitionKey: 'cell-year', definitionVersion: 1 });
      const tasks = await t.http().get(api('/tasks/inbox')).set(driver.auth('secretaryA2'));
      const schedule = (tasks.body as Array<{ id: string; instanceId: string; step: string }>).find((x) => x.instanceId === year.id && x.step === 'schedule')!;
      expectStatus(await t.http().post(api(`/tasks/${schedule.id}/submit`)).set(driver.auth('secretaryA2')).send({}), 201);
      await driver.settle();
      const c = (await t.http().get(api(`/calendar/${ORG.cellA2}?year=2024`)).set(driver.auth('committeeA'))).body as CalendarBody;
      expect(c.sessions.find((s) => s.id === 'TK-2024-01')?.at).toBe('2024-01-12T07:00:00.000Z');
      // No plan by 15 February (the committee's date, not the default 31 January): plan-missing, seen by the committee.
      await driver.advanceTo('2024-02-15T16:59:00.000Z');
      await driver.settle();
      expect(((await t.http().get(api(`/calendar?committee=${ORG.committeeA}&year=2024`)).set(driver.auth('committeeA'))).body as { cells: Array<{ code: string; findings: Array<{ code: string }> }> }).cells.find((r) => r.code === ORG.cellA2)?.findings).toEqual([]);
      await driver.advanceTo('2024-02-15T17:00:00.000Z');
      await driver.settle();
      const overview = (await t.http().get(api(`/calendar?committee=${ORG.committeeA}&year=2024`)).set(driver.auth('committeeA'))).body as { cells: Array<{ code: string; findings: Array<{ code: string }> }> };
      expect(overview.cells.find((r) => r.code === ORG.cellA2)?.findings.map((f) => f.code)).toEqual(['plan-missing']);
      // The cell's calendar page words it from its data in the page's language (ADR 0034, fourth pass), the committee's
      // date as dd/mm/yyyy; the API keeps the step's Vietnamese sentence with the data beside it.
      const login = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login: f.logins.committeeA, password: PASSWORD, next: '/lich' }).toString());
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
      const pageVi = await t.http().get(`/lich?chi-bo=${ORG.cellA2}&nam=2024`).set('Cookie', cookie);
      const pageEn = await t.http().get(`/lich?chi-bo=${ORG.cellA2}&nam=2024`).set('Cookie', `${cookie}; chibo_lang=en`);
      expect(pageVi.text).toContain('<li class="finding" data-code="plan-missing"><strong>Chưa có kế hoạch sinh hoạt chuyên đề năm đúng hạn</strong>: Đến hết ngày 15/02/2024 chi bộ chưa có kế hoạch sinh hoạt chuyên đề năm được chi ủy duyệt</li>');
      expect(pageEn.text).toContain('<li class="finding" data-code="plan-missing"><strong>No annual thematic plan approved on time</strong>: By the end of 15/02/2024 the cell had no annual thematic plan approved by its committee</li>');
      expect(pageEn.text).not.toContain('chưa có kế hoạch');
      const cell = (await t.http().get(api(`/calendar/${ORG.cellA2}?year=2024`)).set(driver.auth('committeeA'))).body as { findings: unknown[] };
      expect(cell.findings).toEqual([{ code: 'plan-missing', detail: 'Đến hết ngày 15/02/2024 chi bộ chưa có kế hoạch sinh hoạt chuyên đề năm được chi ủy duyệt', params: { by: '2024-02-15' } }]);
      // An auditor's list of findings can be filtered by it and describes it, like every other finding.
      const listed = await t.http().get(api(`/findings?org=${ORG.cellA2}&code=plan-missing`)).set(driver.auth('auditor'));
      expectStatus(listed, 200);
      expect(listed.body).toEqual([expect.objectContaining({ code: 'plan-missing', org: ORG.cellA2, description: expect.objectContaining({ vi: expect.stringContaining('kế hoạch sinh hoạt chuyên đề năm'), severity: 'violation' }) })]);
    });

    it('should give each member a secret iCalendar feed of the cell’s calendar that a real iCalendar parser reads', async () => {
      const url = await t.http().get(api(`/calendar/${ORG.cellA1}/feed`)).set(driver.auth('memberA1'));
      expectStatus(url, 200);
      const { path } = url.body as { path: string };
      const feed = await t.http().get(path);
      expectStatus(feed, 200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      const events = Object.values(ical.sync.parseICS(feed.text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
      const byStart = events.map((e) => [new Date(e.start).toISOString(), String(e.summary)]).sort();
      expect(byStart).toContainEqual(['2023-01-06T07:00:00.000Z', 'Sinh hoạt chi bộ thường kỳ tháng 01/2023']);
      expect(byStart).toContainEqual(['2023-03-06T07:00:00.000Z', 'Sinh hoạt chuyên đề tháng 03/2023: Thực hiện Nghị quyết 29-NQ/TW']);
      expect(byStart.some(([, summary]) => summary!.startsWith('Sinh hoạt chuyên đề (hạn tổ chức 30/04/2022)'))).toBe(true);
      expect(events.length).toBe(15);
      // The secret is the member's own: another user's id with it, or a changed secret, is not found.
      const parts = path.split('/');
      parts[parts.length - 1] = `${'x'.repeat(43)}.ics`;
      expectStatus(await t.http().get(parts.join('/')), 404);
      const other = path.replace(encodeURIComponent((await t.http().get(api('/auth/me')).set(driver.auth('memberA1'))).body.id as string), 'someone-else');
      expectStatus(await t.http().get(other), 404);
    });
  },
  { temporal: true },
);
