import type { Response } from 'supertest';
import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { EngineDriver, expectStatus, seedEngineFixture } from '../support/engine-fixture';
import { ORG, PASSWORD } from '../support/fixture';

/**
 * The notice templates page (ADR 0031's overrides on the web, docs/adr/0032): committee A finds it in its menu, sees
 * each kind with what applies, previews a subject on the sample notice, is refused a template with an unknown
 * variable with 422 next to the subject field (whole page without JavaScript, the form alone for htmx) and nothing
 * stored, saves one (the API then reports the unit's own version), and goes back to the shipped template. A cell's
 * secretary has no such page; committee B cannot save committee A's.
 */
describeEngine('notice templates page', (kind) => {
  let t: EngineTestApp;
  let driver: EngineDriver;
  let cookie = '';
  const PAGE = '/thong-bao/mau-thu';
  const EDIT = `${PAGE}/session-convened`;
  const API = `/api/v1/notice-templates/session-convened/orgs/${ORG.committeeA}`;

  async function signIn(login: string): Promise<string> {
    const response = await t.http().post('/dang-nhap').type('form').send(new URLSearchParams({ login, password: PASSWORD, next: '/' }).toString());
    expect(response.status).toBe(303);
    return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith('chibo_token='))!.split(';')[0]!;
  }
  const csrfOf = (response: Response) => /name="_csrf" value="([^"]+)"/.exec(response.text)![1]!;
  const textareaOf = (response: Response, name: string) => decode(new RegExp(`<textarea id="nt-${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(response.text)?.[1] ?? '');
  const post = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
    const page = await t.http().get(`${EDIT}?don-vi=${ORG.committeeA}`).set('Cookie', cookie);
    return t.http().post(path).set('Cookie', cookie).set(headers).type('form').send(new URLSearchParams({ _csrf: csrfOf(page), org: ORG.committeeA, ...fields }).toString());
  };
  const shipped = async () => {
    const page = await t.http().get(`${EDIT}?don-vi=${ORG.committeeA}`).set('Cookie', cookie);
    return { subject: decode(/<input type="text" id="nt-subject" name="subject" value="([^"]*)"/.exec(page.text)![1]!), text: textareaOf(page, 'text'), html: textareaOf(page, 'html') };
  };

  beforeAll(async () => {
    t = await startEngineApp(kind);
    driver = new EngineDriver(t, await seedEngineFixture(t));
    cookie = await signIn('cap-uy-a');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('should list every kind with the shipped templates in use, reachable from the committee’s menu', async () => {
    const home = await t.http().get('/viec-cua-toi').set('Cookie', cookie);
    expect(home.text).toContain(`<a href="${PAGE}">Mẫu thư thông báo</a>`);
    const list = await t.http().get(PAGE).set('Cookie', cookie);
    expectStatus(list, 200);
    expect(list.text).toContain('Mẫu thư thông báo của đảng ủy');
    expect(decode(list.text)).toContain(`href="${EDIT}?don-vi=${ORG.committeeA}"`);
    expect(list.text).toContain('Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 25/03/2022');
    expect(list.text).toContain('Đang dùng mẫu mặc định của chibo.');
    // The editor starts from the shipped sources.
    const sources = await shipped();
    expect(sources.subject).toBe('[chibo] Thông báo triệu tập sinh hoạt chi bộ lúc {{event.when}}');
    expect(sources.text).toContain('Kính gửi đồng chí {{recipientName}},');
    expect(sources.html).toContain('<strong>{{recipientName}}</strong>');
  });

  it('should preview a subject on the sample notice without storing it', async () => {
    const sources = await shipped();
    const preview = await post(EDIT, { ...sources, subject: 'Mời họp {{orgName}} lúc {{event.when}}', _action: 'preview' });
    expectStatus(preview, 200);
    expect(preview.text).toContain('<p class="preview-subject">Mời họp Chi bộ Khu phố 1 lúc 08:00 ngày 25/03/2022</p>');
    expect(preview.text).toContain('Kính gửi đồng chí Nguyễn Văn An,');
    expect(((await t.http().get(API).set(driver.auth('committeeA'))).body as { versions: unknown[] }).versions).toEqual([]);
  });

  it('should refuse an unknown variable with 422 next to the subject, as a page and as the form for htmx, and store nothing', async () => {
    const sources = await shipped();
    const page = await post(EDIT, { ...sources, subject: 'Họp lúc {{ngayHop}}', _action: 'save' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<!doctype html>');
    expect(/<p class="field-error" id="nt-subject-error">([^<]*)<\/p>/.exec(page.text)?.[1]).toBe('Trường “ngayHop” không có trong dữ liệu của thông báo.');
    const english = await post(EDIT, { ...sources, subject: 'Họp lúc {{ngayHop}}', _action: 'save' }, { Cookie: `${cookie}; chibo_lang=en` });
    expect(english.status).toBe(422);
    expect(/<p class="field-error" id="nt-subject-error">([^<]*)<\/p>/.exec(english.text)?.[1]).toBe('The notice has no field “ngayHop”.');
    expect(page.text).toMatch(/id="nt-subject" name="subject" value="Họp lúc \{\{ngayHop\}\}" aria-describedby="[^"]*nt-subject-error" aria-invalid="true"/);
    expect(page.text).not.toContain('id="nt-text-error"');
    expect(page.text).toContain('href="#nt-subject"');
    const fragment = await post(EDIT, { ...sources, subject: 'Họp lúc {{ngayHop}}', _action: 'save' }, { 'HX-Request': 'true' });
    expect(fragment.status).toBe(422);
    expect(fragment.text.trimStart()).toMatch(/^<form id="notice-template-form"/);
    expect(fragment.text).toContain('id="nt-subject-error"');
    expect(((await t.http().get(API).set(driver.auth('committeeA'))).body as { versions: unknown[] }).versions).toEqual([]);
  });

  it('should word a syntax error and an unknown helper in the page’s language, never the parser’s message or a rule code', async () => {
    const sources = await shipped();
    const errorOf = (html: string, field: string) => decode(new RegExp(`<p class="field-error" id="nt-${field}-error">([^<]*)</p>`).exec(html)?.[1] ?? '');
    const bad = { ...sources, subject: 'Họp {{#if event.when}}lúc {{event.when}}', text: 'Kính gửi {{upper recipientName}}', _action: 'preview' };
    const vi = await post(EDIT, bad);
    const en = await post(EDIT, bad, { Cookie: `${cookie}; chibo_lang=en` });
    expect([vi.status, en.status]).toEqual([422, 422]);
    expect([errorOf(vi.text, 'subject'), errorOf(vi.text, 'text')]).toEqual([
      'Lỗi cú pháp Handlebars ở dòng 1 (“Họp {{#if event.when}}lúc {{event.when}}”): khối {{#…}} chưa được đóng bằng {{/…}}.',
      'Mẫu thông báo không có hàm trợ giúp “upper”: chỉ dùng được #if, #unless, #each, #with và lookup.',
    ]);
    expect([errorOf(en.text, 'subject'), errorOf(en.text, 'text')]).toEqual([
      'Handlebars syntax error on line 1 (“Họp {{#if event.when}}lúc {{event.when}}”): a block {{#…}} is not closed with {{/…}}.',
      'Notice templates have no helper “upper”: only #if, #unless, #each, #with and lookup can be used.',
    ]);
    for (const page of [vi, en]) expect(decode(page.text)).not.toMatch(/Expecting|got 'EOF'|template-syntax|unknown-helper|unclosed-block|knownHelpersOnly/);
  });

  it('should save only the changed subject as the unit’s own, then go back to the shipped template', async () => {
    const sources = await shipped();
    const saved = await post(EDIT, { ...sources, subject: 'Mời họp {{orgName}} lúc {{event.when}}', _action: 'save' });
    expect(saved.status).toBe(303);
    expect(saved.headers['location']).toBe(`${EDIT}?don-vi=${ORG.committeeA}&xong=luu`);
    const applied = (await t.http().get(API).set(driver.auth('committeeA'))).body as { applies: Record<string, { ref: string }>; versions: Array<{ field: string }> };
    expect(applied.applies['subject']!.ref).toBe(`override:${ORG.committeeA}:notice:session-convened:subject@1`);
    expect(applied.applies['text']!.ref).toBe('shipped');
    expect(applied.versions.map((v) => v.field)).toEqual(['subject']);
    const after = await t.http().get(`${EDIT}?don-vi=${ORG.committeeA}&xong=luu`).set('Cookie', cookie);
    expect(after.text).toContain('Đã lưu mẫu.');
    expect(after.text).toContain('Đang dùng mẫu riêng của đơn vị (phiên bản 1).');
    expect(after.text).toContain('Khôi phục mẫu mặc định');

    const reset = await post(`${EDIT}/khoi-phuc`, {});
    expect(reset.status).toBe(303);
    const back = await t.http().get(String(reset.headers['location'])).set('Cookie', cookie);
    expect(back.text).toContain('Đã khôi phục');
    expect(back.text).not.toContain('Đang dùng mẫu riêng');
    expect((await shipped()).subject).toBe(sources.subject);
    expect(((await t.http().get(API).set(driver.auth('committeeA'))).body as { applies: Record<string, { ref: string }> }).applies['subject']!.ref).toBe('shipped');
  });

  it('should offer the self-criticism reminders and the daily digest too, each tried on its own sample', async () => {
    const list = decode((await t.http().get(PAGE).set('Cookie', cookie)).text);
    expect(list).toContain('Nhắc nộp bản tự soi, tự sửa: hạn 31/03/2022');
    expect(list).toContain('Bản tin thông báo hằng ngày');
    const digest = `${PAGE}/digest`;
    const page = await t.http().get(`${digest}?don-vi=${ORG.committeeA}`).set('Cookie', cookie);
    const sources = { subject: decode(/id="nt-subject" name="subject" value="([^"]*)"/.exec(page.text)![1]!), text: textareaOf(page, 'text'), html: textareaOf(page, 'html') };
    expect(sources.subject).toBe('[chibo] Bản tin thông báo ngày {{date}} ({{count}} thông báo)');
    // A digest has no session: {{event.when}} is refused at the subject; its own fields preview.
    const refused = await post(digest, { ...sources, subject: 'Họp lúc {{event.when}}', _action: 'save' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="nt-subject-error"');
    const preview = await post(digest, { ...sources, subject: 'Bản tin {{orgName}}', _action: 'preview' });
    expect(preview.status).toBe(422);
    const good = await post(digest, { ...sources, subject: 'Bản tin ngày {{date}}: {{count}} thông báo', _action: 'preview' });
    expectStatus(good, 200);
    expect(good.text).toContain('<p class="preview-subject">Bản tin ngày 25/03/2022: 2 thông báo</p>');
    const reminder = await t.http().put(`/api/v1/notice-templates/task-reminder/orgs/${ORG.committeeA}`).set(driver.auth('committeeA')).send({ subject: 'Nhắc việc: {{title}}' });
    expectStatus(reminder, 200);
  });

  it('should show the page in English with the English dictionary', async () => {
    const list = await t.http().get(PAGE).set('Cookie', `${cookie}; chibo_lang=en`);
    expect(list.text).toContain('The committee’s notice templates');
    expect(list.text).toContain('Using chibo’s shipped template.');
  });

  it('should give a cell’s secretary no page, and refuse committee B a save for committee A', async () => {
    const secretary = await signIn('nga');
    expect((await t.http().get('/viec-cua-toi').set('Cookie', secretary)).text).not.toContain(`href="${PAGE}"`);
    expect((await t.http().get(PAGE).set('Cookie', secretary)).status).toBe(403);
    const other = await signIn('cap-uy-b');
    const page = await t.http().get(`${PAGE}`).set('Cookie', other);
    expect(decode(page.text)).toContain(`don-vi=${ORG.committeeB}`);
    const refused = await t.http().post(EDIT).set('Cookie', other).type('form').send(new URLSearchParams({ _csrf: csrfOf(page), org: ORG.committeeA, subject: 'x', text: 'x', html: 'x', _action: 'save' }).toString());
    expect(refused.status).toBe(404);
    expect(((await t.http().get(API).set(driver.auth('committeeA'))).body as { applies: Record<string, { ref: string }> }).applies['subject']!.ref).toBe('shipped');
  });
});

function decode(html: string): string {
  return html.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
