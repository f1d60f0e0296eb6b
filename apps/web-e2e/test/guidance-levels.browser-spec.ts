import { committeeLogin } from '@chibo/cli';
import { driveScenario, type Scenario } from '@chibo/scenario';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiPort } from './support/api-port';
import { describeWithChromium, launchChromium, personContext, PHONE, screenshots, signIn } from './support/chromium';
import { fixture, startWebApp, type WebApp } from './support/web-app';

const DISTRICT = 'HU-HIEP-HOA';
const COMMUNE = 'DU-NGOC-SON';
/** Cells added under the commune beside the fixture's two: past 20 recipients the levels table folds. */
const EXTRA_CELLS = 25;

/** The fixture's cascade with {@link EXTRA_CELLS} more cells of three members under the commune (they never act). */
function cascadeWithMoreCells(): Scenario {
  const base = fixture('ngoc-son-2019-cascade');
  const org = structuredClone(base.org);
  const commune = org.children.find((c) => c.code === COMMUNE)!;
  for (let n = 1; n <= EXTRA_CELLS; n++) {
    commune.children.push({
      ...structuredClone(commune.children[0]!),
      code: `CB-NS-${String(n).padStart(3, '0')}`,
      name: `Chi bộ thôn Ngọc Sơn ${n}`,
      children: [],
      members: [
        { id: 'bt', name: `Bí thư chi bộ thôn ${n}`, roles: ['secretary'], status: 'official' },
        { id: 'd2', name: `Đảng viên thôn ${n} số 2`, roles: [], status: 'official' },
        { id: 'd3', name: `Đảng viên thôn ${n} số 3`, roles: [], status: 'official' },
      ],
    });
  }
  const { expect: _fixtureOutcome, ...rest } = base;
  return { ...rest, name: 'ngoc-son-2019-more-cells', org };
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
  const contexts: BrowserContext[] = [];
  const phone = async () => {
    const context = await personContext(browser, app.baseUrl, { viewport: PHONE });
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    const scenario = cascadeWithMoreCells();
    app = await startWebApp(scenario);
    const driven = await driveScenario(scenario, apiPort(app));
    expect(driven.errors).toEqual([]);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
  });

  it('should show the district its commune’s cells by level, the table scrolling inside the page at 360 px', async () => {
    const page = await signIn(await phone(), committeeLogin(DISTRICT));
    await page.goto('/huong-dan');
    await page.getByRole('link', { name: '06-ĐA/HU' }).first().click();
    const levels = page.locator('section[aria-labelledby="levels-h"]');
    await levels.getByRole('heading', { name: 'Tiến độ theo cấp' }).waitFor();
    const row = levels.locator('tbody tr', { hasText: 'Đảng ủy xã Ngọc Sơn' });
    await expect(row.locator('td').nth(2).textContent()).resolves.toBe(String(2 + EXTRA_CELLS));
    // One recipient: the table is shown, not folded.
    await expect(levels.locator('details.levels-list').getAttribute('open')).resolves.not.toBeNull();
    // The table is wider than the phone; its region scrolls, the page does not.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const region = levels.getByRole('region', { name: 'Tiến độ theo cấp' });
    const sizes = await region.evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }), undefined, { timeout: 5_000 });
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await screenshots(page, '17-guidance-levels');
  });

  it('should fold the commune’s 27 cells by level behind a summary and show them on a tap, still 360 px wide', async () => {
    const page = await signIn(await phone(), committeeLogin(COMMUNE));
    await page.goto('/huong-dan');
    await page.getByRole('link', { name: '03-HD/ĐU' }).first().click();
    const levels = page.locator('section[aria-labelledby="levels-h"]');
    await levels.getByText(`Toàn đảng bộ: ${2 + EXTRA_CELLS} chi bộ đã nhận`).waitFor();
    const region = levels.getByRole('region', { name: 'Tiến độ theo cấp' });
    expect(await region.isVisible()).toBe(false);
    await levels.getByText(`Đơn vị trực thuộc (${2 + EXTRA_CELLS})`, { exact: true }).click();
    await region.waitFor({ state: 'visible' });
    await expect(region.locator('tbody tr').count()).resolves.toBe(2 + EXTRA_CELLS);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('should show the commune’s cells in the grid as short cards on a phone, each with its cell, state and step on a few lines', async () => {
    const page = await signIn(await phone(), committeeLogin(COMMUNE));
    await page.goto('/huong-dan');
    await page.getByRole('link', { name: '03-HD/ĐU' }).first().click();
    const grid = page.locator('#cell-grid');
    await grid.getByText(`${2 + EXTRA_CELLS} chi bộ`, { exact: true }).waitFor();
    const card = grid.locator('tbody tr').first();
    await card.scrollIntoViewIfNeeded();
    // Each label beside its value: a short value takes one line (it took two, the label above it: a card without
    // findings was 313 px).
    const heights = await card.evaluate((tr) => [...tr.children].map((c) => c.getBoundingClientRect().height));
    expect(heights[3]).toBeLessThan(30);
    expect(await card.locator('th').innerText()).toMatch(/^Chi bộ .+CB-[A-Z0-9-]+$/);
    const label = await card.locator('td').first().evaluate((td) => ({ text: getComputedStyle(td, '::before').content, display: getComputedStyle(td, '::before').display }));
    expect(label).toEqual({ text: '"Trạng thái"', display: 'inline' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });
});
