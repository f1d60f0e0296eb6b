import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from './web-app';

/** Debian's chromium (CHROMIUM_PATH overrides it). Never downloaded: `.ci/run` installs the package when missing. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `no Chromium at ${CHROMIUM} (install Debian's chromium: apt-get install -y chromium, or set CHROMIUM_PATH)`;
  }
}

/**
 * `describe` when Chromium is there. Outside CI a missing Chromium skips the suite with one NOT RUN line; with
 * CI=true the suite runs anyway and fails on launch, saying why.
 */
export function describeWithChromium(name: string, body: () => void): void {
  const missing = chromiumMissing();
  if (missing && process.env['CI'] !== 'true') {
    console.warn(`[chibo] NOT RUN: browser tests "${name}" — ${missing}`);
    describe.skip(name, body);
  } else {
    describe(name, body);
  }
}

/** A headless Chromium with the flags the project uses, on a fresh profile that is removed on close. */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const missing = chromiumMissing();
  if (missing) throw new Error(`CI=true requires Chromium for the browser tests: ${missing}`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'chibo-chromium-'));
  // launch() refuses --user-data-dir; every context is fresh anyway, and the profile dir keeps Chromium off $HOME.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--disk-cache-dir=${profile}`],
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The Vietnamese user guide's pictures (docs/huong-dan/anh, committed): with GUIDE_SCREENSHOTS=1 every screenshot
 * named in {@link GUIDE_PICTURES} is also written there (on the screen the guide shows it on: phone or desktop), the visible part of the screen only (not the whole page), so
 * the pictures stay small and match what a reader sees. `npm run guide:screenshots -w @chibo/web-e2e` regenerates them.
 */
export const GUIDE_DIR = join(__dirname, '..', '..', '..', '..', 'docs', 'huong-dan', 'anh');
/** Each picture: the screen it is taken on, and what it shows (scrolled to the top of that element; none: the page's top). */
export const GUIDE_PICTURES: ReadonlyMap<string, { on: 'dien-thoai' | 'may-tinh'; at?: string }> = new Map([
  ['02-compose-procedure', { on: 'may-tinh' }],
  ['02a-compose-order-refused', { on: 'may-tinh', at: '#step-order' }],
  ['02b-publish-confirm', { on: 'dien-thoai' }],
  ['03-issue-guidance', { on: 'dien-thoai' }],
  ['04-guidance-dispatched', { on: 'dien-thoai' }],
  ['13-cell-grid', { on: 'may-tinh', at: '#cell-grid' }],
  ['05-inbox-secretary', { on: 'dien-thoai' }],
  ['07-record-session', { on: 'dien-thoai', at: '#roll-call' }],
  ['09-score-sheet', { on: 'dien-thoai', at: '.score-sheet' }],
  ['10-vote-tally', { on: 'dien-thoai', at: '#voters' }],
  ['08-self-criticism', { on: 'dien-thoai', at: 'fieldset.manifestations' }],
  ['16-audit-trace', { on: 'may-tinh' }],
]);

/** Where screenshots go (gitignored `artifacts/`), created on first use. */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', '..', 'artifacts', 'screenshots');

export const PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/**
 * Saves the page at phone and desktop widths (`<name>-phone.png`, `<name>-desktop.png`), full page, and restores
 * the viewport it had. Fails when the page is wider than the screen (a 360 px phone must never scroll sideways;
 * wide tables scroll inside their own region).
 */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  const files: string[] = [];
  for (const [suffix, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await page.setViewportSize(size);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > size.width) throw new Error(`${name}: the page is ${width} px wide on a ${size.width} px screen`);
    const path = join(SCREENSHOTS, `${name}-${suffix}.png`);
    await page.screenshot({ path, fullPage: true });
    files.push(path);
    const variant = suffix === 'phone' ? 'dien-thoai' : 'may-tinh';
    const picture = GUIDE_PICTURES.get(name);
    if (process.env['GUIDE_SCREENSHOTS'] === '1' && picture?.on === variant) {
      mkdirSync(GUIDE_DIR, { recursive: true });
      await page.evaluate((selector) => {
        const target = selector ? document.querySelector(selector) : null;
        if (target) target.scrollIntoView({ block: 'start' });
        else window.scrollTo(0, 0);
      }, picture.at ?? null);
      await page.screenshot({ path: join(GUIDE_DIR, `${name}-${variant}.png`) });
    }
  }
  await page.setViewportSize(before);
  return files;
}

/** A browser context (its own cookies) for one person, at phone width by default: most members use a phone. */
export async function personContext(browser: Browser, baseURL: string, options: { javaScript?: boolean; viewport?: { width: number; height: number } } = {}): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: options.viewport ?? PHONE, javaScriptEnabled: options.javaScript ?? true, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
}

/** Opens a page for `context` and signs in as `login` (the shared test password) through the login form. */
export async function signIn(context: BrowserContext, login: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL('**/viec-cua-toi**');
  return page;
}

/** How wide the page lays out (a page wider than its viewport scrolls sideways). */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
