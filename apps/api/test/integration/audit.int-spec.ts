import { entryBody, entryHash, fieldsOf, type EntryRow } from '@chibo/audit';
import { DocumentEntity, Member, OrgUnit } from '@chibo/db';
import type { DataSource } from 'typeorm';
import { AuditTraceService, traceQuerySchema } from '../../src';
import { AuthUserService, toAuthUser } from '../../src/auth/auth-user.service';
import { type EngineTestApp, describeEngine, startEngineApp } from '../support/engine-app';
import { type EngineActor, EngineDriver, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

/** An item of GET /api/v1/audit/entries. */
interface TraceEntry {
  id: number;
  chain: string;
  position: number;
  at: string;
  source: 'event' | 'admin';
  type: string;
  actor: { userId: string; login: string | null } | null;
  member: { id: string; code: string | null } | null;
  guidanceId: string | null;
  event: { instanceId: string; seq: number; href: string } | null;
  finding: string | null;
  document: { id: string; number: string; checksum: string; currentChecksum: string } | null;
  hash: string;
  prevHash: string;
  payload?: { type?: string; before?: unknown; after?: unknown; subject?: Record<string, unknown> };
}

describeEngine('audit: trace queries and verification over HTTP', (kind) => {
  let t: EngineTestApp;
  let d: EngineDriver;
  let guidance: { id: string; instanceId: string; number: string };
  let instanceA1: string;

  beforeAll(async () => {
    t = await startEngineApp(kind);
    try {
      d = new EngineDriver(t, await seedEngineFixture(t));
      guidance = await d.issueGuidance();
      instanceA1 = d.cellInstanceId(ORG.cellA1, guidance.number);
      await d.driveCellA1(instanceA1, 'report');
      await d.submitStep(instanceA1, 'report', 'secretaryA1', {});
      // CB-A2 holds no session: when the session deadline passes, it gets the finding session-missing.
      await d.advanceTo('2022-05-01T00:00:00+07:00');
    } catch (error) {
      await t.close();
      throw error;
    }
    // A whole cell procedure and six weeks of timers: seconds alone, much longer on a machine busy with other suites.
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const get = async <T>(actor: EngineActor, path: string, status = 200): Promise<T> => {
    const response = await t.http().get(`/api/v1/audit${path}`).set(d.auth(actor));
    expectStatus(response, status);
    return response.body as T;
  };
  const trace = async (actor: EngineActor, query: string) => (await get<{ items: TraceEntry[]; next: number | null }>(actor, `/entries?${query}`)).items;

  it("should return a cell's whole trail in chain order, each entry linking to its event, actor and document", async () => {
    const items = await trace('auditor', `org=${ORG.cellA1}&limit=10000`);
    const documents = await t.ds.getRepository(DocumentEntity).find({ where: { instanceId: instanceA1 } });

    expect(items.map((e) => e.position)).toEqual(items.map((_, i) => i + 1));
    expect(items.every((e, i) => i === 0 || e.prevHash === items[i - 1]!.hash)).toBe(true);
    const submissions = items.filter((e) => e.type === 'task-submitted');
    expect(submissions.length).toBeGreaterThanOrEqual(9);
    expect(submissions.map((e) => e.actor?.login)).toContain('nga');
    expect(submissions.map((e) => e.actor?.login)).toContain('hung');
    expect(submissions[0]!.event).toMatchObject({ instanceId: instanceA1, href: `/api/v1/instances/${encodeURIComponent(instanceA1)}/timeline` });
    const issued = items.filter((e) => e.document !== null);
    expect(issued.map((e) => e.document!.number).sort()).toEqual(documents.map((doc) => doc.number).sort());
    for (const entry of issued) {
      const doc = documents.find((x) => x.id === entry.document!.id)!;
      expect(entry.document).toMatchObject({ checksum: doc.checksum, currentChecksum: doc.checksum });
    }
  });

  it("should trace a guidance across the committee's chain and every cell's, within the caller's scope", async () => {
    const committee = await trace('committeeA', `guidance=${guidance.id}&limit=10000`);
    const secretaryA2 = await trace('secretaryA2', `guidance=${guidance.id}&limit=10000`);

    expect([...new Set(committee.map((e) => e.chain))].sort()).toEqual([ORG.cellA1, ORG.cellA2, ORG.committeeA].sort());
    expect(committee.every((e) => e.guidanceId === guidance.id)).toBe(true);
    expect([...new Set(secretaryA2.map((e) => e.chain))]).toEqual([ORG.cellA2]);
    expect(await trace('secretaryB1', `guidance=${guidance.id}`)).toEqual([]);
  });

  it('should carry the signed checkpoint of the cell chain in the report the committee received', async () => {
    const [received] = (await trace('auditor', `org=${ORG.committeeA}&type=child-reported&payload=true`)) as Array<TraceEntry & { payload: { report: { auditCheckpoint: unknown } } }>;
    const key = await get<{ keyId: string }>('auditor', '/public-key');

    expect(received!.payload.report.auditCheckpoint).toMatchObject({ format: 'chibo-audit-checkpoint/1', chain: ORG.cellA1, keyId: key.keyId });
    expect(await get<Array<{ chain: string; reason: string }>>('auditor', `/checkpoints?org=${ORG.cellA1}`)).toEqual(
      expect.arrayContaining([expect.objectContaining({ chain: ORG.cellA1, reason: 'report' }), expect.objectContaining({ chain: ORG.cellA1, reason: 'document' })]),
    );
  });

  it('should trace a member: what they did and what was assigned to them', async () => {
    const m02 = await t.ds.getRepository(Member).findOneByOrFail({ code: 'm02', orgId: (await t.ds.getRepository(OrgUnit).findOneByOrFail({ code: ORG.cellA1 })).id });

    const items = await trace('committeeA', `member=${m02.id}`);

    expect(items.map((e) => e.type)).toEqual(expect.arrayContaining(['task-opened', 'task-submitted']));
    expect(items.filter((e) => e.type === 'task-submitted').every((e) => e.actor?.login === 'hung')).toBe(true);
    expect(items.filter((e) => e.type === 'task-opened').every((e) => e.member?.code === 'm02')).toBe(true);
  });

  it('should trace a finding by its code and by its id', async () => {
    const findings = await t.http().get('/api/v1/findings?code=session-missing').set(d.auth('auditor'));
    expectStatus(findings, 200);
    const [missing] = findings.body as Array<{ id: string; org: string }>;

    const byCode = await trace('auditor', 'finding=session-missing');
    const byId = await trace('auditor', `findingId=${missing!.id}`);

    expect(missing!.org).toBe(ORG.cellA2);
    expect(byCode.map((e) => [e.chain, e.type, e.finding])).toEqual([[ORG.cellA2, 'finding-recorded', 'session-missing']]);
    expect(byId.map((e) => e.id)).toEqual(byCode.map((e) => e.id));
  });

  it('should trace a time range, whole local days included', async () => {
    const all = await trace('auditor', `org=${ORG.cellA1}&limit=10000`);

    const day = await trace('auditor', `org=${ORG.cellA1}&from=2022-03-16&to=2022-03-16&limit=10000`);
    const after = await trace('auditor', `org=${ORG.cellA1}&from=2022-03-17&limit=10000`);

    expect(day.length + after.length).toBe(all.length);
    expect(day.every((e) => e.at < '2022-03-16T17:00:00.000Z')).toBe(true);
    expect(after.every((e) => e.at >= '2022-03-16T17:00:00.000Z')).toBe(true);
  });

  it.each([
    ['a cell', `org=${ORG.cellA1}`],
    ['a guidance, for a committee', 'guidance='],
    ['everything in scope', 'limit=50'],
    ['a time range and a type', 'from=2022-03-16&to=2022-04-30&type=task-submitted'],
  ])('should answer exactly what the trace service builds when tracing %s', async (_name, query) => {
    const q = query === 'guidance=' ? `guidance=${guidance.id}` : query;
    const user = await t.app.get(AuthUserService).findById((await t.http().get('/api/v1/auth/me').set(d.auth('committeeA'))).body.id);
    const expected = await t.app.get(AuditTraceService).trace(toAuthUser(user!), traceQuerySchema.parse(Object.fromEntries(new URLSearchParams(q))));

    const response = await t.http().get(`/api/v1/audit/entries?${q}`).set(d.auth('committeeA'));

    expectStatus(response, 200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect((response.body as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('should page through a trace with after/next', async () => {
    const all = await trace('auditor', `org=${ORG.cellA1}&limit=10000`);

    const first = await get<{ items: TraceEntry[]; next: number }>('auditor', `/entries?org=${ORG.cellA1}&limit=5`);
    const second = await get<{ items: TraceEntry[] }>('auditor', `/entries?org=${ORG.cellA1}&limit=5&after=${first.next}`);

    expect([...first.items, ...second.items].map((e) => e.id)).toEqual(all.slice(0, 10).map((e) => e.id));
  });

  it('should record administrative actions with the acting user and the values before and after', async () => {
    const patch = await t.http().patch(`/api/v1/orgs/${ORG.cellA1}/members/m03`).set(d.auth('secretaryA1')).send({ status: 'official', name: 'Lê Thị Hoa' });
    expectStatus(patch, 200);
    const users = await t.http().get('/api/v1/users').set(d.auth('admin'));
    const hung = (users.body as Array<{ id: string; login: string }>).find((u) => u.login === 'hung')!;
    const granted = await t.http().post(`/api/v1/users/${hung.id}/roles`).set(d.auth('committeeA')).send({ role: 'secretary', org: ORG.cellA1 });
    expectStatus(granted, 201);
    expectStatus(await t.http().delete(`/api/v1/users/${hung.id}/roles/${(granted.body as { id: string }).id}`).set(d.auth('committeeA')), 204);
    const draft = await t.http().post('/api/v1/procedures').set(d.auth('committeeA')).send({ owner: ORG.committeeA, base: { key: 'thematic-session' }, rubric: 'binh-thuan-100' });
    expectStatus(draft, 201);
    expectStatus(await t.http().post(`/api/v1/procedures/${(draft.body as { id: string }).id}/publish`).set(d.auth('committeeA')).send({}), 200);

    const cell = await trace('auditor', `org=${ORG.cellA1}&payload=true&limit=10000`);
    const committee = await trace('auditor', `org=${ORG.committeeA}&payload=true&limit=10000`);

    const edit = cell.find((e) => e.type === 'member-updated')!;
    expect(edit).toMatchObject({ source: 'admin', actor: { login: 'nga' }, member: { code: 'm03' } });
    expect(edit.payload).toMatchObject({ before: { status: 'probationary', name: 'Lê Thị Hoa' }, after: { status: 'official' } });
    const roles = cell.filter((e) => e.type === 'role-granted' || e.type === 'role-revoked');
    expect(roles.map((e) => e.type)).toEqual(['role-granted', 'role-revoked']);
    expect(roles[0]).toMatchObject({ actor: { login: 'cap-uy-a' }, payload: { after: expect.arrayContaining([`secretary@${ORG.cellA1}`]) } });
    expect(roles[1]!.payload!.after).not.toContain(`secretary@${ORG.cellA1}`);
    expect(committee.filter((e) => e.source === 'admin').map((e) => e.type)).toEqual(['definition-composed', 'definition-published']);
    expect(committee.find((e) => e.type === 'definition-published')!.payload).toMatchObject({ before: { status: 'draft' }, after: { status: 'published' } });
  });

  it('should record a CSV import, one entry per member it created or changed', async () => {
    const csv = 'code,name,status,roles\na201,Đỗ Thị Lan Anh,official,secretary\na202,Vũ Văn Nam,probationary,\n';
    expectStatus(await t.http().post(`/api/v1/orgs/${ORG.cellA2}/members/import`).set(d.auth('secretaryA2')).set('content-type', 'text/csv').send(csv), 200);

    const entries = (await trace('auditor', `org=${ORG.cellA2}&payload=true&limit=10000`)).filter((e) => e.source === 'admin');

    expect(entries.map((e) => [e.type, e.member?.code, e.actor?.login])).toEqual([
      ['member-updated', 'a201', 'lan'],
      ['member-created', 'a202', 'lan'],
    ]);
    expect(entries[0]!.payload).toMatchObject({ subject: { via: 'import' }, before: { name: 'Đỗ Thị Lan' }, after: { name: 'Đỗ Thị Lan Anh' } });
  });

  it('should show one entry with its content and confirm its own hash and link', async () => {
    const [entry] = await trace('auditor', `org=${ORG.cellA1}&type=task-submitted`);

    const detail = await get<TraceEntry & { integrity: unknown }>('auditor', `/entries/${entry!.id}`);

    expect(detail).toMatchObject({ id: entry!.id, payload: { type: 'task-submitted' }, integrity: { hashMatches: true, linkMatches: true } });
    await get('secretaryB1', `/entries/${entry!.id}`, 404);
  });

  it.each([
    ['limit=0', 'limit', 'min'],
    ['limit=10001', 'limit', 'max'],
    ['from=hôm-qua', 'from', 'instant'],
    ['from=2022-04-02&to=2022-04-01', 'to', 'range'],
    ['member=m02', 'member', 'uuid'],
    ['finding=late', 'finding', 'finding-code'],
    ['colour=red', 'colour', 'unknown-field'],
  ])('should answer 422 naming the field and rule when the query is %s', async (query, path, rule) => {
    const body = await get<{ issues: Array<{ path: string; rule: string }> }>('auditor', `/entries?${query}`, 422);

    expect(body.issues).toEqual([expect.objectContaining({ path, rule })]);
  });

  it('should answer 404 for a unit the caller may not see, exactly as for one that does not exist', async () => {
    const hidden = await get<{ message: string }>('secretaryB1', `/entries?org=${ORG.cellA1}`, 404);
    const missing = await get<{ message: string }>('secretaryB1', '/entries?org=CB-KHONG-CO', 404);

    expect(hidden.message).toBe(`Không tìm thấy đơn vị ${ORG.cellA1}`);
    expect(missing.message).toBe('Không tìm thấy đơn vị CB-KHONG-CO');
  });

  it('should verify every chain in scope as intact before anyone tampers', async () => {
    const report = await get<{ ok: boolean; problems: unknown[]; chains: number; checkpoints: { fromReports: number; fromJournal?: number } }>('auditor', '/verify');

    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, checkpoints: { fromReports: 1 } });
    // The report's checkpoint went to the journal outside the database too, which the API checks against.
    expect(report.checkpoints.fromJournal).toBeGreaterThanOrEqual(1);
    expect(report.chains).toBe(3);
  });

  it('should detect, through the report the committee received, a cell chain rewritten consistently by a database superuser', async () => {
    await rewriteChainAsSuperuser(t.ds, kind, ORG.cellA1);

    const report = await get<{ ok: boolean; problems: Array<{ code: string; chain: string; message: string }> }>('auditor', '/verify');
    const cellOnly = await get<{ ok: boolean; problems: Array<{ code: string }> }>('secretaryA1', `/verify?org=${ORG.cellA1}`);

    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.code, p.chain])).toEqual([['rewritten', ORG.cellA1]]);
    expect(report.problems[0]!.message).toContain(`báo cáo mà ${ORG.committeeA} đã nhận`);
    expect(report.problems[0]!.message).toContain('sổ mốc ngoài cơ sở dữ liệu');
    expect(cellOnly.problems.map((p) => p.code)).toEqual(['rewritten']);
  });
});

/**
 * What a superuser could do: change the cell's recorded session (its minutes), recompute every hash after it, and
 * delete the stored checkpoints, so that the cell's chain is consistent again.
 */
async function rewriteChainAsSuperuser(ds: DataSource, kind: 'sqlite' | 'postgres', chain: string): Promise<void> {
  const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
  await ds.transaction(async (m) => {
    if (kind === 'postgres') for (const table of ['audit_entries', 'audit_checkpoints']) await m.query(`ALTER TABLE ${table} DISABLE TRIGGER trg_${table}_append_only`);
    else for (const table of ['audit_entries', 'audit_checkpoints']) for (const op of ['update', 'delete']) await m.query(`DROP TRIGGER trg_${table}_no_${op}`);
    const rows = (await m.query(`SELECT * FROM audit_entries WHERE chain = ${p(1)} ORDER BY position`, [chain])) as EntryRow[];
    const held = rows.findIndex((r) => r.type === 'task-submitted' && r.payload.includes('"minutes":120'));
    expect(held).toBeGreaterThan(0);
    let prev = rows[held - 1]!.hash;
    for (const row of rows.slice(held)) {
      const payload = row === rows[held] ? row.payload.replace('"minutes":120', '"minutes":90') : row.payload;
      const hash = entryHash(prev, entryBody(fieldsOf({ ...row, payload })));
      await m.query(`UPDATE audit_entries SET payload = ${p(1)}, prev_hash = ${p(2)}, hash = ${p(3)} WHERE id = ${p(4)}`, [payload, prev, hash, row.id]);
      prev = hash;
    }
    await m.query('DELETE FROM audit_checkpoints');
  });
}
