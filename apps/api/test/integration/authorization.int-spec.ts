import { createUser } from '../../src';
import { ACTORS, type Actor, type Fixture, ORG, PASSWORD, seedFixture } from '../support/fixture';
import { BASE_MATRIX_TAGS } from '../support/matrix-tags';
import { databasesUnderTest } from '../support/postgres';
import { type TestApp, startTestApp } from '../support/test-app';

type Caller = 'anonymous' | Actor;
const CALLERS: readonly Caller[] = ['anonymous', ...ACTORS];
type Method = 'get' | 'post' | 'patch' | 'delete';

/** One endpoint of the matrix: how to call it (fresh data per call where it writes) and the status per caller. */
interface Endpoint {
  /** "METHOD /api/v1/path/{param}" as in the OpenAPI document, plus an optional note after " — ". */
  name: string;
  call: (ctx: Context) => Promise<{ path: string; body?: object | string; contentType?: string }>;
  expected: readonly number[];
  /** Call with a token from a new login (the call ends or changes the session, which the other rows still use). */
  freshLogin?: boolean;
}

interface Context {
  t: TestApp;
  f: Fixture;
  /** A string unique within the run, for codes and logins of things a call creates. */
  unique: () => string;
}

// Column order of every `expected` row below.
//                         anonymous admin committeeA secretaryA1 memberA1 auditor committeeB secretaryB1 nobody
const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /health',
    call: async () => ({ path: '/health' }),
    expected: [200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'POST /api/v1/auth/login',
    call: async () => ({ path: '/api/v1/auth/login', body: { login: 'khach', password: PASSWORD } }),
    // Public: a token sent along is ignored, so logging in is never a "write" refused to auditors.
    expected: [200, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'GET /api/v1/auth/me',
    call: async () => ({ path: '/api/v1/auth/me' }),
    expected: [401, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'POST /api/v1/auth/logout',
    call: async () => ({ path: '/api/v1/auth/logout', body: {} }),
    // The caller's own account: auditors may log out too.
    expected: [401, 204, 204, 204, 204, 204, 204, 204, 204],
    freshLogin: true,
  },
  {
    name: 'POST /api/v1/auth/password — the same password again',
    call: async () => ({ path: '/api/v1/auth/password', body: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
    // Allowed to every account, auditors included (their own account), and refused as unchanged: 422.
    expected: [401, 422, 422, 422, 422, 422, 422, 422, 422],
    freshLogin: true,
  },
  {
    name: 'GET /api/v1/orgs',
    call: async () => ({ path: '/api/v1/orgs' }),
    expected: [401, 200, 200, 200, 200, 200, 200, 200, 200],
  },
  {
    name: 'GET /api/v1/orgs/{code} — a cell of committee A',
    call: async () => ({ path: `/api/v1/orgs/${ORG.cellA1}` }),
    expected: [401, 200, 200, 200, 200, 200, 404, 404, 404],
  },
  {
    name: 'GET /api/v1/orgs/{code} — committee B, sibling of committee A',
    call: async () => ({ path: `/api/v1/orgs/${ORG.committeeB}` }),
    expected: [401, 200, 404, 404, 404, 200, 200, 404, 404],
  },
  {
    name: 'POST /api/v1/orgs — a cell under committee A',
    call: async ({ unique }) => ({
      path: '/api/v1/orgs',
      body: { code: `CB-${unique()}`, name: 'Chi bộ mới', abbr: 'CB', kind: 'cell', parent: ORG.committeeA },
    }),
    expected: [401, 201, 201, 403, 403, 403, 404, 403, 403],
  },
  {
    name: 'POST /api/v1/orgs — a root committee',
    call: async ({ unique }) => ({ path: '/api/v1/orgs', body: { code: `DU-${unique()}`, name: 'Đảng ủy mới', abbr: 'ĐU', kind: 'committee' } }),
    expected: [401, 201, 403, 403, 403, 403, 403, 403, 403],
  },
  {
    name: 'GET /api/v1/orgs/{code}/members — cell A1',
    call: async () => ({ path: `/api/v1/orgs/${ORG.cellA1}/members` }),
    expected: [401, 200, 200, 200, 200, 200, 404, 404, 404],
  },
  {
    name: 'GET /api/v1/orgs/{code}/members — cell B1',
    call: async () => ({ path: `/api/v1/orgs/${ORG.cellB1}/members` }),
    expected: [401, 200, 404, 404, 404, 200, 200, 200, 404],
  },
  {
    name: 'POST /api/v1/orgs/{code}/members — cell A1',
    call: async ({ unique }) => ({ path: `/api/v1/orgs/${ORG.cellA1}/members`, body: { code: unique(), name: 'Đảng viên mới', status: 'official' } }),
    expected: [401, 201, 201, 201, 403, 403, 404, 404, 404],
  },
  {
    name: 'POST /api/v1/orgs/{code}/members — cell B1',
    call: async ({ unique }) => ({ path: `/api/v1/orgs/${ORG.cellB1}/members`, body: { code: unique(), name: 'Đảng viên mới', status: 'official' } }),
    expected: [401, 201, 404, 404, 404, 403, 201, 201, 404],
  },
  {
    name: 'PATCH /api/v1/orgs/{code}/members/{memberCode} — cell A1',
    call: async () => ({ path: `/api/v1/orgs/${ORG.cellA1}/members/m02`, body: { name: 'Trần Văn Hùng' } }),
    expected: [401, 200, 200, 200, 403, 403, 404, 404, 404],
  },
  {
    name: 'PATCH /api/v1/orgs/{code}/members/{memberCode} — cell B1',
    call: async () => ({ path: `/api/v1/orgs/${ORG.cellB1}/members/b01`, body: { status: 'official' } }),
    expected: [401, 200, 404, 404, 404, 403, 200, 200, 404],
  },
  {
    name: 'POST /api/v1/orgs/{code}/members/import — cell A1',
    call: async ({ unique }) => ({
      path: `/api/v1/orgs/${ORG.cellA1}/members/import`,
      body: `code,name,status,roles\n${unique()},Đảng viên nhập từ tệp,official,\n`,
      contentType: 'text/csv',
    }),
    expected: [401, 200, 200, 200, 403, 403, 404, 404, 404],
  },
  {
    name: 'POST /api/v1/orgs/{code}/members/import — cell B1',
    call: async ({ unique }) => ({ path: `/api/v1/orgs/${ORG.cellB1}/members/import`, body: { csv: `code,name,status\n${unique()},Tên,official\n` } }),
    expected: [401, 200, 404, 404, 404, 403, 200, 200, 404],
  },
  {
    name: 'GET /api/v1/users',
    call: async () => ({ path: '/api/v1/users' }),
    expected: [401, 200, 200, 403, 403, 403, 200, 403, 403],
  },
  {
    name: 'POST /api/v1/users — an account for cell A1',
    call: async ({ unique }) => ({
      path: '/api/v1/users',
      body: { login: unique().toLowerCase(), password: PASSWORD, displayName: 'Tài khoản mới', grants: [{ role: 'member', org: ORG.cellA1 }] },
    }),
    expected: [401, 201, 201, 403, 403, 403, 404, 403, 403],
  },
  {
    name: 'POST /api/v1/users/{id}/roles — an account of cell A1',
    call: async ({ t, unique }) => {
      const target = await createUser(t.ds, { login: unique().toLowerCase(), password: PASSWORD, displayName: 'x', grants: [{ role: 'member', orgCode: ORG.cellA1 }] });
      return { path: `/api/v1/users/${target.id}/roles`, body: { role: 'member', org: ORG.cellA2 } };
    },
    expected: [401, 201, 201, 403, 403, 403, 404, 403, 403],
  },
  ...(['password-reset', 'disable', 'enable'] as const).map(
    (action): Endpoint => ({
      name: `POST /api/v1/users/{id}/${action} — an account of cell A1`,
      call: async ({ t, unique }) => {
        const target = await createUser(t.ds, { login: unique().toLowerCase(), password: PASSWORD, displayName: 'x', grants: [{ role: 'member', orgCode: ORG.cellA1 }] });
        return { path: `/api/v1/users/${target.id}/${action}`, body: {} };
      },
      expected: [401, 200, 200, 403, 403, 403, 404, 403, 403],
    }),
  ),
  {
    name: 'DELETE /api/v1/users/{id}/roles/{assignmentId} — a grant on cell A2',
    call: async ({ t, unique }) => {
      const target = await createUser(t.ds, {
        login: unique().toLowerCase(),
        password: PASSWORD,
        displayName: 'x',
        grants: [
          { role: 'member', orgCode: ORG.cellA1 },
          { role: 'member', orgCode: ORG.cellA2 },
        ],
      });
      const grant = target.grants.find((candidate) => candidate.orgCode === ORG.cellA2);
      return { path: `/api/v1/users/${target.id}/roles/${grant?.id ?? 'missing'}` };
    },
    expected: [401, 204, 204, 403, 403, 403, 404, 403, 403],
  },
];

const CASES = ENDPOINTS.flatMap((endpoint) =>
  CALLERS.map((caller, i) => {
    const status = endpoint.expected[i];
    if (status === undefined) throw new Error(`${endpoint.name}: no expected status for ${caller}`);
    return [endpoint.name, caller, status, endpoint] as const;
  }),
);

// Tags of the modules this matrix covers; the engine's are in engine-authorization.int-spec.ts (see matrix-tags.ts).
const COVERED_TAGS = BASE_MATRIX_TAGS;
// Public write routes: no user, hence no auditor to refuse; and writes to the caller's own account (an auditor may log
// out and change their password).
const PUBLIC_WRITES = new Set(['post /api/v1/auth/login', 'post /api/v1/auth/logout', 'post /api/v1/auth/password']);

async function freshToken(ctx: Context, caller: Actor): Promise<string> {
  const response = await ctx.t.http().post('/api/v1/auth/login').send({ login: ctx.f.users[caller].login, password: PASSWORD }).expect(200);
  return (response.body as { token: string }).token;
}

describe.each(databasesUnderTest())('authorization matrix (%s)', (kind) => {
  let ctx: Context;
  let counter = 0;

  beforeAll(async () => {
    const t = await startTestApp(kind);
    try {
      ctx = { t, f: await seedFixture(t), unique: () => `Z${(++counter).toString().padStart(4, '0')}` };
    } catch (error) {
      await t.close();
      throw error;
    }
  });
  afterAll(async () => {
    await ctx?.t.close();
  });

  it.each(CASES)('%s as %s → %i', async (_name, caller, status, endpoint) => {
    const { path, body, contentType } = await endpoint.call(ctx);
    const method = endpoint.name.split(' ')[0]?.toLowerCase() as Method;
    const request = ctx.t.http()[method](path);
    if (caller !== 'anonymous') request.set('Authorization', `Bearer ${endpoint.freshLogin ? await freshToken(ctx, caller) : ctx.f.tokens[caller]}`);
    if (contentType) request.set('Content-Type', contentType);

    const response = await (body === undefined ? request : request.send(body));
    // Logout ends every session of the account (token version): the rows after it need a token again.
    if (endpoint.freshLogin && caller !== 'anonymous') ctx.f.tokens[caller] = await freshToken(ctx, caller);

    expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status });
    if (status >= 400) expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  });

  it('should cover every operation of these modules in the OpenAPI document', async () => {
    const docs = await ctx.t.http().get('/api/docs-json').expect(200);
    const paths = docs.body.paths as Record<string, Record<string, { tags?: string[] }>>;
    const operations = Object.entries(paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.some((tag) => COVERED_TAGS.has(tag)))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    const covered = new Set(ENDPOINTS.map((endpoint) => endpoint.name.split(' — ')[0]));

    expect(operations.filter((operation) => !covered.has(operation))).toEqual([]);
  });

  it('should refuse every non-GET, non-public operation in the OpenAPI document with 403 read-only when the caller is an auditor', async () => {
    const docs = await ctx.t.http().get('/api/docs-json').expect(200);
    const paths = docs.body.paths as Record<string, Record<string, unknown>>;
    const writes = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((method) => !['get', 'head', 'options'].includes(method))
        .filter((method) => !PUBLIC_WRITES.has(`${method} ${path}`))
        .map((method) => ({ method: method as Method, path: path.replace(/\{[^}]+\}/g, ORG.cellA1) })),
    );
    expect(writes.length).toBeGreaterThanOrEqual(7);

    for (const { method, path } of writes) {
      const response = await ctx.t.http()[method](path).set('Authorization', `Bearer ${ctx.f.tokens.auditor}`).send({});
      expect({ operation: `${method} ${path}`, status: response.status, error: response.body.error }).toEqual({
        operation: `${method} ${path}`,
        status: 403,
        error: 'read-only',
      });
    }
  });
});
