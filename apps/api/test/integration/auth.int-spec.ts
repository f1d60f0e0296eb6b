import { User } from '@chibo/db';
import { JwtService } from '@nestjs/jwt';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/token.service';
import { type Fixture, ORG, PASSWORD, bearer, seedFixture } from '../support/fixture';
import { databasesUnderTest } from '../support/postgres';
import { type TestApp, startTestApp } from '../support/test-app';

describe.each(databasesUnderTest())('auth (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp(kind);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (body: object) => t.http().post('/api/v1/auth/login').send(body);

  it('should return a bearer token and the user with member and grants when the password is right', async () => {
    const response = await login({ login: 'nga', password: PASSWORD }).expect(200);

    expect(response.body).toMatchObject({
      tokenType: 'Bearer',
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      user: {
        login: 'nga',
        displayName: 'Ngô Thị Nga',
        member: { code: 'nga', orgCode: ORG.cellA1, roles: ['secretary'] },
        grants: [{ role: 'secretary', orgCode: ORG.cellA1, orgPath: '/DU-NGOC-LAM/DU-KHOI-A/CB-A1/' }],
      },
    });
    expect(response.body.user).not.toHaveProperty('passwordHash');
    const hoursLeft = (Date.parse(response.body.expiresAt) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(11.9);
    expect(hoursLeft).toBeLessThanOrEqual(12);
  });

  it('should accept the login in any case and with spaces when typed on a phone', async () => {
    await login({ login: '  NGA ', password: PASSWORD }).expect(200);
  });

  it.each([
    ['a wrong password', { login: 'nga', password: 'sai-mat-khau' }],
    ['an unknown login', { login: 'khong-co-ai', password: PASSWORD }],
  ])('should answer 401 with one message when given %s', async (_label, body) => {
    const response = await login(body).expect(401);

    expect(response.body).toEqual({ statusCode: 401, error: 'invalid-credentials', message: 'Sai tên đăng nhập hoặc mật khẩu' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('should answer 422 naming the fields when login or password is missing', async () => {
    const response = await login({ login: 'nga' }).expect(422);

    expect(response.body.issues).toEqual([{ path: 'password', rule: 'required', message: 'Bắt buộc phải có', params: { expected: 'string', missing: 1 } }]);
  });

  it('should return the logged-in user when GET /auth/me has a valid token', async () => {
    const response = await t.http().get('/api/v1/auth/me').set(bearer(f, 'committeeA')).expect(200);

    expect(response.body).toEqual({
      id: f.users.committeeA.id,
      login: 'cap-uy-a',
      displayName: 'Cấp ủy khối A',
      memberId: null,
      member: null,
      grants: [expect.objectContaining({ role: 'committee', orgCode: ORG.committeeA })],
    });
  });

  it.each([
    ['no Authorization header', undefined, 'missing-token'],
    ['a header that is not Bearer', 'Basic bmdhOnNlY3JldA==', 'invalid-token'],
    ['a malformed token', 'Bearer not.a.jwt', 'invalid-token'],
  ])('should answer 401 when the request has %s', async (_label, header, code) => {
    const request = t.http().get('/api/v1/auth/me');
    if (header) request.set('Authorization', header);

    const response = await request.expect(401);

    expect(response.body).toMatchObject({ statusCode: 401, error: code });
  });

  it('should answer 401 when the token was signed with another secret', async () => {
    const forged = await new JwtService({ secret: 'x'.repeat(40) }).signAsync(
      { sub: f.users.admin.id },
      { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );

    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('should answer 401 token-expired when the token is past its lifetime', async () => {
    const expired = await new JwtService({ secret: t.config.authSecret }).signAsync(
      { sub: f.users.admin.id, exp: Math.floor(Date.now() / 1000) - 60 },
      { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    );

    const response = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`).expect(401);

    expect(response.body.error).toBe('token-expired');
  });

  it('should answer 401 when the token was minted for another audience', async () => {
    const foreign = await new JwtService({ secret: t.config.authSecret }).signAsync({ sub: f.users.admin.id }, { issuer: 'other', audience: 'other' });

    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${foreign}`).expect(401);
  });

  it('should refuse both login and existing tokens with 401 when the account is disabled', async () => {
    const { token } = (await login({ login: 'hung', password: PASSWORD }).expect(200)).body as { token: string };
    await t.ds.getRepository(User).update({ id: f.users.memberA1.id }, { disabled: true });
    try {
      const withToken = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
      const withPassword = await login({ login: 'hung', password: PASSWORD }).expect(401);

      expect(withToken.body).toMatchObject({ error: 'account-disabled', message: 'Tài khoản đã bị khóa' });
      expect(withPassword.body).toMatchObject({ error: 'account-disabled' });
    } finally {
      await t.ds.getRepository(User).update({ id: f.users.memberA1.id }, { disabled: false });
    }
  });

  it('should keep /health public and report the database when nobody is logged in', async () => {
    const response = await t.http().get('/health').expect(200);

    expect(response.body).toEqual({ status: 'ok', db: { status: 'up', type: kind === 'postgres' ? 'postgres' : 'better-sqlite3' } });
  });
});
