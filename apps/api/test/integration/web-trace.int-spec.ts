import type { Response } from 'supertest';
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync } from 'node:zlib';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, VALID_INPUT, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

/**
 * The auditor's trace of a guidance with a long history, at the HTTP level (no JavaScript): 50 entries a page with
 * "Trang trước"/"Trang sau" links that keep the filters, filters by cell, person, step and days that narrow it, groups
 * by step that fold (<details>), wrong filters refused with 422 naming the field and the rule, and the page sent
 * compressed when the browser asks. CB-A1 runs the whole session with its draft sent back twice; CB-A2 lets its
 * deadlines pass. Runs on SQLite and PostgreSQL.
 */
describeEngine('the auditor’s trace: pages, filters, groups', (kind) => {
  let t: EngineTestApp;
  let driver: EngineDriver;
  let guidanceId = '';
  let auditorToken = '';
  let auditor = '';
  let a2 = '';

  const page = (query = '') => t.http().get(`/kiem-tra/${guidanceId}${query ? `?${query}` : ''}`).set('Cookie', auditor);
  /** The audit-log numbers of the rows on a page, sorted (every event the trace shows is chained in the log). */
  const rowIds = (response: Response) => [...response.text.matchAll(/Nhật ký #(\d+) ·/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  /** An href as Handlebars writes it into the page (& and = escaped; the browser reads them back). */
  const href = (url: string) => `href="${url.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}"`;
  const sorted = (ids: Array<number | null>) => ids.filter((id): id is number => id !== null).sort((a, b) => a - b);
  const rows = (response: Response) => response.text.match(/<tr class="kind-/g)?.length ?? 0;
  /** The text of a column of every row ("Thời điểm", "Người thực hiện"). */
  const column = (response: Response, label: string) => [...response.text.matchAll(new RegExp(`<td data-label="${label}">([^<]*)`, 'g'))].map((m) => m[1]!);
  const optionValue = (response: Response, name: string, label: string) => {
    const select = new RegExp(`<select id="f-${name}" name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(response.text)?.[1] ?? '';
    const value = new RegExp(`<option value="([^"]+)"[^>]*>${label}</option>`).exec(select)?.[1];
    if (!value) throw new Error(`no option "${label}" in ${name}: ${select}`);
    return value;
  };
  function expectRefused(response: Response, field: string, message: string): void {
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.text.startsWith('<!doctype html>')).toBe(true);
    // In the summary at the top, linked to its field, and next to the field.
    expect(response.text).toContain(`<a href="#f-${field}">${message}`);
    expect(response.text).toContain('<h2>Cần sửa các mục sau</h2>');
    expect(response.text).toMatch(new RegExp(`<p class="field-error" id="f-${field}-error"><span class="visually-hidden">[^<]*</span>${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(rows(response)).toBe(0);
  }

  /** A GET whose body is kept as sent (no decoding), on the app's server listening on a free port. */
  async function rawGet(path: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  }

  beforeAll(async () => {
    t = await startEngineApp(kind);
    const f = await seedEngineFixture(t);
    auditorToken = f.tokens.auditor;
    driver = new EngineDriver(t, f);
    const guidance = await driver.issueGuidance();
    guidanceId = guidance.id;
    a2 = driver.cellInstanceId(ORG.cellA2, guidance.number);
    const a1 = driver.cellInstanceId(ORG.cellA1, guidance.number);
    await driver.driveCellA1(a1, 'review-draft');
    for (const note of ['Bổ sung phần liên hệ bản thân', 'Rút gọn phần mở đầu', 'Nêu rõ việc làm cụ thể', 'Thêm số liệu năm học trước', 'Sửa lỗi chính tả']) {
      await driver.submitStep(a1, 'review-draft', 'secretaryA1', { decision: 'revise', note });
      await driver.submitStep(a1, 'submit-draft', 'memberA1', VALID_INPUT.draft);
    }
    await driver.driveCellA1(a1, 'report');
    await driver.submitStep(a1, 'report', 'secretaryA1', {});
    // CB-A2 never holds its session: session-missing, then report-missing.
    await driver.advanceTo('2022-05-11T10:00:00+07:00');
    const login = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login: 'kiem-tra', password: PASSWORD, next: '/kiem-tra' }).toString());
    auditor = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should show 50 entries a page, in the order of the export, with links to the next and previous page', async () => {
    const csv = await t.http().get(`/kiem-tra/${guidanceId}/trace.csv`).set('Cookie', auditor);
    expect(csv.status).toBe(200);
    const all = csv.text.replace('\uFEFF', '').trimEnd().split('\r\n').slice(1);
    const ids = all.map((row) => /#(\d+) [0-9a-f]{12}$/.exec(row)?.[1]).map((id) => (id ? Number(id) : null));
    expect(all.length).toBeGreaterThan(50);
    expect(all.length).toBeLessThanOrEqual(100);

    const first = await page();
    expect(first.status).toBe(200);
    expect(rows(first)).toBe(50);
    expect(first.text).toContain(`Mục 1–50 trong ${all.length} mục diễn biến, trang 1/2`);
    expect(rowIds(first)).toEqual(sorted(ids.slice(0, 50))); // grouped by step on the page, so compared as sets
    expect(first.text).toContain(`${href(`/kiem-tra/${guidanceId}?trang=2`)}>Trang sau ›</a>`);
    expect(first.text).not.toContain('Trang trước');

    const second = await page('trang=2');
    expect(second.status).toBe(200);
    expect(rows(second)).toBe(all.length - 50);
    expect(second.text).toContain(`Mục 51–${all.length} trong ${all.length} mục diễn biến, trang 2/2`);
    expect(rowIds(second)).toEqual(sorted(ids.slice(50)));
    expect(second.text).toContain(`${href(`/kiem-tra/${guidanceId}?trang=1`)}>‹ Trang trước</a>`);
    expect(second.text).not.toContain('Trang sau');
    // The cell cut by the page break says so on both pages.
    expect(first.text).toContain('còn tiếp ở trang sau');
    expect(second.text).toContain('tiếp theo từ trang trước');
  });

  it('should fold the entries of each step into one group, open where a finding was recorded', async () => {
    const response = await page('chi-bo=CB-A1');
    const groups = [...response.text.matchAll(/<details class="trace-group"( open)?>\s*<summary><span class="group-title">([^<]+)<\/span>([\s\S]*?)<\/summary>/g)];
    const titles = groups.map((g) => g[2]);
    expect(new Set(titles).size).toBe(titles.length); // one group per step
    expect(titles).toContain('Diễn biến chung của quy trình');
    // The six versions of the draft and their five returns are in the draft's and the review's groups.
    const draft = groups.find((g) => g[2] === 'Nộp dự thảo chuyên đề')!;
    expect(draft[3]).toContain('12 mục');
    const withFinding = groups.filter((g) => g[3]!.includes('phát hiện</span>'));
    expect(withFinding.length).toBeGreaterThan(0);
    expect(withFinding.every((g) => g[1] === ' open')).toBe(true);
    expect(groups.filter((g) => g[1] === undefined).length).toBeGreaterThan(3); // the rest folded
  });

  it('should word a cell’s findings in the page’s language, in the trace and the dossier, never the Vietnamese on an English page', async () => {
    // CB-A2's session-missing and report-missing, recorded by the steps' timers with their dates as data.
    const english = (path: string) => t.http().get(path).set('Cookie', `${auditor}; chibo_lang=en`);
    const vi = await page(`chi-bo=${ORG.cellA2}`);
    const en = await english(`/kiem-tra/${guidanceId}?chi-bo=${ORG.cellA2}`);
    expect(vi.status).toBe(200);
    expect(en.status).toBe(200);
    expect(vi.text).toContain('Quá hạn 30/04/2022 chưa tổ chức sinh hoạt');
    expect(vi.text).toContain('Quá hạn 10/05/2022 chưa nhận được báo cáo');
    expect(en.text).toContain('(No session held by 30/04/2022)');
    expect(en.text).toContain('(No report received by 10/05/2022)');
    // The findings card of the cell says it too, beside the finding's English label.
    expect(en.text).toMatch(/session-missing<\/span> [^<]+\s*<span class="muted">— No session held by 30\/04\/2022<\/span>/);
    for (const sentence of ['chưa tổ chức sinh hoạt', 'chưa nhận được báo cáo']) expect(en.text).not.toContain(sentence);
    // The dossier of the cell, the same words.
    const dossierVi = await t.http().get(`/ho-so/${encodeURIComponent(a2)}`).set('Cookie', auditor);
    const dossierEn = await english(`/ho-so/${encodeURIComponent(a2)}`);
    expect(dossierVi.status).toBe(200);
    expect(dossierVi.text).toContain('— Quá hạn 30/04/2022 chưa tổ chức sinh hoạt</span>');
    expect(dossierEn.text).toContain('— No session held by 30/04/2022</span>');
    expect(dossierEn.text).toContain('— No report received by 10/05/2022</span>');
    for (const sentence of ['chưa tổ chức sinh hoạt', 'chưa nhận được báo cáo']) expect(dossierEn.text).not.toContain(sentence);
    // The JSON API keeps the steps' Vietnamese sentences, with their data beside them.
    const state = await t.http().get(`/api/v1/instances/${encodeURIComponent(a2)}/state`).set('Authorization', `Bearer ${auditorToken}`);
    expect((state.body as { findings: unknown[] }).findings).toEqual([
      expect.objectContaining({ code: 'session-missing', detail: 'Quá hạn 2022-04-30 chưa tổ chức sinh hoạt', params: { by: '2022-04-30' } }),
      expect.objectContaining({ code: 'report-missing', detail: 'Quá hạn 2022-05-10 chưa nhận được báo cáo', params: { by: '2022-05-10' } }),
    ]);
  });

  it('should narrow the trace by cell, person, step and days, and keep the filters in the paging and export links', async () => {
    const everything = await page();
    const total = Number(/trong (\d+) mục diễn biến/.exec(everything.text)![1]);

    const a1 = await page('chi-bo=CB-A1');
    const a1Total = Number(/trong (\d+) mục diễn biến/.exec(a1.text)![1]);
    expect(a1Total).toBeLessThan(total);
    expect(a1Total).toBeGreaterThan(50);
    expect(a1.text).toContain('id="unit-CB-A1"');
    expect(a1.text).not.toContain('id="unit-CB-A2"');
    expect(a1.text).not.toContain('id="unit-DU-KHOI-A"');
    expect(a1.text).toContain(`${href(`/kiem-tra/${guidanceId}?chi-bo=CB-A1&trang=2`)}>Trang sau ›</a>`);
    expect(a1.text).toContain(href(`/kiem-tra/${guidanceId}/trace.csv?chi-bo=CB-A1`));
    const a1Second = await page('chi-bo=CB-A1&trang=2');
    expect(rows(a1Second)).toBe(a1Total - 50);

    const committee = await page(`chi-bo=${ORG.committeeA}`);
    expect(committee.text).toContain('id="unit-DU-KHOI-A"');
    expect(committee.text).not.toContain('id="unit-CB-A1"');

    // Trần Văn Hùng wrote the draft six times (sent back five times): his six submissions and nothing else.
    const hung = optionValue(everything, 'nguoi', 'Trần Văn Hùng');
    const byHung = await page(`nguoi=${hung}`);
    expect(byHung.status).toBe(200);
    expect(column(byHung, 'Người thực hiện')).toEqual(Array(6).fill('Trần Văn Hùng'));
    expect(byHung.text).toContain(`<option value="${hung}" selected>Trần Văn Hùng</option>`);

    const reviewTitle = /<option value="review-draft"[^>]*>([^<]+)<\/option>/.exec(everything.text)![1]!;
    const review = await page('buoc=review-draft&chi-bo=CB-A1');
    const titles = [...review.text.matchAll(/<span class="group-title">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(titles).toEqual([reviewTitle]);
    expect(review.text).toContain('<details class="trace-group" open>'); // the only group: shown open
    expect(column(review, 'Người thực hiện').filter((who) => who === 'Ngô Thị Nga')).toHaveLength(6); // six decisions
    expect(review.text).toContain('yêu cầu chỉnh sửa: Sửa lỗi chính tả');

    // Days are Vietnam days, both ends included; dd/mm/yyyy is read as the date input's yyyy-mm-dd.
    const may = await page('tu=01/05/2022&den=2022-05-11');
    const days = column(may, 'Thời điểm').map((text) => text.slice(0, 10));
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((d) => /^(0[1-9]|1[01])\/05\/2022$/.test(d))).toBe(true);
    expect(may.text).toContain('value="2022-05-01"');
    expect(rows(await page('tu=2022-05-12'))).toBe(0);
    expect((await page('tu=2022-05-12')).text).toContain('Không có mục diễn biến nào phù hợp với bộ lọc.');

    const missing = await page('phat-hien=session-missing');
    expect(missing.text).toContain('id="unit-CB-A2"');
    expect(missing.text).not.toContain('id="unit-CB-A1"');
    expect(missing.text).toContain('<span class="badge warning">session-missing</span>');
  });

  it('should refuse a wrong filter with 422, the field and the rule named next to it, never a 500', async () => {
    expectRefused(await page('tu=31/02/2022'), 'tu', 'Từ ngày: “31/02/2022” không phải là một ngày có thật');
    expectRefused(await page('den=hom-qua'), 'den', 'Đến ngày: “hom-qua” không phải là một ngày có thật');
    expectRefused(await page('tu=2022-05-01&den=2022-04-01'), 'den', 'Đến ngày: phải cùng ngày hoặc sau “Từ ngày” (01/05/2022)');
    expectRefused(await page('trang=0'), 'trang', 'Trang: phải là số nguyên từ 1 trở lên, nhận được “0”');
    expectRefused(await page('trang=-3'), 'trang', 'Trang: phải là số nguyên từ 1 trở lên');
    expectRefused(await page('trang=2.5'), 'trang', 'Trang: phải là số nguyên từ 1 trở lên');
    expectRefused(await page('trang=999'), 'trang', 'Trang: với bộ lọc này chỉ có');
    expectRefused(await page('buoc=khong-co-buoc-nay'), 'buoc', 'Bước: “khong-co-buoc-nay” không phải là bước nào trong quy trình của hướng dẫn này.');
    expectRefused(await page(`chi-bo=${ORG.cellB1}`), 'chi-bo', `Chi bộ: “${ORG.cellB1}” không thực hiện hướng dẫn này`);
    expectRefused(await page('nguoi=ai-do'), 'nguoi', 'Người thực hiện: không có tài khoản “ai-do”.');
    expectRefused(await page('nguoi=00000000-0000-4000-8000-000000000000'), 'nguoi', 'Người thực hiện: không có tài khoản');
    expectRefused(await page('phat-hien=khong-ro'), 'phat-hien', 'Phát hiện: “khong-ro” không phải là mã phát hiện nào.');
    // The wrong value stays in its field, marked invalid; the right ones are kept.
    const bad = await page('tu=31/02/2022&chi-bo=CB-A1');
    expect(bad.text).toMatch(/<input type="date" id="f-tu" name="tu" value="31\/02\/2022"[^>]*aria-invalid="true"/);
    expect(bad.text).toContain('<option value="CB-A1" selected>');
    // The exports refuse the same way (a 422 page, not a file).
    const csv = await t.http().get(`/kiem-tra/${guidanceId}/trace.csv?buoc=khong-co`).set('Cookie', auditor);
    expect(csv.status).toBe(422);
    expect(csv.headers['content-type']).toContain('text/html');
  });

  it('should give programs the same trace as JSON: the same pages of 50 entries by step, filters and refusals', async () => {
    const json = (query = '') => t.http().get(`/api/v1/audit/traces/${guidanceId}${query ? `?${query}` : ''}`).set('Authorization', `Bearer ${auditorToken}`);
    const ids = (body: { units: Array<{ groups: Array<{ entries: Array<{ audit: { id: number } | null }> }> }> }) =>
      sorted(body.units.flatMap((u) => u.groups.flatMap((g) => g.entries.map((e) => e.audit?.id ?? null))));
    const [first, second] = [await json(), await json('page=2')];
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ guidance: { id: guidanceId }, page: 1, pages: 2, pageSize: 50 });
    expect(ids(first.body)).toEqual(rowIds(await page()));
    expect(ids(second.body)).toEqual(rowIds(await page('trang=2')));
    expect(first.body.total).toBe(ids(first.body).length + ids(second.body).length);
    // A cell and a step: the page's filters under their English names, the same entries.
    const a1 = await json(`unit=${ORG.cellA1}&step=submit-draft`);
    expect(a1.status).toBe(200);
    expect(a1.body.filters).toMatchObject({ unit: ORG.cellA1, step: 'submit-draft' });
    expect(a1.body.units.map((u: { code: string }) => u.code)).toEqual([ORG.cellA1]);
    expect(a1.body.units[0].groups.map((g: { stepId: string }) => g.stepId)).toEqual(['submit-draft']);
    expect(ids(a1.body)).toEqual(rowIds(await page(`chi-bo=${ORG.cellA1}&buoc=submit-draft`)));
    // Wrong filters: 422 naming the field (its API name) and the rule, as the page does.
    for (const [query, path, rule] of [['from=31/02/2022', 'from', 'date'], ['from=2022-05-01&to=2022-04-01', 'to', 'range'], ['page=999', 'page', 'page-max'], [`unit=${ORG.cellB1}`, 'unit', 'unit'], ['finding=khong-ro', 'finding', 'finding-code']]) {
      const refused = await json(query);
      expect(refused.status).toBe(422);
      expect(refused.body.issues).toEqual([expect.objectContaining({ path, rule })]);
    }
  });

  it('should send the page compressed when the browser accepts it, and plain otherwise', async () => {
    const plain = await page().set('Accept-Encoding', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/Accept-Encoding/i);

    const gzipped = await page().set('Accept-Encoding', 'gzip');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.text).toBe(plain.text); // decoded by the client: the same page

    // The bytes on the wire (supertest would decode them): Brotli preferred when both are accepted.
    const raw = await rawGet(`/kiem-tra/${guidanceId}`, { Cookie: auditor, 'Accept-Encoding': 'gzip;q=0.8, br' });
    expect(raw.headers['content-encoding']).toBe('br');
    expect(raw.body.length).toBeLessThan(Buffer.byteLength(plain.text) / 4);
    expect(brotliDecompressSync(raw.body).toString('utf8')).toBe(plain.text);
  });
});
