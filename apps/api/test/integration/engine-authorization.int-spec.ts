import { type EngineTestApp, describeEngine, startEngineApp } from '../support/engine-app';
import { ENGINE_CALLERS, type EngineCaller, EngineDriver, VALID_INPUT, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';
import { BASE_MATRIX_TAGS, ENGINE_MATRIX_TAGS } from '../support/matrix-tags';
import { DocumentEntity, Task } from '@chibo/db';
import { findChromium, issueDocument } from '@chibo/documents';
import { sqliteWriteLock } from '@chibo/runtime-embedded';

type Method = 'get' | 'post' | 'put' | 'delete';

/** What the matrix's calls share: the driver, and things created once before the table runs. */
interface Context {
  t: EngineTestApp;
  d: EngineDriver;
  /** Committee A's guidance to all its cells; CB-A1's instance driven to the score step (session held, documents issued). */
  guidance: { id: string; instanceId: string; number: string };
  instanceA1: string;
  instanceA2: string;
  /** An open task of CB-A1 (the score). */
  taskA1: string;
  /** A fresh open task of CB-A1 assigned to its secretary (the plan), or to m02 (the draft): reused until submitted. */
  planTask(): Promise<string>;
  draftTask(): Promise<string>;
  /** A draft version of committee A's thematic session, composed by the admin. */
  draftDefinition(): Promise<string>;
}

/** One operation (or a variant of it, after " — "), how to call it, and the status each caller gets. */
interface Endpoint {
  name: string;
  call: (ctx: Context) => Promise<{ path: string; body?: object }>;
  expected: readonly number[];
}

const enc = encodeURIComponent;
const ALL_READ = [401, 200, 200, 200, 200, 200, 200, 200, 200, 200];
/** Who may see CB-A1 and what is in it: the admin, committee A above it, its own secretary and member, the auditor. */
const SEES_A1 = [401, 200, 200, 404, 200, 404, 404, 200, 200, 404];
/** Who may see committee A itself (its guidance, its definitions): the admin, committee A, the auditor. */
const SEES_COMMITTEE_A = [401, 200, 200, 404, 404, 404, 404, 404, 200, 404];
/** Admin-only routes (the clock): everyone else is refused, the auditor by the read-only rule. */
const ADMIN_ONLY = [401, 200, 403, 403, 403, 403, 403, 403, 403, 403];

// Column order of every `expected` row below (ENGINE_CALLERS):
//   anonymous admin committeeA committeeB secretaryA1 secretaryA2 secretaryB1 memberA1 auditor nobody
// 401: not logged in. 403: the caller may see the thing but not do this (lacks the role, is not the task's
// assignee, or is the read-only auditor). 404: the caller may not see it (another cell, another tree, no grant).
const ENDPOINTS: Endpoint[] = [
  // procedures
  { name: 'GET /api/v1/procedures/steps', call: async () => ({ path: '/api/v1/procedures/steps' }), expected: ALL_READ },
  { name: 'GET /api/v1/procedures/rubrics', call: async () => ({ path: '/api/v1/procedures/rubrics' }), expected: ALL_READ },
  { name: 'GET /api/v1/procedures', call: async () => ({ path: '/api/v1/procedures' }), expected: ALL_READ },
  {
    name: 'GET /api/v1/procedures/{owner}/{key}/{version} — a plugin default',
    call: async () => ({ path: '/api/v1/procedures/default/thematic-session/1' }),
    expected: ALL_READ,
  },
  {
    name: "GET /api/v1/procedures/{owner}/{key}/{version} — committee A's version",
    call: async () => ({ path: `/api/v1/procedures/${ORG.committeeA}/thematic-session/1` }),
    expected: SEES_COMMITTEE_A,
  },
  {
    name: 'POST /api/v1/procedures/validate',
    call: async () => ({ path: '/api/v1/procedures/validate', body: { key: 'x', version: 1, owner: 'default', title: 'x', steps: [] } }),
    // A pure check against the registry: anyone logged in, except that auditors never POST.
    expected: [401, 200, 200, 200, 200, 200, 200, 200, 403, 200],
  },
  {
    name: 'POST /api/v1/procedures — owned by committee A',
    call: async () => ({ path: '/api/v1/procedures', body: { owner: ORG.committeeA, base: { key: 'thematic-session' }, rubric: 'binh-thuan-100' } }),
    expected: [401, 201, 201, 404, 403, 403, 403, 403, 403, 403],
  },
  {
    name: 'POST /api/v1/procedures/{id}/publish — a draft of committee A',
    call: async (ctx) => ({ path: `/api/v1/procedures/${await ctx.draftDefinition()}/publish`, body: {} }),
    expected: [401, 200, 200, 404, 403, 403, 403, 403, 403, 403],
  },
  // guidance
  {
    name: 'POST /api/v1/guidance — issued by committee A',
    call: async (ctx) => ({
      path: '/api/v1/guidance',
      body: { issuer: ORG.committeeA, number: ctx.d.nextNumber(), issuedOn: '2022-03-16', title: 'Hướng dẫn sinh hoạt chuyên đề', cells: [ORG.cellA2] },
    }),
    expected: [401, 201, 201, 404, 403, 403, 403, 403, 403, 403],
  },
  {
    name: 'POST /api/v1/guidance — issued by committee B',
    call: async (ctx) => ({
      path: '/api/v1/guidance',
      body: { issuer: ORG.committeeB, number: ctx.d.nextNumber(), issuedOn: '2022-03-16', title: 'Hướng dẫn sinh hoạt chuyên đề' },
    }),
    expected: [401, 201, 404, 201, 403, 403, 403, 403, 403, 403],
  },
  {
    name: 'POST /api/v1/guidance — issued by the root committee',
    call: async (ctx) => ({
      path: '/api/v1/guidance',
      body: { issuer: ORG.root, number: ctx.d.nextNumber(), issuedOn: '2022-03-16', title: 'Hướng dẫn của Đảng ủy phường', cells: [ORG.cellB1] },
    }),
    // Committees see their own subtree only, not the unit above them.
    expected: [401, 201, 404, 404, 403, 403, 403, 403, 403, 403],
  },
  { name: 'GET /api/v1/guidance', call: async () => ({ path: '/api/v1/guidance' }), expected: ALL_READ },
  { name: "GET /api/v1/guidance/{id} — committee A's", call: async (ctx) => ({ path: `/api/v1/guidance/${ctx.guidance.id}` }), expected: SEES_COMMITTEE_A },
  {
    name: "GET /api/v1/guidance/{id}/rollup — committee A's",
    call: async (ctx) => ({ path: `/api/v1/guidance/${ctx.guidance.id}/rollup` }),
    expected: SEES_COMMITTEE_A,
  },
  {
    name: "GET /api/v1/guidance/{id}/progress — committee A's",
    call: async (ctx) => ({ path: `/api/v1/guidance/${ctx.guidance.id}/progress` }),
    expected: SEES_COMMITTEE_A,
  },
  {
    name: "POST /api/v1/guidance/{id}/rollup — committee A's, before any cell reported",
    call: async (ctx) => ({ path: `/api/v1/guidance/${ctx.guidance.id}/rollup`, body: {} }),
    // Those who may act on committee A get 422 (no report to compile yet: nothing changes); the rest never reach it.
    expected: [401, 422, 422, 404, 403, 403, 403, 403, 403, 403],
  },
  // instances
  { name: 'GET /api/v1/instances', call: async () => ({ path: '/api/v1/instances' }), expected: ALL_READ },
  { name: "GET /api/v1/instances/{id} — CB-A1's", call: async (ctx) => ({ path: `/api/v1/instances/${enc(ctx.instanceA1)}` }), expected: SEES_A1 },
  {
    name: "GET /api/v1/instances/{id} — CB-A2's (another cell of committee A)",
    call: async (ctx) => ({ path: `/api/v1/instances/${enc(ctx.instanceA2)}` }),
    expected: [401, 200, 200, 404, 404, 200, 404, 404, 200, 404],
  },
  {
    name: "GET /api/v1/instances/{id} — the guidance's own",
    call: async (ctx) => ({ path: `/api/v1/instances/${enc(ctx.guidance.instanceId)}` }),
    expected: SEES_COMMITTEE_A,
  },
  { name: "GET /api/v1/instances/{id}/state — CB-A1's", call: async (ctx) => ({ path: `/api/v1/instances/${enc(ctx.instanceA1)}/state` }), expected: SEES_A1 },
  {
    name: "GET /api/v1/instances/{id}/timeline — CB-A1's",
    call: async (ctx) => ({ path: `/api/v1/instances/${enc(ctx.instanceA1)}/timeline` }),
    expected: SEES_A1,
  },
  // tasks
  { name: 'GET /api/v1/tasks/inbox', call: async () => ({ path: '/api/v1/tasks/inbox' }), expected: ALL_READ },
  { name: 'GET /api/v1/tasks/{id} — a task of CB-A1', call: async (ctx) => ({ path: `/api/v1/tasks/${ctx.taskA1}` }), expected: SEES_A1 },
  {
    name: "POST /api/v1/tasks/{id}/submit — CB-A1's plan (assigned to its secretary)",
    call: async (ctx) => ({ path: `/api/v1/tasks/${await ctx.planTask()}/submit`, body: VALID_INPUT.plan }),
    // The admin and committee A see the task but are not its assignee; the member too.
    expected: [401, 403, 403, 404, 201, 404, 404, 403, 403, 404],
  },
  {
    name: "POST /api/v1/tasks/{id}/submit — CB-A1's draft (assigned to member m02)",
    call: async (ctx) => ({ path: `/api/v1/tasks/${await ctx.draftTask()}/submit`, body: VALID_INPUT.draft }),
    expected: [401, 403, 403, 404, 403, 404, 404, 201, 403, 404],
  },
  // sessions, documents, findings
  { name: 'GET /api/v1/sessions', call: async () => ({ path: '/api/v1/sessions' }), expected: ALL_READ },
  { name: "GET /api/v1/sessions/{instanceId} — CB-A1's", call: async (ctx) => ({ path: `/api/v1/sessions/${enc(ctx.instanceA1)}` }), expected: SEES_A1 },
  { name: 'GET /api/v1/documents', call: async () => ({ path: '/api/v1/documents' }), expected: ALL_READ },
  { name: 'GET /api/v1/findings', call: async () => ({ path: '/api/v1/findings' }), expected: ALL_READ },
  // audit: read-only trail; every list is limited to the caller's scope, a unit outside it is 404
  { name: 'GET /api/v1/audit/entries', call: async () => ({ path: '/api/v1/audit/entries' }), expected: ALL_READ },
  { name: "GET /api/v1/audit/entries — CB-A1's trace", call: async () => ({ path: `/api/v1/audit/entries?org=${ORG.cellA1}` }), expected: SEES_A1 },
  { name: "GET /api/v1/audit/entries/{id} — an entry of CB-A1", call: async (ctx) => ({ path: `/api/v1/audit/entries/${await auditEntryOf(ctx, ORG.cellA1)}` }), expected: SEES_A1 },
  { name: 'GET /api/v1/audit/checkpoints', call: async () => ({ path: '/api/v1/audit/checkpoints' }), expected: ALL_READ },
  { name: 'GET /api/v1/audit/verify', call: async () => ({ path: '/api/v1/audit/verify' }), expected: ALL_READ },
  { name: "GET /api/v1/audit/verify — CB-A1's chain", call: async () => ({ path: `/api/v1/audit/verify?org=${ORG.cellA1}` }), expected: SEES_A1 },
  { name: 'GET /api/v1/audit/public-key', call: async () => ({ path: '/api/v1/audit/public-key' }), expected: ALL_READ },
  { name: "GET /api/v1/audit/traces/{id} — committee A's guidance", call: async (ctx) => ({ path: `/api/v1/audit/traces/${ctx.guidance.id}` }), expected: SEES_COMMITTEE_A },
  // documents: one of CB-A1's (its plan), a fresh one for each cancellation, committee A's templates
  { name: 'GET /api/v1/documents/registers — CB-A1\'s', call: async () => ({ path: `/api/v1/documents/registers?org=${ORG.cellA1}` }), expected: SEES_A1 },
  { name: "GET /api/v1/documents/{id} — CB-A1's plan", call: async (ctx) => ({ path: `/api/v1/documents/${await planOfA1(ctx)}` }), expected: SEES_A1 },
  { name: "GET /api/v1/documents/{id}/html — CB-A1's plan", call: async (ctx) => ({ path: `/api/v1/documents/${await planOfA1(ctx)}/html` }), expected: SEES_A1 },
  {
    name: "GET /api/v1/documents/{id}/pdf — CB-A1's plan",
    call: async (ctx) => ({ path: `/api/v1/documents/${await planOfA1(ctx)}/pdf` }),
    // Without Chromium on this machine, those who may see it get 503 (what to install) instead of the PDF.
    expected: findChromium() ? SEES_A1 : SEES_A1.map((status) => (status === 200 ? 503 : status)),
  },
  { name: "GET /api/v1/documents/{id}/docx — CB-A1's plan", call: async (ctx) => ({ path: `/api/v1/documents/${await planOfA1(ctx)}/docx` }), expected: SEES_A1 },
  {
    name: 'POST /api/v1/documents/{id}/cancel — a document of CB-A1',
    call: async (ctx) => ({ path: `/api/v1/documents/${await uncancelledDocumentOfA1(ctx)}/cancel`, body: { reason: 'Ban hành nhầm' } }),
    // The cell's secretary, the committee above, the admin; a member lacks the role, the auditor only reads.
    expected: [401, 200, 200, 404, 200, 404, 404, 403, 403, 403],
  },
  { name: 'GET /api/v1/document-templates', call: async () => ({ path: '/api/v1/document-templates' }), expected: ALL_READ },
  {
    name: 'GET /api/v1/document-templates/{templateId}/orgs/{org} — the plan template for CB-A1',
    call: async () => ({ path: `/api/v1/document-templates/thematic:plan/orgs/${ORG.cellA1}` }),
    expected: SEES_A1,
  },
  {
    name: "PUT /api/v1/document-templates/{templateId}/orgs/{org} — committee A's plan template",
    call: async () => ({ path: `/api/v1/document-templates/thematic:plan/orgs/${ORG.committeeA}`, body: { source: PLAN_TEMPLATE } }),
    expected: [401, 200, 200, 404, 403, 403, 403, 403, 403, 403],
  },
  {
    name: "DELETE /api/v1/document-templates/{templateId}/orgs/{org} — committee A's plan template",
    call: async () => ({ path: `/api/v1/document-templates/thematic:plan/orgs/${ORG.committeeA}` }),
    expected: [401, 200, 200, 404, 403, 403, 403, 403, 403, 403],
  },
  // committees' notice templates (ADR 0031): the same rights as their document templates
  { name: 'GET /api/v1/notice-templates', call: async () => ({ path: '/api/v1/notice-templates' }), expected: ALL_READ },
  {
    name: 'GET /api/v1/notice-templates/{kind}/orgs/{org} — the convene notice for CB-A1',
    call: async () => ({ path: `/api/v1/notice-templates/session-convened/orgs/${ORG.cellA1}` }),
    expected: SEES_A1,
  },
  {
    name: "PUT /api/v1/notice-templates/{kind}/orgs/{org} — committee A's convene notice",
    call: async () => ({ path: `/api/v1/notice-templates/session-convened/orgs/${ORG.committeeA}`, body: { subject: 'Họp chi bộ lúc {{event.when}}' } }),
    expected: [401, 200, 200, 404, 403, 403, 403, 403, 403, 403],
  },
  {
    name: "DELETE /api/v1/notice-templates/{kind}/orgs/{org} — committee A's convene notice",
    call: async () => ({ path: `/api/v1/notice-templates/session-convened/orgs/${ORG.committeeA}` }),
    expected: [401, 200, 200, 404, 403, 403, 403, 403, 403, 403],
  },
  // notifications: each caller's own board and settings (anyone logged in; the auditor only reads), admins the undelivered
  { name: 'GET /api/v1/notifications', call: async () => ({ path: '/api/v1/notifications' }), expected: ALL_READ },
  { name: 'GET /api/v1/notifications/unread-count', call: async () => ({ path: '/api/v1/notifications/unread-count' }), expected: ALL_READ },
  { name: 'POST /api/v1/notifications/read', call: async () => ({ path: '/api/v1/notifications/read', body: {} }), expected: [401, 200, 200, 200, 200, 200, 200, 200, 403, 200] },
  {
    name: 'POST /api/v1/notifications/{id}/read — a notice that is not the caller’s',
    call: async () => ({ path: '/api/v1/notifications/00000000-0000-4000-8000-000000000000/read', body: {} }),
    expected: [401, 404, 404, 404, 404, 404, 404, 404, 403, 404],
  },
  { name: 'GET /api/v1/notifications/settings', call: async () => ({ path: '/api/v1/notifications/settings' }), expected: ALL_READ },
  {
    name: 'PUT /api/v1/notifications/settings',
    call: async () => ({ path: '/api/v1/notifications/settings', body: { preferences: { digest: false } } }),
    expected: [401, 200, 200, 200, 200, 200, 200, 200, 403, 200],
  },
  { name: 'GET /api/v1/notifications/undelivered', call: async () => ({ path: '/api/v1/notifications/undelivered' }), expected: ADMIN_ONLY },
  // calendar: a cell opens its year; everyone who sees the cell reads it; the feed URL is the secret
  {
    name: 'POST /api/v1/calendar/years — a new year of CB-A1',
    call: async () => ({ path: '/api/v1/calendar/years', body: { cell: ORG.cellA1, year: nextYear() } }),
    expected: [401, 201, 201, 404, 201, 404, 404, 403, 403, 404],
  },
  { name: "GET /api/v1/calendar — committee A's cells", call: async () => ({ path: `/api/v1/calendar?committee=${ORG.committeeA}&year=2022` }), expected: SEES_COMMITTEE_A },
  { name: "GET /api/v1/calendar/{cell} — CB-A1's", call: async () => ({ path: `/api/v1/calendar/${ORG.cellA1}?year=2022` }), expected: SEES_A1 },
  { name: "GET /api/v1/calendar/{cell}/feed — CB-A1's", call: async () => ({ path: `/api/v1/calendar/${ORG.cellA1}/feed` }), expected: SEES_A1 },
  {
    name: 'POST /api/v1/calendar/{cell}/sessions/{session}/move — a session of CB-A1 not yet started',
    call: async (ctx) => ({ path: await movableSessionOfA1(ctx), body: { year: MOVE_YEAR, date: `${MOVE_YEAR}-06-${String(10 + ++moves).padStart(2, '0')}` } }),
    // Only the cell's secretary holds the year's move task; those who see CB-A1 otherwise are not its assignee.
    expected: [401, 403, 403, 404, 200, 404, 404, 403, 403, 404],
  },
  {
    name: "GET /api/v1/calendar-feed/{user}/{cell}/{file} — the member's secret URL",
    call: async (ctx) => ({ path: await feedPathOf(ctx, 'memberA1') }),
    // No login: whoever holds the URL reads the feed (a calendar application), whatever else they send.
    expected: ALL_READ.map(() => 200),
  },
  {
    name: 'GET /api/v1/calendar-feed/{user}/{cell}/{file} — a guessed secret',
    call: async (ctx) => ({ path: (await feedPathOf(ctx, 'memberA1')).replace(/\/(.)([^/]*\.ics)$/, (_all, first: string, rest: string) => `/${first === 'A' ? 'B' : 'A'}${rest}`) }),
    expected: ALL_READ.map(() => 404),
  },
  // year: ratings, the committee's rule, its score sheets, a member's record, the secretary's review
  { name: "GET /api/v1/year-ratings — committee A's overview", call: async () => ({ path: `/api/v1/year-ratings?committee=${ORG.committeeA}&year=2022` }), expected: SEES_COMMITTEE_A },
  {
    name: "GET /api/v1/year-ratings/{cell}/{year} — CB-A1's 2022 (no session scored yet)",
    call: async () => ({ path: `/api/v1/year-ratings/${ORG.cellA1}/2022` }),
    // Those who may see CB-A1 reach the rule (422: a year with no scored session has no rating); the rest get 404.
    expected: SEES_A1.map((status) => (status === 200 ? 422 : status)),
  },
  { name: "GET /api/v1/year-rules/{org} — committee A's", call: async () => ({ path: `/api/v1/year-rules/${ORG.committeeA}` }), expected: SEES_COMMITTEE_A },
  { name: "GET /api/v1/year-rules/{org} — the rule in force for CB-A1", call: async () => ({ path: `/api/v1/year-rules/${ORG.cellA1}` }), expected: SEES_A1 },
  {
    name: "PUT /api/v1/year-rules/{org} — committee A's",
    call: async () => ({ path: `/api/v1/year-rules/${ORG.committeeA}`, body: { minTot: 7 } }),
    expected: [401, 200, 200, 404, 403, 403, 403, 403, 403, 403],
  },
  { name: 'GET /api/v1/score-sheets — usable by CB-A1', call: async () => ({ path: `/api/v1/score-sheets?org=${ORG.cellA1}` }), expected: SEES_A1 },
  { name: "GET /api/v1/score-sheets — usable by committee A", call: async () => ({ path: `/api/v1/score-sheets?org=${ORG.committeeA}` }), expected: SEES_COMMITTEE_A },
  {
    name: "GET /api/v1/score-sheets/{org}/{code}/{version} — committee A's sheet",
    call: async (ctx) => ({ path: `/api/v1/score-sheets/${ORG.committeeA}/${await sheetOfCommitteeA(ctx)}/1` }),
    expected: SEES_COMMITTEE_A,
  },
  {
    name: 'POST /api/v1/score-sheets — a new sheet of committee A',
    call: async () => ({ path: '/api/v1/score-sheets', body: { org: ORG.committeeA, code: `phieu-${nextYear()}`, sheet: SHEET } }),
    expected: [401, 201, 201, 404, 403, 403, 403, 403, 403, 403],
  },
  {
    name: "GET /api/v1/member-records/{cell}/{member} — m02's (memberA1) own",
    call: async () => ({ path: `/api/v1/member-records/${ORG.cellA1}/m02?year=2022` }),
    // The member themself and their secretary only: not the committee above, nor the auditor.
    expected: [401, 200, 404, 404, 200, 404, 404, 200, 404, 404],
  },
  {
    name: "POST /api/v1/self-criticism-reviews — m02 has no plan at that session",
    call: async (ctx) => ({ path: '/api/v1/self-criticism-reviews', body: { cell: ORG.cellA1, member: 'm02', instanceId: ctx.instanceA1 } }),
    // CB-A1's secretary reaches the rule (422 no-plan: nothing saved); without the secretary role it is 403.
    expected: [401, 422, 403, 403, 422, 404, 404, 403, 403, 403],
  },
  // clock
  { name: 'GET /api/v1/clock', call: async () => ({ path: '/api/v1/clock' }), expected: ALL_READ },
  {
    name: 'POST /api/v1/clock/advance — a minute forward',
    call: async (ctx) => ({ path: '/api/v1/clock/advance', body: { to: new Date(Date.parse(ctx.t.clock.now()) + 60_000).toISOString() } }),
    expected: ADMIN_ONLY,
  },
  { name: 'POST /api/v1/clock/settle', call: async () => ({ path: '/api/v1/clock/settle', body: {} }), expected: ADMIN_ONLY },
];

const CASES = ENDPOINTS.flatMap((endpoint) => {
  if (endpoint.expected.length !== ENGINE_CALLERS.length) throw new Error(`${endpoint.name}: ${endpoint.expected.length} statuses for ${ENGINE_CALLERS.length} callers`);
  return ENGINE_CALLERS.map((caller, i) => [endpoint.name, caller, endpoint.expected[i]!, endpoint] as const);
});

describeEngine('engine authorization matrix', (kind) => {
  let ctx: Context;
  // Closed in afterAll even when the set-up below ran out of time (else its server and queues keep Jest from exiting).
  let app: Awaited<ReturnType<typeof startEngineApp>> | undefined;

  beforeAll(async () => {
    const t = (app = await startEngineApp(kind));
    try {
      const d = new EngineDriver(t, await seedEngineFixture(t));
      const guidance = await d.issueGuidance();
      const instanceA1 = d.cellInstanceId(ORG.cellA1, guidance.number);
      await d.driveCellA1(instanceA1, 'score');
      ctx = {
        t,
        d,
        guidance,
        instanceA1,
        instanceA2: d.cellInstanceId(ORG.cellA2, guidance.number),
        taskA1: await d.openTask(instanceA1, 'score'),
        planTask: reusedWhileOpen(d, async () => {
          const instanceId = d.cellInstanceId(ORG.cellA1, (await d.issueGuidance({ cells: [ORG.cellA1] })).number);
          return d.openTask(instanceId, 'plan');
        }),
        draftTask: reusedWhileOpen(d, async () => {
          const instanceId = d.cellInstanceId(ORG.cellA1, (await d.issueGuidance({ cells: [ORG.cellA1] })).number);
          await d.driveCellA1(instanceId, 'submit-draft');
          return d.openTask(instanceId, 'submit-draft');
        }),
        draftDefinition: async () => {
          const composed = await t.http().post('/api/v1/procedures').set(d.auth('admin')).send({ owner: ORG.committeeA, base: { key: 'thematic-session' } });
          expectStatus(composed, 201);
          return (composed.body as { id: string }).id;
        },
      };
    } catch (error) {
      app = undefined;
      await t.close();
      throw error;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it.each(CASES)('%s as %s → %i', async (_name, caller, status, endpoint) => {
    const { path, body } = await endpoint.call(ctx);
    const method = endpoint.name.split(' ')[0]!.toLowerCase() as Method;
    const request = ctx.t.http()[method](path);
    if (caller !== 'anonymous') request.set(ctx.d.auth(caller));

    const response = await (body === undefined ? request : request.send(body));

    expect({ status: response.status, body: response.body as unknown }).toMatchObject({ status });
    if (status >= 400) expect(response.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.stringMatching(/\S/) });
  });

  it('should cover every operation of the engine modules in the OpenAPI document', async () => {
    const operations = await openApiOperations(ctx);
    const covered = new Set(ENDPOINTS.map((endpoint) => endpoint.name.split(' — ')[0]));

    const engineOperations = operations.filter((op) => op.tags.some((tag) => ENGINE_MATRIX_TAGS.has(tag)));
    expect(engineOperations.length).toBeGreaterThanOrEqual(25);
    expect(engineOperations.map((op) => op.name).filter((name) => !covered.has(name))).toEqual([]);
  });

  it('should have every operation of the full app tagged for one of the two authorization matrices', async () => {
    const operations = await openApiOperations(ctx);

    const untagged = operations.filter((op) => !op.tags.some((tag) => BASE_MATRIX_TAGS.has(tag) || ENGINE_MATRIX_TAGS.has(tag))).map((op) => op.name);
    expect(untagged).toEqual([]);
  });

  it('should refuse every engine write in the OpenAPI document with 403 read-only when the caller is an auditor', async () => {
    const writes = (await openApiOperations(ctx)).filter((op) => op.method !== 'get' && op.tags.some((tag) => ENGINE_MATRIX_TAGS.has(tag)));
    expect(writes.length).toBeGreaterThanOrEqual(6);

    for (const op of writes) {
      const path = op.path.replace(/\{[^}]+\}/g, ctx.taskA1);
      const response = await ctx.t.http()[op.method as Method](path).set(ctx.d.auth('auditor')).send({});
      expect({ operation: op.name, status: response.status, error: response.body.error }).toEqual({ operation: op.name, status: 403, error: 'read-only' });
    }
  });

  it('should list only the instances, sessions and documents of units the caller may see', async () => {
    const list = async (caller: Exclude<EngineCaller, 'anonymous'>, path: string) => {
      const response = await ctx.t.http().get(path).set(ctx.d.auth(caller));
      expectStatus(response, 200);
      return response.body as unknown;
    };
    const orgsOf = (instances: unknown) => [...new Set((instances as { items: Array<{ org: { code: string } }> }).items.map((i) => i.org.code))].sort();

    expect(orgsOf(await list('secretaryA1', '/api/v1/instances'))).toEqual([ORG.cellA1]);
    expect(orgsOf(await list('secretaryA2', '/api/v1/instances'))).toEqual([ORG.cellA2]);
    expect(orgsOf(await list('committeeA', '/api/v1/instances'))).toEqual([ORG.cellA1, ORG.cellA2, ORG.committeeA]);
    expect(orgsOf(await list('committeeB', '/api/v1/instances'))).not.toContain(ORG.cellA1);
    expect(await list('nobody', '/api/v1/instances')).toEqual({ total: 0, items: [] });

    const sessionsOf = async (caller: Exclude<EngineCaller, 'anonymous'>) => ((await list(caller, '/api/v1/sessions')) as Array<{ instanceId: string }>).map((s) => s.instanceId);
    expect(await sessionsOf('memberA1')).toContain(ctx.instanceA1);
    expect(await sessionsOf('secretaryA2')).toEqual([]);
    expect(await sessionsOf('secretaryB1')).toEqual([]);

    const documentsOf = async (caller: Exclude<EngineCaller, 'anonymous'>) => ((await list(caller, '/api/v1/documents')) as Array<{ org: string }>).map((doc) => doc.org);
    expect(await documentsOf('memberA1')).toContain(ORG.cellA1);
    expect(await documentsOf('secretaryA2')).not.toContain(ORG.cellA1);
    expect(await documentsOf('secretaryB1')).not.toContain(ORG.cellA1);

    const guidanceOf = async (caller: Exclude<EngineCaller, 'anonymous'>) => ((await list(caller, '/api/v1/guidance')) as Array<{ id: string }>).map((g) => g.id);
    expect(await guidanceOf('committeeA')).toContain(ctx.guidance.id);
    expect(await guidanceOf('committeeB')).not.toContain(ctx.guidance.id);
    expect(await list('auditor', '/api/v1/tasks/inbox')).toEqual([]);
  });
});

/** A committee's score sheet: bands cover 0–50 with no gap. */
const SHEET = {
  kind: 'marks',
  title: 'Phiếu chấm điểm sinh hoạt chuyên đề của Đảng ủy khối',
  criteria: [
    { id: 'chuan-bi', label: 'Chuẩn bị', max: 10 },
    { id: 'tien-hanh', label: 'Tiến hành', max: 30 },
    { id: 'ket-qua', label: 'Kết quả', max: 10 },
  ],
  bands: [
    { rating: 'Kém', min: 0, max: 25 },
    { rating: 'Trung bình', min: 25, max: 35 },
    { rating: 'Khá', min: 35, max: 45 },
    { rating: 'Tốt', min: 45, max: 50 },
  ],
};

let lastYear = 2030;
/** A year (or sheet suffix) not used before in this run: each caller's opening of a year is a fresh one. */
function nextYear(): number {
  return ++lastYear;
}

const sheetSaved = new WeakSet<EngineTestApp>();
/** The code of a score sheet of committee A (version 1), saved by the admin the first time each app asks for it. */
async function sheetOfCommitteeA(ctx: Context): Promise<string> {
  if (!sheetSaved.has(ctx.t)) {
    const saved = await ctx.t.http().post('/api/v1/score-sheets').set(ctx.d.auth('admin')).send({ org: ORG.committeeA, code: 'phieu-ma-tran', sheet: SHEET });
    expectStatus(saved, 201);
    sheetSaved.add(ctx.t);
  }
  return 'phieu-ma-tran';
}

// Far from the years `nextYear()` hands out (2031 on, one per call of the rows that open a year).
const MOVE_YEAR = 2095;
let moves = 0;
const yearScheduled = new WeakSet<EngineTestApp>();
/** The move path of CB-A1's June session of `MOVE_YEAR`, its year opened and scheduled by the secretary once per app. */
async function movableSessionOfA1(ctx: Context): Promise<string> {
  if (!yearScheduled.has(ctx.t)) {
    expectStatus(await ctx.t.http().post('/api/v1/calendar/years').set(ctx.d.auth('secretaryA1')).send({ cell: ORG.cellA1, year: MOVE_YEAR }), 201);
    await ctx.d.settle();
    const task = await ctx.t.ds.manager.findOneByOrFail(Task, { instanceId: `year:${ORG.cellA1}:${MOVE_YEAR}`, status: 'open' });
    expectStatus(await ctx.t.http().post(`/api/v1/tasks/${task.id}/submit`).set(ctx.d.auth('secretaryA1')).send({}), 201);
    await ctx.d.settle();
    yearScheduled.add(ctx.t);
  }
  return `/api/v1/calendar/${ORG.cellA1}/sessions/TK-${MOVE_YEAR}-06/move`;
}

/** The secret feed path of a caller's calendar of CB-A1, as the API hands it out. */
async function feedPathOf(ctx: Context, caller: EngineCaller & ('memberA1' | 'secretaryA1')): Promise<string> {
  const response = await ctx.t.http().get(`/api/v1/calendar/${ORG.cellA1}/feed`).set(ctx.d.auth(caller));
  expectStatus(response, 200);
  return (response.body as { path: string }).path;
}

/** A committee's plan template: the official layout around its own body. */
const PLAN_TEMPLATE = '{{#> document}}\n{{> title-block}}\n<div class="body"><p>{{plan.topic}}</p></div>\n{{#> footer}}<p class="recipient">- Lưu.</p>{{/footer}}\n{{/document}}\n';

/** The id of CB-A1's plan (KH), issued when the matrix drove CB-A1. */
async function planOfA1(ctx: Context): Promise<string> {
  const doc = await ctx.t.ds.manager.findOneOrFail(DocumentEntity, { where: { instanceId: ctx.instanceA1, type: 'KH' } });
  return doc.id;
}

let uncancelled: string | undefined;
/** A document of CB-A1 that is not cancelled: the same one until someone cancels it, then a newly issued one. */
async function uncancelledDocumentOfA1(ctx: Context): Promise<string> {
  const current = uncancelled ? await ctx.t.ds.manager.findOneBy(DocumentEntity, { id: uncancelled }) : null;
  if (current && current.status === 'issued') return current.id;
  const issued = await sqliteWriteLock(ctx.t.ds).run('write', () =>
    ctx.t.ds.transaction((m) =>
      issueDocument(m, { orgCode: ORG.cellA1, type: 'CV', title: 'Công văn thử', data: {}, at: ctx.t.clock.now(), instanceId: null, idempotencyKey: null }),
    ),
  );
  uncancelled = issued.id;
  return issued.id;
}

/** The first audit entry of an org unit's chain (its global sequence number). */
async function auditEntryOf(ctx: Context, chain: string): Promise<number> {
  const [row] = (await ctx.t.ds.query(`SELECT MIN(id) AS id FROM audit_entries WHERE chain = '${chain}'`)) as Array<{ id: number | string }>;
  return Number(row!.id);
}

/** A resource made by `create`, handed out again while its task is still open (a refused submission leaves it open). */
function reusedWhileOpen(d: EngineDriver, create: () => Promise<string>): () => Promise<string> {
  let current: string | undefined;
  return async () => {
    if (current) {
      const task = await d.t.http().get(`/api/v1/tasks/${current}`).set(d.auth('admin'));
      expectStatus(task, 200);
      if ((task.body as { status: string }).status === 'open') return current;
    }
    current = await create();
    return current;
  };
}

async function openApiOperations(ctx: Context): Promise<Array<{ name: string; method: string; path: string; tags: string[] }>> {
  const docs = await ctx.t.http().get('/api/docs-json');
  expectStatus(docs, 200);
  const paths = docs.body.paths as Record<string, Record<string, { tags?: string[] }>>;
  return Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, tags: op.tags ?? [] })),
  );
}
