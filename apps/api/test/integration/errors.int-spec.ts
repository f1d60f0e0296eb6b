import { type Fixture, ORG, bearer, seedFixture } from '../support/fixture';
import { databasesUnderTest } from '../support/postgres';
import { type TestApp, startTestApp } from '../support/test-app';

describe.each(databasesUnderTest())('error responses (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp(kind);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const asAdmin = () => bearer(f, 'admin');

  it('should answer 400 invalid-json naming the problem when the JSON is malformed', async () => {
    const response = await t
      .http()
      .post('/api/v1/orgs')
      .set(asAdmin())
      .set('Content-Type', 'application/json')
      .send('{"code": "CB-X", "name": }')
      .expect(400);

    expect(response.body).toEqual({
      statusCode: 400,
      error: 'invalid-json',
      message: expect.stringMatching(/^Nội dung JSON không hợp lệ: .*Unexpected token/),
    });
  });

  it('should answer 413 with the limit when the body is over BODY_LIMIT', async () => {
    const response = await t
      .http()
      .post('/api/v1/orgs')
      .set(asAdmin())
      .send({ code: 'CB-BIG', name: 'x'.repeat(20 * 1024), abbr: 'CB', kind: 'cell', parent: ORG.committeeA })
      .expect(413);

    expect(response.body).toEqual({ statusCode: 413, error: 'payload-too-large', message: 'Nội dung gửi lên quá lớn: tối đa 16kb' });
  });

  it('should answer 413 for an oversized CSV too when it is sent as text/csv', async () => {
    const csv = `code,name,status\n${'m,x,official\n'.repeat(2000)}`;

    await t.http().post(`/api/v1/orgs/${ORG.cellA1}/members/import`).set(asAdmin()).set('Content-Type', 'text/csv').send(csv).expect(413);
  });

  it('should answer 422 with each field path and rule when types are wrong', async () => {
    const response = await t
      .http()
      .post('/api/v1/orgs')
      .set(asAdmin())
      .send({ code: 42, name: '', abbr: 'CB', kind: 'club', parent: ORG.committeeA, term: { from: '2020-13-01' }, color: 'red' })
      .expect(422);

    expect(response.body).toMatchObject({ statusCode: 422, error: 'validation-failed', message: expect.stringContaining('Dữ liệu không hợp lệ') });
    expect(response.body.issues.map((issue: { path: string; rule: string }) => `${issue.path}:${issue.rule}`)).toEqual([
      'code:type',
      'name:min',
      'kind:enum',
      'term.from:date',
      'color:unknown-field',
    ]);
    expect(response.body.issues[0].message).toBe('Phải là chuỗi ký tự, nhận được số');
  });

  it('should answer 422 asking for JSON when the body is missing or not JSON', async () => {
    const response = await t.http().post('/api/v1/orgs').set(asAdmin()).set('Content-Type', 'text/html').send('<p>hi</p>').expect(422);

    expect(response.body.issues).toEqual([expect.objectContaining({ path: '', rule: 'required' })]);
  });

  it('should answer 404 in Vietnamese when the org code is unknown', async () => {
    const response = await t.http().get('/api/v1/orgs/CB-X').set(asAdmin()).expect(404);

    expect(response.body).toEqual({ statusCode: 404, error: 'not-found', message: 'Không tìm thấy đơn vị CB-X' });
  });

  it('should say "chi bộ" when the members of an unknown cell are asked for', async () => {
    const response = await t.http().get('/api/v1/orgs/CB-X/members').set(asAdmin()).expect(404);

    expect(response.body.message).toBe('Không tìm thấy chi bộ CB-X');
  });

  it('should answer 404 route-not-found when the path matches no route', async () => {
    const response = await t.http().get('/api/v1/khong-co').set(asAdmin()).expect(404);

    expect(response.body).toEqual({ statusCode: 404, error: 'route-not-found', message: 'Không tìm thấy đường dẫn GET /api/v1/khong-co' });
  });

  it('should answer 409 when an org code is already used', async () => {
    const response = await t
      .http()
      .post('/api/v1/orgs')
      .set(asAdmin())
      .send({ code: ORG.cellB1, name: 'Trùng mã', abbr: 'CB', kind: 'cell', parent: ORG.committeeA })
      .expect(409);

    expect(response.body).toEqual({ statusCode: 409, error: 'org-code-taken', message: `Mã đơn vị ${ORG.cellB1} đã được dùng` });
  });

  it.each([
    ['a NUL byte in a name', 'post', '/api/v1/orgs', { code: 'CB-NUL', name: 'a\u0000b', abbr: 'CB', kind: 'cell', parent: ORG.committeeA }, 422],
    ['a code with a slash', 'post', '/api/v1/orgs', { code: 'CB/1', name: 'x', abbr: 'CB', kind: 'cell', parent: ORG.committeeA }, 422],
    ['a cell as parent', 'post', '/api/v1/orgs', { code: 'CB-SUB', name: 'x', abbr: 'CB', kind: 'cell', parent: ORG.cellA1 }, 422],
    ['a JSON array body', 'post', '/api/v1/orgs', [1, 2], 422],
    ['a JSON null body', 'post', '/api/v1/auth/login', 'null', 400],
    ['a bad percent-encoding in the path', 'get', '/api/v1/orgs/%E0%A4%A', undefined, 400],
    ['a very long org code in the path (over the URL value limit)', 'get', `/api/v1/orgs/${'X'.repeat(5000)}`, undefined, 422],
    ['an empty patch', 'patch', `/api/v1/orgs/${ORG.cellA1}/members/m03`, {}, 422],
    ['an unknown member', 'patch', `/api/v1/orgs/${ORG.cellA1}/members/khong-co`, { name: 'x' }, 404],
    ['members posted to a committee', 'post', `/api/v1/orgs/${ORG.committeeA}/members`, { code: 'x1', name: 'x', status: 'official' }, 422],
    ['an unknown user id', 'post', '/api/v1/users/00000000-0000-0000-0000-000000000000/roles', { role: 'member', org: ORG.cellA1 }, 404],
    ['a user id that is not a uuid', 'delete', "/api/v1/users/'%20OR%201=1/roles/x", undefined, 404],
  ] as const)('should answer a 4xx, never a 5xx, when given %s', async (_label, method, path, body, status) => {
    const request = t.http()[method](path).set(asAdmin());
    if (typeof body === 'string') request.set('Content-Type', 'application/json');
    const response = await (body === undefined ? request : request.send(body as object));

    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  });

  it('should keep /health and /api/docs outside the /api/v1 prefix when serving them', async () => {
    await t.http().get('/api/v1/health').set(asAdmin()).expect(404);
    const docs = await t.http().get('/api/docs-json').expect(200);
    await t.http().get('/api/docs').expect(200).expect('Content-Type', /html/);

    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/auth/login', '/api/v1/orgs/{code}/members/import', '/api/v1/users/{id}/roles/{assignmentId}']),
    );
    // Request bodies are documented from the same zod schemas that validate them.
    expect(docs.body.paths['/api/v1/orgs'].post.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['code', 'name', 'abbr', 'kind']),
    });
  });
});
