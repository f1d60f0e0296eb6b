import { committeeLogin, memberLogin } from '@chibo/cli';
import { describeWith } from '@chibo/testing';
import { fixture, PASSWORD, startWebApp, type WebApp } from './support/web-app';

const CELL = 'CB-THCS-AI-MO';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A browser's session on the pages, without a browser: its cookie and the CSRF token of the page it last read. */
async function pageSession(app: WebApp, login: string) {
  const response = await fetch(`${app.baseUrl}/dang-nhap`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ login, password: PASSWORD, next: '/viec-cua-toi' }).toString(), redirect: 'manual' });
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (path: string) => {
    const page = await fetch(`${app.baseUrl}${path}`, { headers: { cookie } });
    const html = await page.text();
    return { status: page.status, html, csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '' };
  };
  return { cookie, get };
}

/** The draft's file as the pages take it (multipart, PDF/DOCX checked by content, 10 MB), stored with its checksum. */
describeWith(['redis'], 'the draft’s uploaded file (the task page and /ho-so/tep)', () => {
  let app: WebApp;
  let taskPath = '';

  beforeAll(async () => {
    app = await startWebApp(fixture('ai-mo-2022'));
    const committee = committeeLogin('DU-NGOC-LAM');
    await app.api(committee, 'POST', '/guidance', { issuer: 'DU-NGOC-LAM', number: '40-HD/ĐU', issuedOn: '2022-03-16', title: 'Hướng dẫn sinh hoạt chuyên đề', sessionBy: '2022-04-30', reportBy: '2022-05-10' });
    await app.settle();
    const nga = memberLogin(CELL, 'nga');
    const next = async (login: string, step: string) => (await app.api<Array<{ id: string; step: string }>>(login, 'GET', '/tasks/inbox')).find((t) => t.step === step)!.id;
    await app.api(nga, 'POST', `/tasks/${await next(nga, 'plan')}/submit`, { topic: 'Tự soi, tự sửa', month: '2022-04' });
    await app.api(nga, 'POST', `/tasks/${await next(nga, 'assign-draft')}/submit`, { assignee: 'm03' });
    taskPath = `/nhiem-vu/${await next(memberLogin(CELL, 'm03'), 'submit-draft')}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = async (session: Awaited<ReturnType<typeof pageSession>>, file: { name: string; type: string; bytes: Buffer } | null, fields: Record<string, string>) => {
    const { csrf } = await session.get(taskPath);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('_action', 'submit');
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    if (file) form.set('attachment', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return fetch(`${app.baseUrl}${taskPath}`, { method: 'POST', headers: { cookie: session.cookie }, body: form, redirect: 'manual' });
  };

  it('should offer a file field and refuse what is not a PDF or DOCX, and a file over 10 MB, at the field (422)', async () => {
    const m03 = await pageSession(app, memberLogin(CELL, 'm03'));
    const page = await m03.get(taskPath);
    expect(page.html).toContain('enctype="multipart/form-data"');
    expect(page.html).toMatch(/<input type="file" id="f-attachment" name="attachment"/);
    const text = await post(m03, { name: 'du-thao.pdf', type: 'application/pdf', bytes: Buffer.from('không phải PDF') }, { title: 'Dự thảo' });
    expect(text.status).toBe(422);
    // At the field: its error paragraph says why.
    expect(await text.text()).toMatch(/<p class="field-error" id="f-attachment-error">(?:<span[^>]*>[^<]*<\/span>)?Tệp “du-thao.pdf” không phải PDF hay DOCX/);
    const big = await post(m03, { name: 'du-thao.pdf', type: 'application/pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]) }, { title: 'Dự thảo' });
    expect(big.status).toBe(422);
    expect(await big.text()).toContain('Tệp quá lớn: tối đa 10 MB');
  });

  it('should store an accepted PDF with its checksum and serve it to the reviewer and its writer, not to another member before the session is convened, nor to someone signed out', async () => {
    const m03 = await pageSession(app, memberLogin(CELL, 'm03'));
    const accepted = await post(m03, { name: 'Dự thảo chuyên đề.pdf', type: 'application/octet-stream', bytes: PDF }, { title: 'Dự thảo chuyên đề', content: 'Nội dung' });
    expect(accepted.status).toBe(303);
    const nga = await pageSession(app, memberLogin(CELL, 'nga'));
    const inbox = await app.api<Array<{ id: string; step: string }>>(memberLogin(CELL, 'nga'), 'GET', '/tasks/inbox');
    const review = await nga.get(`/nhiem-vu/${inbox.find((t) => t.step === 'review-draft')!.id}`);
    const href = /href="(\/ho-so\/tep\/[0-9a-f-]{36})"/.exec(review.html)?.[1];
    expect(href).toBeDefined();
    const file = await fetch(`${app.baseUrl}${href}`, { headers: { cookie: nga.cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('Dự thảo chuyên đề.pdf'));
    const sha = (await import('node:crypto')).createHash('sha256').update(PDF).digest('base64');
    expect(file.headers.get('digest')).toBe(`sha-256=${sha}`);
    expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), PDF)).toBe(0);
    // Before the session is convened the draft is for who works on it: the member who wrote it, not the others.
    const writer = await pageSession(app, memberLogin(CELL, 'm03'));
    expect((await fetch(`${app.baseUrl}${href}`, { headers: { cookie: writer.cookie } })).status).toBe(200);
    const other = await pageSession(app, memberLogin(CELL, 'm05'));
    expect((await fetch(`${app.baseUrl}${href}`, { headers: { cookie: other.cookie } })).status).toBe(404);
    // Signed out: to the login page, never the file.
    const anonymous = await fetch(`${app.baseUrl}${href}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/dang-nhap');
    expect((await fetch(`${app.baseUrl}/ho-so/tep/00000000-0000-4000-8000-000000000000`, { headers: { cookie: nga.cookie } })).status).toBe(404);
  });
});
