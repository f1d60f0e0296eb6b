import { committeeLogin } from '@chibo/cli';
import { driveScenario } from '@chibo/scenario';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiPort } from './support/api-port';
import { describeWithChromium, launchChromium, PHONE, personContext, screenshots } from './support/chromium';
import { fixture, PASSWORD, startWebApp, type WebApp } from './support/web-app';

const DISTRICT = 'HU-HIEP-HOA';

async function signIn(context: BrowserContext, login: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL('**/viec-cua-toi**');
  return page;
}

/**
 * The Ngọc Sơn 2019 cascade (district → commune → two cells) driven to its end through the API; the district's
 * committee then reads its guidance's progress by level on a 360 px phone. The levels table (eight columns) scrolls
 * inside its own region: the page itself never scrolls sideways.
 */
describeWithChromium('a cascade’s progress by level on a phone (real Chromium)', () => {
  let app: WebApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    const scenario = fixture('ngoc-son-2019-cascade');
    app = await startWebApp(scenario);
    const driven = await driveScenario(scenario, apiPort(app));
    expect(driven.errors).toEqual([]);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
  });

  it('should show the district its commune’s cells by level, the table scrolling inside the page at 360 px', async () => {
    context = await personContext(browser, app.baseUrl, { viewport: PHONE });
    const page = await signIn(context, committeeLogin(DISTRICT));
    await page.goto('/huong-dan');
    await page.getByRole('link', { name: '06-ĐA/HU' }).first().click();
    const levels = page.locator('section[aria-labelledby="levels-h"]');
    await levels.getByRole('heading', { name: 'Tiến độ theo cấp' }).waitFor();
    const row = levels.locator('tbody tr', { hasText: 'Đảng ủy xã Ngọc Sơn' });
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe('2');
    // The table is wider than the phone; its region scrolls, the page does not.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const region = levels.getByRole('region', { name: 'Tiến độ theo cấp' });
    const sizes = await region.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }), undefined, { timeout: 5_000 });
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await screenshots(page, '17-guidance-levels');
  });
});
