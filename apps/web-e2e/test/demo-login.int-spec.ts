import { DEMO_PASSWORD, demoAuditorLogin } from '@chibo/cli';
import { describeWith } from '@chibo/testing';
import { fixture, startWebApp, type WebApp } from './support/web-app';

/** What `npm start` shows at http://localhost:3000: the login page, listing the demo accounts and their password. */
describeWith(['redis'], 'the login page of the demo (npm start)', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await startWebApp(fixture('ai-mo-2022'), { demo: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should list every demo account with the shared password on the page at /', async () => {
    const response = await fetch(`${app.baseUrl}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h2 id="demo-heading">Tài khoản dùng thử</h2>');
    expect(html).toContain(`Mật khẩu của mọi tài khoản: ${DEMO_PASSWORD}`);
    for (const login of ['admin', 'du-ngoc-lam', 'cb-thcs-ai-mo.nga', 'hu-hiep-hoa', 'cb-th-ngoc-son.hoan']) expect(html).toContain(`<code>${login}</code>`);
    expect(html).toContain('Ngô Thị Nga');
  });

  it('should say each demo account’s role and offer a demo auditor who signs in read-only', async () => {
    const html = await (await fetch(`${app.baseUrl}/`)).text();
    const row = (login: string) => new RegExp(`<code>${login.replace(/\./g, '\\.')}</code></td>\\s*<td>[^<]*</td>\\s*<td class="demo-role">([^<]*)</td>`).exec(html)?.[1];
    expect(row('admin')).toBe('Quản trị viên');
    expect(row('du-ngoc-lam')).toBe('Cấp ủy');
    expect(row('cb-thcs-ai-mo.nga')).toBe('Bí thư');
    const auditor = demoAuditorLogin(fixture('ai-mo-2022').org.code);
    expect(row(auditor)).toBe('Kiểm tra viên');
    const response = await fetch(`${app.baseUrl}/dang-nhap`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: auditor, password: DEMO_PASSWORD, next: '/kiem-tra' }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const trace = await fetch(`${app.baseUrl}${response.headers.get('location')}`, { headers: { cookie } });
    expect(trace.status).toBe(200);
    expect(await trace.text()).toContain('Kiểm tra viên');
  });

  it('should sign a demo account in from its row (the row’s form posts the login and the password)', async () => {
    const response = await fetch(`${app.baseUrl}/dang-nhap`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login: 'cb-thcs-ai-mo.nga', password: DEMO_PASSWORD, next: '/viec-cua-toi' }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/viec-cua-toi');
    expect(response.headers.get('set-cookie')).toMatch(/^chibo_token=/);
  });
});
