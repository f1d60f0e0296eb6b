import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, type EngineFixture, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

/**
 * One template must not stop the server (issue 18: 6,000 nested {{#if}} blocked the event loop for 68.5 s): the
 * committee's override is refused with 422 before Handlebars parses it, and /health answers meanwhile.
 */
describeEngine('template bomb', (kind) => {
  let t: EngineTestApp;
  let driver: EngineDriver;
  let f: EngineFixture;

  beforeAll(async () => {
    t = await startEngineApp(kind, { env: { BODY_LIMIT: '1mb' } });
    f = await seedEngineFixture(t);
    driver = new EngineDriver(t, f);
    // A load balancer has asked before (the first answer also opens /health's Redis connection), and the template
    // catalog has been used once (it compiles the plugins' templates on first use, ~0.4 s, bomb or not).
    await t.http().get('/health').expect(200);
    await t.http().get('/api/v1/document-templates').set(driver.auth('committeeA')).expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should refuse 6,000 nested {{#if}} with 422 too-deep while /health answers within 200 ms', async () => {
    const levels = 6_000;
    const source = `{{#> document}}\n${'{{#if resolution.adopted}}'.repeat(levels)}x${'{{/if}}'.repeat(levels)}\n{{/document}}\n`;

    const save = t.http().put(`/api/v1/document-templates/thematic:resolution/orgs/${ORG.committeeA}`).set(driver.auth('committeeA')).send({ source });
    const started = Date.now();
    const [saved, health] = await Promise.all([save.then((r) => ({ r, ms: Date.now() - started })), t.http().get('/health').then((r) => ({ r, ms: Date.now() - started }))]);

    expect(saved.r.status).toBe(422);
    expect(saved.r.body.issues).toEqual([expect.objectContaining({ path: 'source', rule: 'too-deep' })]);
    expect(health.r.status).toBe(200);
    expect(health.ms).toBeLessThan(200);
    process.stdout.write(`[template bomb ${kind}] 422 in ${saved.ms} ms; /health in ${health.ms} ms\n`);
  });

  it('should refuse a template of nested loops that passes the pre-scan with 422 too-slow, while /health answers within 200 ms', async () => {
    // Seven loops over the sample's 17-member roster, one in the other: ~410 million turns; compiled and rendered in
    // the sandbox's worker thread, stopped at its time limit.
    const loops = 7;
    const source = `{{#> document}}\n${'{{#each @root.roster}}'.repeat(loops)}.${'{{/each}}'.repeat(loops)}\n{{/document}}\n`;

    const started = Date.now();
    const save = t
      .http()
      .put(`/api/v1/document-templates/thematic:resolution/orgs/${ORG.committeeA}`)
      .set(driver.auth('committeeA'))
      .send({ source })
      .then((r) => ({ r, ms: Date.now() - started }));
    // Asked while the template is running (well inside its time limit).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const healthStarted = Date.now();
    const health = await t.http().get('/health');
    const healthMs = Date.now() - healthStarted;
    const saved = await save;

    expect(saved.r.status).toBe(422);
    expect(saved.r.body.issues).toEqual([expect.objectContaining({ path: 'source', rule: 'too-slow' })]);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(200);
    expect(saved.ms).toBeGreaterThan(500);
    process.stdout.write(`[slow template ${kind}] 422 too-slow in ${saved.ms} ms; /health meanwhile in ${healthMs} ms\n`);
  });
});
