import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

interface Issue {
  path: string;
  rule: string;
}

/**
 * The input-normalisation layer (src/common/input): whatever a request carries in its path, query or body, text the
 * database cannot store exactly (NUL, invalid UTF-8, lone surrogates), text that reads differently than it is (bidi
 * overrides, invisible characters in names) and integers no column holds are refused with 422 naming the field —
 * never a 5xx, never stored altered. Runs on SQLite and Postgres (Postgres is where NUL used to fail).
 */
describeEngine('input normalisation', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let driver: EngineDriver;
  let cookie = '';

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    const login = await t.http().post('/dang-nhap').type('form').send(`login=cap-uy-a&password=${PASSWORD}&next=%2Fviec-cua-toi`);
    expect(login.status).toBe(303);
    cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
  });
  afterAll(async () => {
    await t?.close();
  });

  const issuesOf = (response: Response): string[] => ((response.body as { issues?: Issue[] }).issues ?? []).map((i) => `${i.path}:${i.rule}`);

  it.each([
    ['/api/v1/audit/entries?instance=%00', 'instance:control-characters'],
    ['/api/v1/audit/entries?type=%00', 'type:control-characters'],
    ['/api/v1/audit/entries?after=9999999999999999999999999999999999999999', 'after:number-too-large'],
    ['/api/v1/audit/entries?type=%C3%28', 'type:invalid-utf8'],
    ['/api/v1/audit/entries?type=%ED%A0%80', 'type:invalid-utf8'],
    ['/api/v1/orgs/CB-%E2%80%AEA1', 'code:bidi-control'],
    [`/api/v1/orgs/${'A'.repeat(1001)}`, 'code:max-length'],
  ])('should answer 422 naming the field when the API gets %.80s', async (url, issue) => {
    const response = await t.http().get(url).set(driver.auth('committeeA'));

    expect(response.status).toBe(422);
    expect(issuesOf(response)).toEqual([issue]);
  });

  it.each([
    '/ho-so/%00',
    '/quy-trinh/xem/%00/thematic-session/1',
    `/quy-trinh/xem/${ORG.committeeA}/thematic-session/${'9'.repeat(40)}`,
    `/quy-trinh/xem/${ORG.committeeA}/thematic-session/99999999999`,
    `/quy-trinh/soan?owner=default&key=thematic-session&version=${'9'.repeat(40)}`,
  ])('should answer a 4xx page, not a server error, when a web page gets %s', async (url) => {
    const response = await t.http().get(url).set('Cookie', cookie);

    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('should answer 422 when the procedure editor is posted a base owner with NUL', async () => {
    const page = await t.http().get('/quy-trinh/soan?owner=default&key=thematic-session&version=1').set('Cookie', cookie).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;

    const response = await t
      .http()
      .post('/quy-trinh/soan')
      .set('Cookie', cookie)
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&baseOwner=a%00b&key=thematic-session&baseVersion=1`);

    expect(response.status).toBe(422);
    expect(response.text).toContain('ký tự điều khiển');
  });

  it('should answer 422 naming the field when a form field is not UTF-8', async () => {
    const response = await t.http().post('/quy-trinh/soan').set('Cookie', cookie).type('form').send('_csrf=x&baseOwner=%FF%FE');

    expect(response.status).toBe(422);
  });

  it('should refuse a guidance number with a lone surrogate and store nothing, so audit verification stays clean', async () => {
    const response = await t
      .http()
      .post('/api/v1/guidance')
      .set(driver.auth('committeeA'))
      .send({ issuer: ORG.committeeA, number: 'SURR\ud800-2', issuedOn: '2022-03-16', title: 'Hướng dẫn thử', cells: [ORG.cellA1] });

    expect(response.status).toBe(422);
    expect(issuesOf(response)).toEqual(['number:lone-surrogate']);
    const verify = await t.http().get('/api/v1/audit/verify').set(driver.auth('admin')).expect(200);
    expect(JSON.stringify(verify.body)).not.toMatch(/modified|broken/);
  });

  it('should answer 422 naming the field when JSON bytes are not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"code":"m90","name":"Ng'), Buffer.from([0xc3, 0x28]), Buffer.from('","status":"official"}')]);

    const response = await t.http().post(`/api/v1/orgs/${ORG.cellA1}/members`).set(driver.auth('admin')).set('Content-Type', 'application/json').serialize((raw: unknown) => raw as string).send(body as unknown as string);

    expect(response.status).toBe(422);
    expect(issuesOf(response)).toEqual(['name:invalid-utf8']);
  });

  it.each([
    ['a right-to-left override', 'Ngô Thị \u202EagN', 'name:bidi-control'],
    ['a zero-width space', 'Ngô\u200B Thị Nga', 'name:invisible-characters'],
    ['NUL', 'Ngô\u0000 Thị Nga', 'name:control-characters'],
    ['a Cyrillic look-alike letter (homoglyph)', 'Ngô Thị Ng\u0430', 'name:mixed-script'],
    ['mathematical bold letters', '\u{1D40D}\u{1D420}\u{1D41A}', 'name:mixed-script'],
  ])('should refuse a member name with %s, naming the field', async (_what, name, issue) => {
    const response = await t.http().post(`/api/v1/orgs/${ORG.cellA1}/members`).set(driver.auth('admin')).send({ code: 'm91', name, status: 'official' });

    expect(response.status).toBe(422);
    expect(issuesOf(response)).toEqual([issue]);
  });

  it('should store a name typed in decomposed Unicode (NFD) as the composed one (NFC)', async () => {
    const nfd = 'Nguyễn Thị Ánh'.normalize('NFD');

    const created = await t.http().post(`/api/v1/orgs/${ORG.cellA1}/members`).set(driver.auth('admin')).send({ code: 'm92', name: nfd, status: 'official' }).expect(201);

    expect(created.body.name).toBe('Nguyễn Thị Ánh'.normalize('NFC'));
  });

  it('should answer 422 naming the field when a JSON number is an integer no column can hold', async () => {
    const response = await t
      .http()
      .post(`/api/v1/orgs/${ORG.cellA1}/members`)
      .set(driver.auth('admin'))
      .set('Content-Type', 'application/json')
      .send(`{"code":"m93","name":"Đảng viên","status":"official","x":${'9'.repeat(40)}}`);

    expect(response.status).toBe(422);
    expect(issuesOf(response)).toContain('x:number-too-large');
  });

  it('should answer 404, not an empty list, for the findings of a unit the caller cannot see', async () => {
    const hidden = await t.http().get(`/api/v1/findings?org=${ORG.cellA1}`).set(driver.auth('committeeB'));
    const visible = await t.http().get(`/api/v1/findings?org=${ORG.cellA1}`).set(driver.auth('committeeA'));

    expect(hidden.status).toBe(404);
    expect(visible.status).toBe(200);
  });

  it('should let an admin see the root unit it has just created', async () => {
    await t.http().post('/api/v1/orgs').set(driver.auth('admin')).send({ code: 'DU-MOI', name: 'Đảng ủy mới', abbr: 'ĐU', kind: 'committee' }).expect(201);

    await t.http().get('/api/v1/orgs/DU-MOI').set(driver.auth('admin')).expect(200);
  });
});
