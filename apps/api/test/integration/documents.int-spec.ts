import { findChromium } from '@chibo/documents';
import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { type EngineTestApp, describeEngine, startEngineApp } from '../support/engine-app';
import { type EngineActor, EngineDriver, expectStatus, seedEngineFixture, VALID_INPUT } from '../support/engine-fixture';
import { ORG } from '../support/fixture';

interface ListedDocument {
  id: string;
  org: string;
  type: string;
  number: string;
  status: string;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const pdfAvailable = findChromium() !== null;
if (!pdfAvailable) process.stdout.write('[@chibo/api] PDF download answers 503 here (no Chromium); the 200 case is NOT RUN — apt-get install -y chromium\n');

describeEngine('documents: list, preview, download, cancel, registers, committee templates', (kind) => {
  let t: EngineTestApp;
  let d: EngineDriver;
  let instanceA1: string;
  let documents: ListedDocument[];
  const byType = (type: string) => documents.find((doc) => doc.org === ORG.cellA1 && doc.type === type)!;
  const get = (actor: EngineActor, path: string) => t.http().get(`/api/v1${path}`).set(d.auth(actor));

  beforeAll(async () => {
    t = await startEngineApp(kind);
    try {
      d = new EngineDriver(t, await seedEngineFixture(t));
      const { number } = await d.issueGuidance({ cells: [ORG.cellA1] });
      instanceA1 = d.cellInstanceId(ORG.cellA1, number);
      await d.driveCellA1(instanceA1, 'report');
      await d.submitStep(instanceA1, 'report', 'secretaryA1', {});
      const list = await get('admin', `/documents?instance=${encodeURIComponent(instanceA1)}`);
      expectStatus(list, 200);
      documents = list.body as ListedDocument[];
    } catch (error) {
      await t?.close();
      throw error;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should list the plan, notice, resolution, minutes and report of the cell with the same fields as before', () => {
    expect(documents.map((doc) => doc.type).sort()).toEqual(['BB', 'BC', 'KH', 'NQ', 'TB']);
    for (const doc of documents) {
      expect(Object.keys(doc).sort()).toEqual(['checksum', 'data', 'id', 'instanceId', 'issuedAt', 'number', 'org', 'status', 'title', 'type']);
    }
    expect(byType('NQ').number).toBe('Số 01-NQ/CB');
  });

  it('should describe a document with its checksums, the template that rendered it and its download links', async () => {
    const nq = byType('NQ');
    const response = await get('memberA1', `/documents/${nq.id}`);
    expectStatus(response, 200);
    expect(response.body).toMatchObject({
      id: nq.id,
      org: ORG.cellA1,
      orgName: 'Chi bộ Trường THCS Ái Mộ',
      type: 'NQ',
      number: 'Số 01-NQ/CB',
      status: 'issued',
      rendering: { available: true, htmlChecksum: expect.stringMatching(/^[0-9a-f]{64}$/), template: 'plugin:thematic:resolution', note: null },
      cancelled: null,
      formats: { html: true, docx: true, pdf: pdfAvailable },
      links: { html: `/api/v1/documents/${nq.id}/html`, pdf: `/api/v1/documents/${nq.id}/pdf`, docx: `/api/v1/documents/${nq.id}/docx` },
    });
  });

  it('should preview the minutes as the HTML that was issued, locked down by its content security policy', async () => {
    const bb = byType('BB');
    const meta = await get('secretaryA1', `/documents/${bb.id}`);
    const response = await get('secretaryA1', `/documents/${bb.id}/html`);
    expectStatus(response, 200);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-document-checksum']).toBe(sha256(response.text));
    expect(sha256(response.text)).toBe(meta.body.rendering.htmlChecksum);
    for (const text of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'ĐẢNG BỘ KHỐI TRƯỜNG HỌC', 'CHI BỘ TRƯỜNG THCS ÁI MỘ', 'Số 01-BB/CB', 'BIÊN BẢN', 'Chủ trì: đồng chí Ngô Thị Nga', 'Thư ký: đồng chí Trần Văn Hùng', 'PHIẾU CHẤM ĐIỂM']) {
      expect(response.text).toContain(text);
    }
  });

  it('should download the resolution as a Word document named after its number', async () => {
    const nq = byType('NQ');
    const response = await get('secretaryA1', `/documents/${nq.id}/docx`).responseType('blob');
    expectStatus(response, 200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="So-01-NQ-CB.docx"; filename*=UTF-8''${encodeURIComponent('Số 01-NQ-CB.docx')}`);
    expect((response.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it(pdfAvailable ? 'should download the resolution as a PDF named after its number' : 'should answer 503 with how to install Chromium when there is none', async () => {
    const nq = byType('NQ');
    const response = await get('secretaryA1', `/documents/${nq.id}/pdf`).responseType('blob');
    if (pdfAvailable) {
      expectStatus(response, 200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toContain('filename="So-01-NQ-CB.pdf"');
      expect((response.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } else {
      expectStatus(response, 503);
      expect(JSON.parse((response.body as Buffer).toString('utf8'))).toMatchObject({ error: 'pdf-unavailable', message: expect.stringContaining('apt-get install -y chromium') });
    }
  });

  it.each(['', '/html', '/pdf', '/docx'])('should answer 404, as for a missing document, when the caller may not see the cell (GET /documents/:id%s)', async (suffix) => {
    const nq = byType('NQ');
    const hidden: Response = await get('secretaryA2', `/documents/${nq.id}${suffix}`);
    const missing: Response = await get('secretaryA2', `/documents/00000000-0000-0000-0000-000000000000${suffix}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error).toBe(missing.body.error);
    expect(hidden.body.message.replace(nq.id, 'X')).toBe(missing.body.message.replace('00000000-0000-0000-0000-000000000000', 'X'));
  });

  it('should name the field and the rule when a cancellation gives no reason', async () => {
    const response = await t.http().post(`/api/v1/documents/${byType('TB').id}/cancel`).set(d.auth('secretaryA1')).send({});
    expectStatus(response, 422);
    expect(response.body.issues).toEqual([expect.objectContaining({ path: 'reason' })]);
  });

  it('should let the secretary cancel a document, which keeps its number, once; a member and the auditor may not', async () => {
    const tb = byType('TB');
    expectStatus(await t.http().post(`/api/v1/documents/${tb.id}/cancel`).set(d.auth('memberA1')).send({ reason: 'Sai giờ' }), 403);
    const auditor = await t.http().post(`/api/v1/documents/${tb.id}/cancel`).set(d.auth('auditor')).send({ reason: 'Sai giờ' });
    expect(auditor.status).toBe(403);
    expect(auditor.body.error).toBe('read-only');

    const cancelled = await t.http().post(`/api/v1/documents/${tb.id}/cancel`).set(d.auth('secretaryA1')).send({ reason: 'Ghi nhầm địa điểm' });
    expectStatus(cancelled, 200);
    expect(cancelled.body).toMatchObject({ number: 'Số 01-TB/CB', status: 'cancelled', cancelled: { reason: 'Ghi nhầm địa điểm' } });
    expectStatus(await t.http().post(`/api/v1/documents/${tb.id}/cancel`).set(d.auth('secretaryA1')).send({ reason: 'Lần nữa' }), 409);

    const preview = await get('memberA1', `/documents/${tb.id}/html`);
    expect(preview.text).toContain('VĂN BẢN ĐÃ BỊ HỦY');
    expect(preview.text).toContain('Ghi nhầm địa điểm');

    const registers = await get('auditor', `/documents/registers?org=${ORG.cellA1}`);
    expectStatus(registers, 200);
    const tbRegister = (registers.body as Array<{ type: string; holes: number[]; entries: Array<{ seq: number; status: string; number: string }> }>).find((r) => r.type === 'TB')!;
    expect(tbRegister.holes).toEqual([]);
    expect(tbRegister.entries).toEqual([expect.objectContaining({ seq: 1, status: 'cancelled', number: 'Số 01-TB/CB' })]);
  });

  describe('committee templates', () => {
    const put = (actor: EngineActor, template: string, org: string, source: string) =>
      t.http().put(`/api/v1/document-templates/${template}/orgs/${org}`).set(d.auth(actor)).send({ source });
    const planTemplate = '{{#> document}}\n{{> title-block}}\n<div class="body">\n<p>KẾ HOẠCH THEO MẪU CỦA ĐẢNG ỦY KHỐI: {{plan.topic}}</p>\n</div>\n{{#> footer}}<p class="recipient">- Lưu.</p>{{/footer}}\n{{/document}}\n';

    it('should list the templates of the enabled plugins', async () => {
      const response = await get('memberA1', '/document-templates');
      expectStatus(response, 200);
      expect((response.body as Array<{ id: string }>).map((x) => x.id)).toEqual(
        expect.arrayContaining(['thematic:plan', 'thematic:notice', 'thematic:minutes', 'thematic:resolution', 'thematic:report', 'guidance:rollup']),
      );
    });

    it('should refuse a broken template with 422, the line and the reason, and keep the plugin template in use', async () => {
      const response = await put('committeeA', 'thematic:plan', ORG.committeeA, '{{#> document}}\n<p>{{plan.topic}</p>\n{{/document}}');
      expectStatus(response, 422);
      expect(response.body).toMatchObject({ error: 'template-invalid', issues: [expect.objectContaining({ path: 'source', rule: 'template-syntax', line: 2 })] });
      const effective = await get('committeeA', `/document-templates/thematic:plan/orgs/${ORG.cellA1}`);
      expect(effective.body.applies).toBe('plugin:thematic:plan');
    });

    it('should refuse a template that reads a field plans do not have, naming it', async () => {
      const response = await put('committeeA', 'thematic:plan', ORG.committeeA, planTemplate.replace('{{plan.topic}}', '{{plan.budget}}'));
      expectStatus(response, 422);
      expect(response.body.issues[0]).toMatchObject({ rule: 'unknown-field', line: 4, message: expect.stringContaining('budget') });
    });

    it('should let only a committee above the cell (or an admin) change its templates', async () => {
      expectStatus(await put('secretaryA1', 'thematic:plan', ORG.cellA1, planTemplate), 403);
      expectStatus(await put('committeeB', 'thematic:plan', ORG.cellA1, planTemplate), 404);
      expectStatus(await put('committeeA', 'thematic:nothing', ORG.cellA1, planTemplate), 404);
    });

    it("should render the next plan of the committee's cells with the committee's template, until it is retired", async () => {
      const saved = await put('committeeA', 'thematic:plan', ORG.committeeA, planTemplate);
      expectStatus(saved, 200);
      expect(saved.body).toMatchObject({ org: ORG.committeeA, template: 'thematic:plan', version: 1, status: 'active' });
      const effective = await get('secretaryA1', `/document-templates/thematic:plan/orgs/${ORG.cellA1}`);
      expect(effective.body).toMatchObject({ applies: `override:${ORG.committeeA}:thematic:plan@1`, source: planTemplate });

      const { number } = await d.issueGuidance({ cells: [ORG.cellA1] });
      const instance = d.cellInstanceId(ORG.cellA1, number);
      await d.submitStep(instance, 'plan', 'secretaryA1', VALID_INPUT.plan);
      const [plan] = (await get('secretaryA1', `/documents?instance=${encodeURIComponent(instance)}&type=KH`)).body as ListedDocument[];
      const html = await get('secretaryA1', `/documents/${plan!.id}/html`);
      expect(html.text).toContain(`KẾ HOẠCH THEO MẪU CỦA ĐẢNG ỦY KHỐI: ${VALID_INPUT.plan.topic}`);
      expect((await get('secretaryA1', `/documents/${plan!.id}`)).body.rendering.template).toBe(`override:${ORG.committeeA}:thematic:plan@1`);

      const retired = await t.http().delete(`/api/v1/document-templates/thematic:plan/orgs/${ORG.committeeA}`).set(d.auth('committeeA'));
      expectStatus(retired, 200);
      expect(retired.body.retired).toBe(true);
      expect((await get('committeeA', `/document-templates/thematic:plan/orgs/${ORG.cellA1}`)).body.applies).toBe('plugin:thematic:plan');
    });
  });
});
