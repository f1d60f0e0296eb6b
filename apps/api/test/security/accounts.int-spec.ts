import { AuditEntry } from '@chibo/db';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/token.service';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { type EngineFixture, logIn, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

/**
 * Accounts and sessions (issue 18): logout, password change, admin reset and disabling end sessions at once (the
 * token version), a token must expire, a password someone else set must be changed at first login, and every one of
 * these is in the audit log. Through the API and the web pages, on SQLite and Postgres.
 */
describeEngine('accounts and sessions', (kind) => {
  let t: EngineTestApp;
  let f: EngineFixture;

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = (token: string) => t.http().get('/api/v1/auth/me').set(bearer(token));

  async function webSignIn(login: string, password = PASSWORD): Promise<{ cookie: string; location: string }> {
    const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password, next: '/viec-cua-toi' }).toString());
    expect(response.status).toBe(303);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
    return { cookie, location: String(response.headers['location']) };
  }
  async function csrfOf(cookie: string, path = '/viec-cua-toi'): Promise<string> {
    const page = await t.http().get(path).set('Cookie', cookie).expect(200);
    return /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  }
  async function auditTypes(login: string): Promise<string[]> {
    const rows = await t.ds.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    return rows.filter((row) => row.payload.includes(`"${login}"`)).map((row) => row.type);
  }
  async function newAccount(login: string): Promise<{ id: string; password: string }> {
    const password = `tam-thoi-${randomBytes(4).toString('hex')}`;
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(f.tokens.admin))
      .send({ login, password, displayName: 'Tài khoản mới', grants: [{ role: 'secretary', org: ORG.cellA2 }] })
      .expect(201);
    return { id: created.body.id as string, password };
  }

  it('should refuse the old token at once after an API logout', async () => {
    const token = await logIn(t, f.logins.memberA1);
    await me(token).expect(200);

    await t.http().post('/api/v1/auth/logout').set(bearer(token)).expect(204);

    const after = await me(token).expect(401);
    expect(after.body.error).toBe('session-revoked');
  });

  it('should refuse the old cookie on /viec-cua-toi and /api/v1/auth/me after the web logout', async () => {
    const { cookie } = await webSignIn(f.logins.secretaryA2);
    const csrf = await csrfOf(cookie);

    await t.http().post('/dang-xuat').set('Cookie', cookie).type('form').send(`_csrf=${encodeURIComponent(csrf)}`).expect(303);

    const page = await t.http().get('/viec-cua-toi').set('Cookie', cookie);
    expect(page.status).toBe(303);
    expect(page.headers['location']).toMatch(/^\/dang-nhap/);
    await t.http().get('/api/v1/auth/me').set('Cookie', cookie).expect(401);
  });

  it('should refuse a token without an expiry even when it is correctly signed', async () => {
    const adminId = (await me(f.tokens.admin).expect(200)).body.id as string;
    const forever = await new JwtService({ secret: t.config.authSecret }).signAsync({ sub: adminId, ver: 0 }, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });

    const response = await me(forever).expect(401);

    expect(response.body.error).toBe('invalid-token');
  });

  it('should change the password: wrong current 422, then the old sessions end and the new password works', async () => {
    const { id, password } = await newAccount('doi-mat-khau');
    const first = await t.http().post('/api/v1/auth/login').send({ login: 'doi-mat-khau', password }).expect(200);
    const token = first.body.token as string;
    const other = (await t.http().post('/api/v1/auth/login').send({ login: 'doi-mat-khau', password }).expect(200)).body.token as string;

    const wrong = await t.http().post('/api/v1/auth/password').set(bearer(token)).send({ currentPassword: 'sai-mat-khau', newPassword: 'mot-mat-khau-moi' }).expect(422);
    expect(wrong.body.issues).toEqual([expect.objectContaining({ path: 'currentPassword', rule: 'wrong-password' })]);
    const short = await t.http().post('/api/v1/auth/password').set(bearer(token)).send({ currentPassword: password, newPassword: 'ngan' }).expect(422);
    expect(short.body.issues).toEqual([expect.objectContaining({ path: 'newPassword', rule: 'min' })]);

    const changed = await t.http().post('/api/v1/auth/password').set(bearer(token)).send({ currentPassword: password, newPassword: 'mot-mat-khau-moi' }).expect(200);

    expect(changed.body.mustChangePassword).toBe(false);
    await me(token).expect(401);
    await me(other).expect(401);
    await me(changed.body.token as string).expect(200);
    await t.http().post('/api/v1/auth/login').send({ login: 'doi-mat-khau', password }).expect(401);
    await t.http().post('/api/v1/auth/login').send({ login: 'doi-mat-khau', password: 'mot-mat-khau-moi' }).expect(200);
    expect(await auditTypes('doi-mat-khau')).toContain('password-changed');
    expect(id).toBeTruthy();
  });

  it('should make a new account change its initial password before anything else (API)', async () => {
    const { password } = await newAccount('lan-dau');
    const login = await t.http().post('/api/v1/auth/login').send({ login: 'lan-dau', password }).expect(200);
    const token = login.body.token as string;

    expect(login.body.mustChangePassword).toBe(true);
    const blocked = await t.http().get('/api/v1/tasks/inbox').set(bearer(token)).expect(403);
    expect(blocked.body.error).toBe('password-change-required');
    await me(token).expect(200);

    const changed = await t.http().post('/api/v1/auth/password').set(bearer(token)).send({ currentPassword: password, newPassword: 'mat-khau-cua-toi' }).expect(200);
    await t.http().get('/api/v1/tasks/inbox').set(bearer(changed.body.token as string)).expect(200);
  });

  it('should send a new account to the password page at first web login, with the Vietnamese form', async () => {
    const { password } = await newAccount('lan-dau-web');
    const { cookie, location } = await webSignIn('lan-dau-web', password);

    expect(location).toMatch(/^\/tai-khoan\/mat-khau/);
    const elsewhere = await t.http().get('/viec-cua-toi').set('Cookie', cookie);
    expect(elsewhere.status).toBe(303);
    expect(elsewhere.headers['location']).toBe('/tai-khoan/mat-khau');
    const page = await t.http().get('/tai-khoan/mat-khau').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Mật khẩu của đồng chí do người khác đặt. Vui lòng đặt mật khẩu mới trước khi tiếp tục.');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;

    const mismatch = await t
      .http()
      .post('/tai-khoan/mat-khau')
      .set('Cookie', cookie)
      .type('form')
      .send(new URLSearchParams({ _csrf: csrf, currentPassword: password, newPassword: 'mat-khau-moi-web', confirmPassword: 'khac', next: '/viec-cua-toi' }).toString());
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('Hai lần nhập mật khẩu mới không khớp');
    // The account's rules are worded on the page (ADR 0034), in its language.
    const same = (lang: string) =>
      t
        .http()
        .post('/tai-khoan/mat-khau')
        .set('Cookie', `${cookie}${lang}`)
        .type('form')
        .send(new URLSearchParams({ _csrf: csrf, currentPassword: password, newPassword: password, confirmPassword: password, next: '/viec-cua-toi' }).toString());
    const again = await same('');
    expect(again.status).toBe(422);
    expect(again.text).toContain('Mật khẩu mới phải khác mật khẩu hiện tại.');
    expect((await same('; chibo_lang=en')).text).toContain('The new password must differ from the current one.');

    const done = await t
      .http()
      .post('/tai-khoan/mat-khau')
      .set('Cookie', cookie)
      .type('form')
      .send(new URLSearchParams({ _csrf: csrf, currentPassword: password, newPassword: 'mat-khau-moi-web', confirmPassword: 'mat-khau-moi-web', next: '/viec-cua-toi' }).toString());
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe('/viec-cua-toi');
    const fresh = ([] as string[]).concat(done.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
    await t.http().get('/viec-cua-toi').set('Cookie', fresh).expect(200);
    expect((await t.http().get('/viec-cua-toi').set('Cookie', cookie)).status).toBe(303);
  });

  it('should let an admin reset a password: sessions end, the temporary one must be changed', async () => {
    const { id, password } = await newAccount('dat-lai');
    const old = (await t.http().post('/api/v1/auth/login').send({ login: 'dat-lai', password }).expect(200)).body.token as string;

    const reset = await t.http().post(`/api/v1/users/${id}/password-reset`).set(bearer(f.tokens.admin)).send({}).expect(200);

    expect(reset.body.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    await me(old).expect(401);
    const again = await t.http().post('/api/v1/auth/login').send({ login: 'dat-lai', password: reset.body.temporaryPassword }).expect(200);
    expect(again.body.mustChangePassword).toBe(true);
    expect(await auditTypes('dat-lai')).toEqual(expect.arrayContaining(['user-created', 'password-reset']));
  });

  it('should end sessions at once when an account is disabled, and let it in again when enabled', async () => {
    const token = await logIn(t, f.logins.secretaryB1);
    const id = (await me(token).expect(200)).body.id as string;

    const disabled = await t.http().post(`/api/v1/users/${id}/disable`).set(bearer(f.tokens.admin)).expect(200);

    expect(disabled.body.disabled).toBe(true);
    expect((await me(token).expect(401)).body.error).toBe('account-disabled');
    expect((await t.http().post('/api/v1/auth/login').send({ login: f.logins.secretaryB1, password: PASSWORD }).expect(401)).body.error).toBe('account-disabled');

    await t.http().post(`/api/v1/users/${id}/enable`).set(bearer(f.tokens.admin)).expect(200);
    const back = await logIn(t, f.logins.secretaryB1);
    await me(back).expect(200);
    await me(token).expect(401);
    expect(await auditTypes(f.logins.secretaryB1)).toEqual(expect.arrayContaining(['user-disabled', 'user-enabled']));
  });

  it('should not let a committee disable or reset an account that holds admin', async () => {
    const adminId = (await me(f.tokens.admin).expect(200)).body.id as string;

    await t.http().post(`/api/v1/users/${adminId}/disable`).set(bearer(f.tokens.committeeA)).expect((r) => expect([403, 404]).toContain(r.status));
    await t.http().post(`/api/v1/users/${adminId}/password-reset`).set(bearer(f.tokens.committeeA)).send({}).expect((r) => expect([403, 404]).toContain(r.status));
    await me(f.tokens.admin).expect(200);
  });

  it('should refuse an admin disabling their own account with 409', async () => {
    const adminId = (await me(f.tokens.admin).expect(200)).body.id as string;

    const response = await t.http().post(`/api/v1/users/${adminId}/disable`).set(bearer(f.tokens.admin)).expect(409);

    expect(response.body.error).toBe('self-disable');
  });
});
