import { describeEngine, type EngineTestApp, startEngineApp } from '../support/engine-app';
import { seedEngineFixture } from '../support/engine-fixture';

/**
 * Demo data only when asked (issue 18): a server started with the demo says so on every page, in Vietnamese, and lists
 * its accounts on the login page; one started without it (a real installation) shows neither.
 */
describeEngine('demo mode', (kind) => {
  let demo: EngineTestApp;
  let real: EngineTestApp;

  beforeAll(async () => {
    demo = await startEngineApp(kind, { web: { demo: { password: 'chibo-demo', logins: [{ login: 'admin', who: 'Quản trị viên' }] } } });
    real = await startEngineApp(kind);
    await seedEngineFixture(real);
  });
  afterAll(async () => {
    await demo?.close();
    await real?.close();
  });

  it('should show the demo banner and the demo accounts when started as a demo', async () => {
    const page = await demo.http().get('/dang-nhap').expect(200);

    expect(page.text).toContain('Bản dùng thử: dữ liệu mẫu, mật khẩu công khai; chỉ phục vụ trên máy này (127.0.0.1). Không dùng cho dữ liệu thật.');
    expect(page.text).toContain('chibo-demo');
  });

  it('should show neither a banner nor any password on a real installation', async () => {
    const page = await real.http().get('/dang-nhap').expect(200);

    expect(page.text).not.toContain('Bản dùng thử');
    expect(page.text).not.toContain('chibo-demo');
    expect(page.text).not.toContain('type="hidden" name="password"');
  });
});
