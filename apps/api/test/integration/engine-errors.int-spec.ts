import { type EngineTestApp, ISSUED_ON, describeEngine, startEngineApp } from '../support/engine-app';
import { type EngineActor, EngineDriver, VALID_INPUT, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';
import { TEST_BODY_LIMIT } from '../support/test-app';

interface Issue {
  path: string;
  rule: string;
  message: string;
}

const NON_EMPTY = expect.stringMatching(/\S/);
const enc = encodeURIComponent;

describeEngine(
  'engine: bad input never yields a 5xx',
  (kind, engine) => {
  let t: EngineTestApp;
  let d: EngineDriver;
  let guidance: { id: string; instanceId: string; number: string };
  let instanceA1: string;
  let instanceA2: string;
  let scoreTask: string;
  let planTaskA2: string;

  beforeAll(async () => {
    t = await startEngineApp(kind, { engine });
    try {
      d = new EngineDriver(t, await seedEngineFixture(t));
      guidance = await d.issueGuidance();
      instanceA1 = d.cellInstanceId(ORG.cellA1, guidance.number);
      instanceA2 = d.cellInstanceId(ORG.cellA2, guidance.number);
      await d.driveCellA1(instanceA1, 'score');
      scoreTask = await d.openTask(instanceA1, 'score');
      planTaskA2 = await d.openTask(instanceA2, 'plan');
    } catch (error) {
      await t.close();
      throw error;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (actor: EngineActor, path: string) => t.http().post(path).set(d.auth(actor));
  const submit = (actor: EngineActor, taskId: string, body: unknown) => d.submitRequest(actor, taskId, body);
  let sequence = 0;
  const guidanceBody = (overrides: Record<string, unknown> = {}) => ({
    issuer: ORG.committeeA,
    number: `E${++sequence}-HD/ĐU`,
    issuedOn: ISSUED_ON,
    title: 'Tổ chức sinh hoạt chuyên đề',
    ...overrides,
  });
  /** The task is still open and nothing was recorded for it. */
  const expectStillOpen = async (taskId: string): Promise<void> => {
    const task = await t.http().get(`/api/v1/tasks/${taskId}`).set(d.auth('admin'));
    expect(task.body).toMatchObject({ status: 'open', form: { schema: { type: 'object' } } });
    const timeline = await t.http().get(`/api/v1/instances/${enc(task.body.instanceId)}/timeline`).set(d.auth('admin'));
    const submitted = (timeline.body as Array<{ type: string; event: { taskId?: string } }>).filter((e) => e.type === 'task-submitted' && e.event.taskId === task.body.taskId);
    expect(submitted).toEqual([]);
  };
  const issuesOf = (body: { issues?: Issue[] }) => (body.issues ?? []).map(({ path, rule }) => ({ path, rule }));

  describe('malformed and oversized bodies', () => {
    it('should answer 400 invalid-json to malformed JSON submitted to a task, leaving it open', async () => {
      const response = await post('secretaryA1', `/api/v1/tasks/${scoreTask}/submit`).set('Content-Type', 'application/json').send('{"marks": {"conduct": 40,');

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'invalid-json', message: expect.stringMatching(/^Nội dung JSON không hợp lệ/) });
      await expectStillOpen(scoreTask);
    });

    it('should answer 400 invalid-json to malformed JSON posted as a guidance, recording none', async () => {
      const before = await t.http().get('/api/v1/guidance').set(d.auth('committeeA'));

      const response = await post('committeeA', '/api/v1/guidance').set('Content-Type', 'application/json').send(`{"issuer": "${ORG.committeeA}", "number": `);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'invalid-json', message: NON_EMPTY });
      expect((await t.http().get('/api/v1/guidance').set(d.auth('committeeA'))).body).toHaveLength((before.body as unknown[]).length);
    });

    it(`should answer 413 to a submission over BODY_LIMIT (${TEST_BODY_LIMIT}), leaving the task open`, async () => {
      const response = await submit('secretaryA1', scoreTask, { ...VALID_INPUT.score, note: 'x'.repeat(20 * 1024) });

      expect(response.status).toBe(413);
      expect(response.body).toEqual({ statusCode: 413, error: 'payload-too-large', message: `Nội dung gửi lên quá lớn: tối đa ${TEST_BODY_LIMIT}` });
      await expectStillOpen(scoreTask);
    });

    it('should answer 413 to a guidance over BODY_LIMIT', async () => {
      const response = await post('committeeA', '/api/v1/guidance').send(guidanceBody({ title: 'Đ'.repeat(20 * 1024) }));

      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ statusCode: 413, error: 'payload-too-large', message: NON_EMPTY });
    });

    it.each([
      ['a JSON array', (r: ReturnType<typeof post>) => r.send([VALID_INPUT.score])],
      ['a JSON null', (r: ReturnType<typeof post>) => r.set('Content-Type', 'application/json').send('null')],
      ['plain text', (r: ReturnType<typeof post>) => r.set('Content-Type', 'text/plain').send('marks: 10')],
      ['no body at all', (r: ReturnType<typeof post>) => r],
    ])('should answer 4xx with a message, never 5xx, to %s submitted to a task', async (_label, send) => {
      const response = await send(post('secretaryA1', `/api/v1/tasks/${scoreTask}/submit`));

      expect([400, 422]).toContain(response.status);
      expect(response.body).toMatchObject({ statusCode: response.status, error: expect.any(String), message: NON_EMPTY });
      await expectStillOpen(scoreTask);
    });
  });

  describe('field issues (422) on task submissions', () => {
    it('should answer 422 naming marks.conduct when a mark is a string', async () => {
      const response = await submit('secretaryA1', scoreTask, { marks: { ...VALID_INPUT.score.marks, conduct: 'bốn mươi' } });

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, error: expect.any(String), message: NON_EMPTY });
      expect(response.body.issues).toEqual([{ path: 'marks.conduct', rule: expect.stringMatching(/type/), message: NON_EMPTY, params: { expected: 'number' } }]);
      await expectStillOpen(scoreTask);
    });

    it('should answer 422 naming marks.attendance with rule max when a mark is over the rubric maximum', async () => {
      const response = await submit('secretaryA1', scoreTask, { marks: { ...VALID_INPUT.score.marks, attendance: 25 } });

      expect(response.status).toBe(422);
      expect(response.body.message).toEqual(NON_EMPTY);
      expect(issuesOf(response.body)).toEqual([{ path: 'marks.attendance', rule: 'max' }]);
      await expectStillOpen(scoreTask);
    });

    it('should answer 422 naming each missing and negative mark', async () => {
      const response = await submit('secretaryA1', scoreTask, { marks: { preparation: 15, attendance: -1, conduct: 40 } });

      expect(response.status).toBe(422);
      expect(issuesOf(response.body)).toEqual(expect.arrayContaining([{ path: 'marks.attendance', rule: 'min' }, { path: 'marks.closing', rule: 'required' }]));
      await expectStillOpen(scoreTask);
    });

    it('should answer 422 naming the field when a submitted text contains a NUL character', async () => {
      const response = await submit('secretaryA2', planTaskA2, { topic: 'Chủ đề dán từ tệp\u0000', month: '2022-04' });

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ message: NON_EMPTY, issues: [{ path: 'topic', rule: 'control-characters', message: NON_EMPTY }] });
      await expectStillOpen(planTaskA2);
    });

    it('should answer a deeply nested submission with a 422, not a crash', async () => {
      const nested = `${'['.repeat(4000)}${']'.repeat(4000)}`;
      const response = await post('secretaryA2', `/api/v1/tasks/${planTaskA2}/submit`).set('Content-Type', 'application/json').send(`{"extra": ${nested}}`);

      // Refused by the input layer, naming where the nesting goes too deep (src/common/input).
      expect(response.status).toBe(422);
      expect(issuesOf(response.body)).toEqual([{ path: expect.stringMatching(/^extra(\.0)+$/), rule: 'too-deep' }]);
      await expectStillOpen(planTaskA2);
    });

    it('should accept a valid score after the refusals, once', async () => {
      expectStatus(await submit('secretaryA1', scoreTask, VALID_INPUT.score), 201);
      await d.settle();

      const session = await t.http().get(`/api/v1/sessions/${enc(instanceA1)}`).set(d.auth('secretaryA1'));
      expect(session.body.score).toMatchObject({ rubric: 'phu-tho-100', total: 93, rating: 'Tốt' });
    });

    it('should answer 422 with rule probationary-cannot-vote when a probationary member is listed as voting for', async () => {
      const voteTask = await d.openTask(instanceA1, 'resolution');

      const response = await submit('secretaryA1', voteTask, { ...VALID_INPUT.resolution, vote: { for: ['nga', 'm03'], against: 0, abstain: 0 } });

      expect(response.status).toBe(422);
      expect(response.body.message).toEqual(NON_EMPTY);
      expect(issuesOf(response.body)).toEqual([{ path: 'vote.for[1]', rule: 'probationary-cannot-vote' }]);
      await expectStillOpen(voteTask);
      // Corrected (m03 left out), the vote is recorded.
      expectStatus(await submit('secretaryA1', voteTask, VALID_INPUT.resolution), 201);
    });
  });

  describe('unknown and hidden ids (404)', () => {
    const unknownTask = '00000000-0000-4000-8000-000000000000';
    const unknownInstance = `cell:${ORG.cellA1}:999-HD/ĐU:${ISSUED_ON}`;

    it.each([
      ['get', `/api/v1/tasks/${unknownTask}`, 'Không tìm thấy nhiệm vụ'],
      ['post', `/api/v1/tasks/${unknownTask}/submit`, 'Không tìm thấy nhiệm vụ'],
      ['get', `/api/v1/instances/${enc(unknownInstance)}`, 'Không tìm thấy quy trình'],
      ['get', `/api/v1/instances/${enc(unknownInstance)}/state`, 'Không tìm thấy quy trình'],
      ['get', `/api/v1/instances/${enc(unknownInstance)}/timeline`, 'Không tìm thấy quy trình'],
      ['get', '/api/v1/guidance/00000000-0000-4000-8000-000000000000', 'Không tìm thấy hướng dẫn'],
      ['get', '/api/v1/guidance/khong-co/rollup', 'Không tìm thấy hướng dẫn'],
      ['get', `/api/v1/sessions/${enc(unknownInstance)}`, 'Không tìm thấy buổi sinh hoạt'],
      ['post', `/api/v1/procedures/${unknownTask}/publish`, 'Không tìm thấy quy trình'],
      ['get', `/api/v1/procedures/${ORG.committeeA}/thematic-session/999`, 'Không tìm thấy quy trình'],
    ] as const)('should answer 404 in Vietnamese to %s %s', async (method, path, message) => {
      const request = t.http()[method](path).set(d.auth('admin'));

      const response = await (method === 'post' ? request.send(VALID_INPUT.plan) : request);

      expect(response.status).toBe(404);
      expect(response.body).toEqual({ statusCode: 404, error: 'not-found', message: expect.stringContaining(message) });
    });

    it("should answer 404 (as for an unknown id) when a secretary reads or submits another cell's task", async () => {
      const read = await t.http().get(`/api/v1/tasks/${planTaskA2}`).set(d.auth('secretaryA1'));
      const submitted = await submit('secretaryA1', planTaskA2, VALID_INPUT.plan);
      const unknown = await t.http().get(`/api/v1/tasks/${unknownTask}`).set(d.auth('secretaryA1'));

      expect(read.body).toEqual({ statusCode: 404, error: 'not-found', message: `Không tìm thấy nhiệm vụ ${planTaskA2}` });
      expect(submitted.body).toEqual({ statusCode: 404, error: 'not-found', message: `Không tìm thấy nhiệm vụ ${planTaskA2}` });
      expect(unknown.body).toEqual({ statusCode: 404, error: 'not-found', message: `Không tìm thấy nhiệm vụ ${unknownTask}` });
      await expectStillOpen(planTaskA2);
    });

    it("should answer 404 when a member reads another cell's instance, as for an unknown one", async () => {
      const other = await t.http().get(`/api/v1/instances/${enc(instanceA2)}`).set(d.auth('memberA1'));

      expect(other.body).toEqual({ statusCode: 404, error: 'not-found', message: `Không tìm thấy quy trình ${instanceA2}` });
    });
  });

  describe('conflicts (409)', () => {
    it('should answer 409 to a guidance with the same number and date as one already issued, and 201 to another date', async () => {
      const body = guidanceBody({ cells: [ORG.cellA2] });
      expectStatus(await post('committeeA', '/api/v1/guidance').send(body), 201);

      const again = await post('committeeA', '/api/v1/guidance').send({ ...body, title: 'Bản ban hành lại' });
      const otherDate = await post('committeeA', '/api/v1/guidance').send({ ...body, issuedOn: '2022-03-17' });

      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: expect.any(String), message: NON_EMPTY });
      expect(otherDate.status).toBe(201);
      const listed = (await t.http().get('/api/v1/guidance').set(d.auth('committeeA'))).body as Array<{ number: string; issuedOn: string }>;
      expect(listed.filter((g) => g.number === body.number).map((g) => g.issuedOn).sort()).toEqual([ISSUED_ON, '2022-03-17']);
    });

    it('should refuse to move the clock for anyone but an admin (403), and backwards (409)', async () => {
      const { now } = (await t.http().get('/api/v1/clock').set(d.auth('secretaryA1'))).body as { now: string };
      const later = new Date(Date.parse(now) + 3_600_000).toISOString();

      for (const actor of ['committeeA', 'secretaryA1', 'memberA1', 'auditor'] as const) {
        const response = await post(actor, '/api/v1/clock/advance').send({ to: later });
        expect({ actor, status: response.status, message: response.body.message }).toEqual({ actor, status: 403, message: NON_EMPTY });
      }
      const backwards = await post('admin', '/api/v1/clock/advance').send({ to: new Date(Date.parse(now) - 60_000).toISOString() });

      expect(backwards.status).toBe(409);
      expect(backwards.body).toMatchObject({ statusCode: 409, error: 'clock-backwards', message: NON_EMPTY });
      expect((await t.http().get('/api/v1/clock').set(d.auth('admin'))).body).toEqual({ now, simulated: true });
    });
  });

  describe('composing procedures (422 naming the field)', () => {
    const compose = (body: object) => post('committeeA', '/api/v1/procedures').send({ owner: ORG.committeeA, base: { key: 'thematic-session' }, ...body });

    it.each([
      ['an unknown rubric', { rubric: 'thang-diem-khong-co' }, { path: expect.stringMatching(/^steps\[\d+\]\.params\.rubric$/), rule: 'unknown-rubric' }],
      ['an unknown step to add', { addSteps: ['buoc-khong-co'] }, { path: 'addSteps[0]', rule: 'unknown-step' }],
      ['an unknown step kind in the step list', { steps: [{ id: 'plan', kind: 'thematic:khong-co@1' }] }, { path: 'steps[0].kind', rule: expect.any(String) }],
      ['a parameter of a step that is not there', { params: { 'buoc-khong-co': { minMinutes: 120 } } }, { path: 'params.buoc-khong-co', rule: 'unknown-step-id' }],
      ['a parameter of the wrong type', { params: { 'hold-session': { minMinutes: 'hai giờ' } } }, { path: 'steps[5].params.minMinutes', rule: expect.stringMatching(/type/) }],
      ['an unknown field', { colour: 'đỏ' }, { path: 'colour', rule: 'unknown-field' }],
    ])('should answer 422 naming the field for %s, storing nothing', async (_label, body, issue) => {
      const before = (await t.http().get('/api/v1/procedures').set(d.auth('committeeA'))).body as unknown[];

      const response = await compose(body);

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, message: NON_EMPTY, issues: expect.arrayContaining([expect.objectContaining(issue)]) });
      expect((await t.http().get('/api/v1/procedures').set(d.auth('committeeA'))).body).toHaveLength(before.length);
    });

    it.each([
      ['an unknown rubric', { rubric: 'thang-diem-khong-co' }, expect.stringMatching(/params\.rubric$/), 'unknown-rubric'],
      ['an unknown step to add', { addSteps: ['buoc-khong-co'] }, 'addSteps[0]', 'unknown-step'],
    ])('should answer 422 naming the field when a guidance asks for %s', async (_label, overrides, path, rule) => {
      const response = await post('committeeA', '/api/v1/guidance').send(guidanceBody(overrides));

      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ message: NON_EMPTY, issues: [{ path, rule, message: NON_EMPTY }] });
    });
  });

  describe('inputs that used to reach the database or the deadline rules unchecked', () => {
    // [label, caller, method, path, body, expected status (per database when they differ), the first issue expected]
    type Case = [string, EngineActor, 'get' | 'post', string, object | undefined, number | { sqlite: number; postgres: number }, Partial<Issue>?];
    const cases = (): Case[] => [
      ['a NUL character in a guidance title', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ title: 'Hướng dẫn\u0000' }), 422, { path: 'title', rule: 'control-characters' }],
      ['a NUL character in a guidance number', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ number: '5\u0000-HD/ĐU' }), 422, { path: 'number', rule: 'control-characters' }],
      ['an issue date that does not exist', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ issuedOn: '2022-02-30' }), 422, { path: 'issuedOn', rule: 'date' }],
      ['a report deadline that does not exist', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ sessionBy: '2022-04-30', reportBy: '2022-13-45' }), 422, { path: 'reportBy', rule: 'date' }],
      ['an unknown procedure', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ procedure: 'quy-trinh-khong-co' }), 422, { path: 'procedure', rule: 'unknown-procedure' }],
      ['a cell as the issuer', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ issuer: ORG.cellA1 }), 422, { path: 'issuer', rule: 'not-a-committee' }],
      ['a cell listed twice', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ cells: [ORG.cellA1, ORG.cellA2, ORG.cellA1] }), 422, { path: 'cells[2]', rule: 'duplicate' }],
      ['a cell outside the issuer', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ cells: [ORG.cellB1] }), 404],
      ['an unknown field in a guidance', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ sesionBy: '2022-04-30' }), 422, { path: 'sesionBy', rule: 'unknown-field' }],
      ['wrong types in a guidance', 'committeeA', 'post', '/api/v1/guidance', guidanceBody({ number: 27, cells: 'some' }), 422, { path: 'number', rule: 'type' }],
      ['a NUL character in a procedure title', 'committeeA', 'post', '/api/v1/procedures', { owner: ORG.committeeA, base: { key: 'thematic-session' }, title: 'Quy trình\u0000' }, 422, { path: 'title', rule: 'control-characters' }],
      ['a NUL character in a procedure key', 'committeeA', 'post', '/api/v1/procedures', { owner: ORG.committeeA, base: { key: 'thematic\u0000', owner: ORG.committeeA } }, 422, { path: 'base.key' }],
      ['a base version beyond any integer', 'committeeA', 'post', '/api/v1/procedures', { owner: ORG.committeeA, base: { key: 'thematic-session', owner: ORG.committeeA, version: 99_999_999_999 } }, 422, { path: 'base.version', rule: 'max' }],
      ['a version beyond any integer in the path', 'admin', 'get', `/api/v1/procedures/${ORG.committeeA}/thematic-session/99999999999`, undefined, 404],
      ['version 0 in the path', 'admin', 'get', `/api/v1/procedures/${ORG.committeeA}/thematic-session/0`, undefined, 404],
      ['a version that is not a number', 'admin', 'get', `/api/v1/procedures/${ORG.committeeA}/thematic-session/mot`, undefined, 400],
      ['a limit that is not a number', 'admin', 'get', '/api/v1/instances?limit=abc', undefined, 422, { path: 'limit', rule: 'type', message: 'Phải là số' }],
      ['an unknown status filter', 'admin', 'get', '/api/v1/instances?status=dang-chay', undefined, 422, { path: 'status', rule: 'enum' }],
      ['an unknown finding code', 'admin', 'get', '/api/v1/findings?code=khong-co', undefined, 422, { path: 'code' }],
      ['a zero page size', 'admin', 'get', '/api/v1/sessions?limit=0', undefined, 422, { path: 'limit', rule: 'min' }],
      ['a NUL character in an instance id', 'admin', 'get', '/api/v1/instances/%00', undefined, 422, { rule: 'control-characters' }],
      ['a NUL character in a task id', 'secretaryA1', 'get', '/api/v1/tasks/%00', undefined, 422, { rule: 'control-characters' }],
      ['a NUL character in a submitted task id', 'secretaryA1', 'post', '/api/v1/tasks/%00/submit', VALID_INPUT.plan, 422, { rule: 'control-characters' }],
      ['a NUL character in a session id', 'admin', 'get', '/api/v1/sessions/%00', undefined, 422, { rule: 'control-characters' }],
      ['a NUL character in a guidance id', 'admin', 'get', '/api/v1/guidance/%00', undefined, 422, { rule: 'control-characters' }],
      ['a NUL character in a procedure owner', 'admin', 'get', '/api/v1/procedures/%00/thematic-session/1', undefined, 422, { rule: 'control-characters' }],
      ['a NUL character in a cell filter', 'admin', 'get', '/api/v1/instances?cell=%00', undefined, 422, { rule: 'control-characters' }],
      ['a NUL character in an org filter', 'admin', 'get', '/api/v1/documents?org=%00', undefined, 422, { rule: 'control-characters' }],
      ['a very long instance id', 'admin', 'get', `/api/v1/instances/${'x'.repeat(3000)}`, undefined, 422, { rule: 'max-length' }],
      ['a very long task id', 'admin', 'get', `/api/v1/tasks/${'x'.repeat(3000)}`, undefined, 422, { rule: 'max-length' }],
      ['a clock date that does not exist', 'admin', 'post', '/api/v1/clock/advance', { to: '2022-02-30T00:00:00Z' }, 422, { path: 'to' }],
      ['a clock time without an offset', 'admin', 'post', '/api/v1/clock/advance', { to: '2022-03-17T00:00:00' }, 422, { path: 'to' }],
      ['an unknown field for the clock', 'admin', 'post', '/api/v1/clock/advance', { to: '2022-03-17T00:00:00Z', by: 'admin' }, 422, { path: 'by', rule: 'unknown-field' }],
    ];

    it.each(cases().map((c) => [c[0], c] as const))('should answer %s with a 4xx and a message', async (_label, [, actor, method, path, body, expected, issue]) => {
      const status = typeof expected === 'number' ? expected : expected[kind];
      const request = t.http()[method](path).set(d.auth(actor));

      const response = await (body === undefined ? request : request.send(body));

      expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status });
      if (status >= 400) expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: NON_EMPTY });
      if (issue) expect((response.body as { issues: Issue[] }).issues[0]).toMatchObject(issue);
    });

    it('should leave nothing behind after a refused guidance: the same number can be issued, and the engine settles', async () => {
      const number = `E${++sequence}-HD/ĐU`;
      const refused = await post('committeeA', '/api/v1/guidance').send(guidanceBody({ number, sessionBy: '2022-04-30', reportBy: '2022-13-45' }));
      const twice = await post('committeeA', '/api/v1/guidance').send(guidanceBody({ number, cells: [ORG.cellA1, ORG.cellA1] }));
      expect([refused.status, twice.status]).toEqual([422, 422]);

      const issued = await d.issueGuidance({ number, cells: [ORG.cellA1] });

      expect(issued.number).toBe(number);
      expect(await d.openTask(d.cellInstanceId(ORG.cellA1, number), 'plan')).toEqual(expect.any(String));
    });
  });
  },
  { temporal: true },
);
