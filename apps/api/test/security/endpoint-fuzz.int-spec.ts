import fc from 'fast-check';
import type { Response } from 'supertest';
import { csrfToken } from '../../src/web/session/web-session';
import { type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';
import { databasesUnderTest } from '../support/postgres';
import { redisUnavailable } from '../support/redis';

/** Requests generated per run (FUZZ_REQUESTS); the issue's acceptance asks for at least 10,000 in CI. */
const REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 10_000);
/** The run's seed (FUZZ_SEED): a failure prints it, and the same seed replays the same requests. */
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2_147_483_647);

/** A route as Express holds it: every API route and every web page. */
interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  params: string[];
  bodyFields: string[];
  queryFields: string[];
}

/** Values that broke something once, or could: NUL, bad UTF-8, surrogates, bidi, huge integers, SQL and path tricks. */
const NASTY = [
  '%00', 'a%00b', '%C3%28', '%ED%A0%80', '%FF%FE', '%E2%80%AE', '%E2%80%8B', '9'.repeat(40), '99999999999', '-1', '0', '1.5', 'NaN', '1e309',
  "'%20OR%201=1--", '..%2F..%2Fetc%2Fpasswd', '%2F', '%25', '%20', 'A'.repeat(1_200), 'true', 'null', '[]', '{}',
  ORG.root, ORG.committeeA, ORG.cellA1, ORG.cellB1, 'default', 'thematic-session', '1', '2', '00000000-0000-0000-0000-000000000000',
  'Ngô%20Thị%20Nga', encodeURIComponent('cell:CB-A1:1-HD/ĐU:2022-03-16'),
];
const NASTY_JSON: unknown[] = [
  'a\u0000b', 'SURR\ud800-2', '\udc00', 'x\u202Ey', 'Ngô\u200B', 'x'.repeat(25_000), Number.MAX_VALUE, -1, 0, 1.5, 2 ** 60, true, null, [], {}, [null],
  { $gt: '' }, '2022-13-45', '2022-03-16', ORG.cellA1, ORG.committeeA, 'm02', 'nga', 'approve', 'all', ['all'], [ORG.cellA1, ORG.cellA1],
];

const segment = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent), fc.integer().map(String));
const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constantFrom(...NASTY_JSON), fc.string({ unit: 'binary', maxLength: 40 }), fc.double(), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 4 }),
})).value;

/**
 * Generated requests against every route (API and web pages): each path parameter, query parameter and body field
 * filled with hostile or random values, as every kind of caller. Whatever arrives, the answer is never a 5xx.
 * One database (Postgres when there is one: it is where NUL and big integers used to fail).
 */
const kind = databasesUnderTest().includes('postgres') ? 'postgres' : 'sqlite';
const skip = redisUnavailable();
(skip ? describe.skip : describe)(`endpoint fuzz (${kind})`, () => {
  let t: EngineTestApp;
  let f: EngineFixture;
  let routes: Route[] = [];
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    t = await startEngineApp(kind);
    f = await seedEngineFixture(t);
    const driver = new EngineDriver(t, f);
    await driver.issueGuidance({ cells: [ORG.cellA1] });
    const login = await t.http().post('/dang-nhap').type('form').send(`login=cap-uy-a&password=${PASSWORD}&next=%2F`);
    const token = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
    cookie = token;
    csrf = csrfToken(t.config.authSecret, token.slice('chibo_token='.length));
    routes = await collectRoutes(t);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it(`should never answer 5xx to ${REQUESTS} generated requests (seed ${SEED})`, async () => {
    expect(routes.length).toBeGreaterThan(40);
    const callers = ['anonymous', 'admin', 'committeeA', 'secretaryA1', 'memberA1', 'auditor', 'web'] as const;
    const request = fc.record({
      route: fc.constantFrom(...routes),
      caller: fc.constantFrom(...callers),
      params: fc.array(segment, { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.constantFrom('org', 'type', 'instance', 'after', 'limit', 'version', 'owner', 'key', 'trang', 'chi-bo', 'cell', 'guidance', 'q', 'x'), segment), { maxLength: 3 }),
      body: fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 3 }),
      fieldValues: fc.array(jsonValue, { minLength: 8, maxLength: 8 }),
      form: fc.boolean(),
    });
    let sent = 0;
    const statuses = new Map<number, number>();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        sent++;
        let path = r.route.path;
        r.route.params.forEach((name, i) => (path = path.replace(`:${name}`, r.params[i % r.params.length]!)));
        const query = [...r.query, ...r.route.queryFields.slice(0, 2).map((name, i) => [name, r.params[(i + 1) % 4]!] as const)].map(([k, v]) => `${k}=${v}`).join('&');
        const url = query ? `${path}?${query}` : path;
        const body: Record<string, unknown> = { ...r.body };
        r.route.bodyFields.forEach((name, i) => (body[name] = r.fieldValues[i % r.fieldValues.length]));
        let req = t.http()[r.route.method](url);
        if (r.caller === 'web') req = req.set('Cookie', cookie).set('x-csrf-token', csrf).set('Origin', 'http://127.0.0.1');
        else if (r.caller !== 'anonymous') req = req.set('Authorization', `Bearer ${f.tokens[r.caller]}`);
        let response: Response;
        if (r.route.method === 'get' || r.route.method === 'delete') response = await req;
        else if (r.form) response = await req.type('form').send(formOf(body, csrf));
        else response = await req.send(body);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status >= 500) throw new Error(`${r.route.method.toUpperCase()} ${url} → ${response.status}: ${response.text.slice(0, 300)}`);
      }),
      { numRuns: REQUESTS, seed: SEED, endOnFailure: true },
    );
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`[endpoint fuzz] ${sent} requests over ${routes.length} routes in ${seconds.toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
  }, 900_000);
});

/** A form body as a browser would send it, with the CSRF field; values that are not text are sent as JSON text. */
function formOf(body: Record<string, unknown>, csrf: string): string {
  const out = [`_csrf=${encodeURIComponent(csrf)}`];
  for (const [name, value] of Object.entries(body)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
    // Raw %-sequences pass through unencoded half of the time, so bad UTF-8 reaches the server.
    out.push(`${encode(name)}=${text.startsWith('%') ? text : encode(text)}`);
  }
  return out.join('&');
}

/** encodeURIComponent, with a lone surrogate (which it refuses) sent as the bytes a broken client would send. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** Every route Express serves (API and web), with the field names the OpenAPI document gives for its query and body. */
async function collectRoutes(t: EngineTestApp): Promise<Route[]> {
  const docs = (await t.http().get('/api/docs-json').expect(200)).body as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
    components?: { schemas?: Record<string, unknown> };
  };
  const openApi = new Map<string, { query: string[]; body: string[] }>();
  for (const [path, ops] of Object.entries(docs.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const schema = op.requestBody?.content?.['application/json']?.schema as { properties?: Record<string, unknown>; $ref?: string } | undefined;
      const resolved = schema?.$ref ? (docs.components?.schemas?.[schema.$ref.split('/').pop()!] as { properties?: Record<string, unknown> } | undefined) : schema;
      openApi.set(`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`, {
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: Object.keys(resolved?.properties ?? {}),
      });
    }
  }
  const express = t.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const routes: Route[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const path = layer.route.path.replace(/\{\/\*\w+\}/g, '');
    for (const method of Object.keys(layer.route.methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      // Logging out would end the fuzzing session; the browser tests cover it.
      if (path === '/dang-xuat' || path.endsWith('/auth/logout')) continue;
      const known = openApi.get(`${method} ${path}`);
      routes.push({
        method: method as Route['method'],
        path,
        params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!),
        queryFields: known?.query ?? [],
        bodyFields: known?.body ?? [],
      });
    }
  }
  return routes;
}
