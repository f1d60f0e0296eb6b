import { RoleAssignment } from '@chibo/db';
import { type Fixture, ORG, PASSWORD, bearer, seedFixture } from '../support/fixture';
import { databasesUnderTest } from '../support/postgres';
import { type TestApp, startTestApp } from '../support/test-app';
import { createUser } from '../../src';

describe.each(databasesUnderTest())('users and roles (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp(kind);
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  const logins = (body: Array<{ login: string }>) => body.map((user) => user.login);

  it('should list every account when an admin on the root asks', async () => {
    const response = await t.http().get('/api/v1/users').set(bearer(f, 'admin')).expect(200);

    expect(logins(response.body)).toEqual(expect.arrayContaining(['admin', 'cap-uy-a', 'nga', 'hung', 'kiem-tra', 'cap-uy-b', 'binh', 'khach']));
    expect(response.body[0]).not.toHaveProperty('passwordHash');
  });

  it('should list only the accounts tied to its subtree when a committee asks', async () => {
    const a = await t.http().get('/api/v1/users').set(bearer(f, 'committeeA')).expect(200);
    const b = await t.http().get('/api/v1/users').set(bearer(f, 'committeeB')).expect(200);

    expect(logins(a.body).sort()).toEqual(['cap-uy-a', 'hung', 'nga']);
    expect(logins(b.body).sort()).toEqual(['binh', 'cap-uy-b']);
  });

  it('should create an account linked to a member with a grant, and let it log in', async () => {
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(f, 'committeeA'))
      .send({ login: 'Hoa.Le', password: 'mat-khau-cua-hoa', displayName: 'Lê Thị Hoa', member: { org: ORG.cellA1, code: 'm03' }, grants: [{ role: 'member', org: ORG.cellA1 }] })
      .expect(201);

    expect(created.body).toMatchObject({
      login: 'hoa.le',
      displayName: 'Lê Thị Hoa',
      disabled: false,
      member: { code: 'm03', orgCode: ORG.cellA1 },
      grants: [expect.objectContaining({ role: 'member', orgCode: ORG.cellA1 })],
    });
    const login = await t.http().post('/api/v1/auth/login').send({ login: 'hoa.le', password: 'mat-khau-cua-hoa' }).expect(200);
    expect(login.body.user.member.code).toBe('m03');
  });

  it('should answer 409 when the login is taken, whatever its case', async () => {
    const response = await t
      .http()
      .post('/api/v1/users')
      .set(bearer(f, 'admin'))
      .send({ login: 'NGA', password: PASSWORD, displayName: 'Trùng', grants: [] })
      .expect(409);

    expect(response.body).toEqual({ statusCode: 409, error: 'login-taken', message: 'Tên đăng nhập nga đã được dùng' });
  });

  it('should answer 422 when the password is short and the login has spaces', async () => {
    const response = await t.http().post('/api/v1/users').set(bearer(f, 'admin')).send({ login: 'co dau', password: '123', displayName: 'x' }).expect(422);

    expect(response.body.issues.map((issue: { path: string; rule: string }) => `${issue.path}:${issue.rule}`)).toEqual(['login:format', 'password:min']);
  });

  it.each([
    ['grant admin', { role: 'admin', org: ORG.cellA1 }, 403],
    ['grant on a sibling committee', { role: 'member', org: ORG.cellB1 }, 404],
    ['grant on the root above it (not visible to it)', { role: 'member', org: ORG.root }, 404],
  ])('should refuse a committee that tries to %s', async (_label, grant, status) => {
    await t
      .http()
      .post('/api/v1/users')
      .set(bearer(f, 'committeeA'))
      .send({ login: `x-${status}-${grant.org.toLowerCase()}-${grant.role}`, password: PASSWORD, displayName: 'x', grants: [grant] })
      .expect(status);
  });

  it('should refuse an account tied to nothing when a committee creates it', async () => {
    await t.http().post('/api/v1/users').set(bearer(f, 'committeeA')).send({ login: 'tu-do', password: PASSWORD, displayName: 'x' }).expect(403);
  });

  it('should add and then remove a grant', async () => {
    const target = await createUser(t.ds, { login: 'muon-quyen', password: PASSWORD, displayName: 'x', grants: [{ role: 'member', orgCode: ORG.cellA1 }] });

    const added = await t.http().post(`/api/v1/users/${target.id}/roles`).set(bearer(f, 'committeeA')).send({ role: 'secretary', org: ORG.cellA2 }).expect(201);
    const again = await t.http().post(`/api/v1/users/${target.id}/roles`).set(bearer(f, 'committeeA')).send({ role: 'secretary', org: ORG.cellA2 }).expect(409);

    expect(added.body).toMatchObject({ id: expect.any(String), role: 'secretary', orgCode: ORG.cellA2, orgPath: '/DU-NGOC-LAM/DU-KHOI-A/CB-A2/' });
    expect(again.body.error).toBe('grant-exists');

    await t.http().delete(`/api/v1/users/${target.id}/roles/${added.body.id}`).set(bearer(f, 'committeeA')).expect(204);
    expect(await t.ds.getRepository(RoleAssignment).countBy({ userId: target.id })).toBe(1);
    await t.http().delete(`/api/v1/users/${target.id}/roles/${added.body.id}`).set(bearer(f, 'committeeA')).expect(404);
  });

  it('should not reveal accounts outside its subtree when a committee names them', async () => {
    await t.http().post(`/api/v1/users/${f.users.secretaryB1.id}/roles`).set(bearer(f, 'committeeA')).send({ role: 'member', org: ORG.cellA1 }).expect(404);
  });

  it('should refuse to remove the last admin of the root with 409', async () => {
    const [grant] = f.users.admin.grants;

    const response = await t.http().delete(`/api/v1/users/${f.users.admin.id}/roles/${grant?.id}`).set(bearer(f, 'admin')).expect(409);

    expect(response.body.error).toBe('last-admin');
  });

  it('should apply a new grant on the next request without a new login', async () => {
    await t.http().get(`/api/v1/orgs/${ORG.cellB1}`).set(bearer(f, 'secretaryA1')).expect(404);
    const added = await t.http().post(`/api/v1/users/${f.users.secretaryA1.id}/roles`).set(bearer(f, 'admin')).send({ role: 'auditor', org: ORG.cellB1 }).expect(201);

    await t.http().get(`/api/v1/orgs/${ORG.cellB1}`).set(bearer(f, 'secretaryA1')).expect(200);
    await t.http().delete(`/api/v1/users/${f.users.secretaryA1.id}/roles/${added.body.id}`).set(bearer(f, 'admin')).expect(204);
    await t.http().get(`/api/v1/orgs/${ORG.cellB1}`).set(bearer(f, 'secretaryA1')).expect(404);
  });
});
