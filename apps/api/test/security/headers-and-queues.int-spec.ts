import { createUser } from '../../src';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { type EngineFixture, logIn, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

/**
 * Security headers and bull-board (issue 18): no MIME sniffing and no framing by other sites on pages and JSON, no
 * X-Powered-By anywhere, the login cookie Secure behind a TLS proxy (TRUST_PROXY), and the queues only for
 * administrators of the whole installation, with writes only from our own origin.
 */
describeEngine('security headers and bull-board', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let scopedAdmin = '';

  beforeAll(async () => {
    t = await startEngineApp(kind, { env: { TRUST_PROXY: 'loopback' } });
    f = await seedEngineFixture(t);
    await createUser(t.ds, { login: 'qt-khoi-a', password: PASSWORD, displayName: 'Quản trị khối A', grants: [{ role: 'admin', orgCode: ORG.committeeA }] });
    scopedAdmin = await logIn(t, 'qt-khoi-a');
  });
  afterAll(async () => {
    await t?.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it.each([
    ['a JSON answer', '/api/v1/auth/me'],
    ['a web page', '/dang-nhap'],
    ['an error', '/api/v1/khong-co'],
    ['bull-board', '/admin/queues'],
  ])('should send nosniff, refuse framing by other sites and not say X-Powered-By on %s', async (_what, path) => {
    const response = await t.http().get(path).set(bearer(f.tokens.admin));

    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors '(self|none)'/);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('should set the login cookie Secure when a trusted TLS proxy forwards the request', async () => {
    const login = await t.http().post('/dang-nhap').set('X-Forwarded-Proto', 'https').type('form').send(`login=cap-uy-a&password=${PASSWORD}&next=%2F`);
    const plain = await t.http().post('/dang-nhap').type('form').send(`login=cap-uy-a&password=${PASSWORD}&next=%2F`);

    const cookieOf = (headers: Record<string, unknown>) => ([] as string[]).concat((headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('chibo_token='))!;
    expect(cookieOf(login.headers)).toMatch(/;\s*Secure/i);
    expect(cookieOf(plain.headers)).not.toMatch(/;\s*Secure/i);
  });

  it.each([
    ['an admin of the whole installation', 200, () => f.tokens.admin],
    ['an admin of one committee only', 403, () => scopedAdmin],
    ['a committee member', 403, () => f.tokens.committeeA],
    ['an auditor', 403, () => f.tokens.auditor],
  ])('should answer %s asking for the queues with %i', async (_who, status, token) => {
    const response = await t.http().get('/admin/queues/api/queues').set(bearer(token()));

    expect(response.status).toBe(status);
  });

  it('should refuse a queue write through the cookie without our own Origin', async () => {
    const cookie = `chibo_token=${f.tokens.admin}`;
    const host = '127.0.0.1';

    const foreign = await t.http().put('/admin/queues/api/queues/resume').set('Cookie', cookie).set('Origin', 'https://evil.example');
    const none = await t.http().put('/admin/queues/api/queues/resume').set('Cookie', cookie);
    const own = await t.http().put('/admin/queues/api/queues/resume').set('Cookie', cookie).set('Host', host).set('Origin', `http://${host}`);

    expect(foreign.status).toBe(403);
    expect(none.status).toBe(403);
    expect(own.status).toBeLessThan(300);
  });

  it('should mark every protected operation of the OpenAPI document as needing the bearer token', async () => {
    const docs = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const operations = Object.entries(docs.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method} ${path}`, security: op.security })));

    expect(operations.filter((op) => !['get /health', 'post /api/v1/auth/login'].includes(op.name) && JSON.stringify(op.security) !== '[{"bearer":[]}]').map((op) => op.name)).toEqual([]);
    expect(operations.find((op) => op.name === 'post /api/v1/auth/login')?.security).toEqual([]);
  });
});
