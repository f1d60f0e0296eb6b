import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';

/** Write operations that take no body at all (an action on what the path names). */
const BODILESS = new Set([
  'post /api/v1/auth/logout',
  'post /api/v1/users/{id}/password-reset',
  'post /api/v1/users/{id}/disable',
  'post /api/v1/users/{id}/enable',
  'post /api/v1/procedures/{id}/publish',
  'post /api/v1/notifications/{id}/read',
  'post /api/v1/clock/settle',
]);

/**
 * Every write operation of the OpenAPI document says what body it takes (issue 18: nine did not), so that a client
 * generated from it sends the right fields and a reader sees the rules the 422 will name.
 */
describeEngine('the OpenAPI document’s request bodies', (kind) => {
  let t: EngineTestApp;

  beforeAll(async () => {
    t = await startEngineApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should describe the body of every POST, PUT and PATCH operation that takes one', async () => {
    const docs = await t.http().get('/api/docs-json').expect(200);
    const paths = docs.body.paths as Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;

    const missing: string[] = [];
    let writes = 0;
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['post', 'put', 'patch'].includes(method)) continue;
        writes++;
        const key = `${method} ${path}`;
        const schemas = Object.values(operation.requestBody?.content ?? {}).filter((c) => c.schema);
        if (schemas.length === 0 && !BODILESS.has(key)) missing.push(key);
      }
    }

    expect(writes).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});
