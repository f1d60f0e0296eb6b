/**
 * `npm run bench:phone -w @chibo/web-e2e`: a benchmark (not a test) of four pages on a throttled phone, in real
 * headless Chromium (Debian's, driven by playwright-core as the browser tests do).
 *
 * The app is booted as the browser tests boot it (test/support/web-app.ts: API, pages and the embedded runtime in this
 * process, SQLite, Redis, a simulated clock) with the Ngọc Sơn 2019 cascade (packages/scenario/fixtures) made bigger:
 * the commune committee has 200 cells (the fixture's two, grown to 35 members each, and 198 cells of three members),
 * the district issues its guidance, the commune implements it to its 200 cells, and the scenario is driven through
 * the HTTP API until the THCS cell's session is to be recorded — by then the Tiểu học cell has held, scored, voted and
 * reported its session. Pages measured:
 *
 * - the THCS secretary's task list (`/viec-cua-toi`);
 * - the THCS cell's session record task (35 members; the form the secretary fills in on her phone);
 * - the commune's guidance to its 200 cells (progress, the cell grid) and the district's guidance page (Tiến độ theo
 *   cấp: its commune with the 200 cells below it);
 * - the auditor's trace of the Tiểu học cell (the district guidance's trace filtered to that cell), and the same trace
 *   with no filter (every unit of the cascade: each one's log is read for the page).
 *
 * Each page is loaded PHONE_BENCH_LOADS times (5) cold: a fresh browser context, the browser cache disabled, on the
 * phone profile — Network.emulateNetworkConditions (150 ms latency, 1.6 Mbps down, 750 kbps up),
 * Emulation.setCPUThrottlingRate 4, a 360×740 mobile viewport. Printed per page, median and worst: time to first byte,
 * DOMContentLoaded and load (Navigation Timing, from the start of the navigation), bytes over the wire (encoded, as
 * Chromium counts them: headers and compressed bodies) and requests; the server's own time for the HTML without the
 * browser (median of 5 fetches) and whether the page fits the 360 px screen. Ends with the load average.
 */
import { ADMIN_LOGIN, committeeLogin, memberLogin } from '@chibo/cli';
import { User } from '@chibo/db';
import { driveScenario, type Scenario, type ScenarioOrg } from '@chibo/scenario';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { apiPort } from '../test/support/api-port';
import { launchChromium } from '../test/support/chromium';
import { fixture, PASSWORD, startWebApp, type WebApp } from '../test/support/web-app';

const LOADS = Number(process.env['PHONE_BENCH_LOADS'] ?? 5);
const CELLS = Number(process.env['PHONE_BENCH_CELLS'] ?? 200);
const MEMBERS = 35;
const DISTRICT = 'HU-HIEP-HOA';
const COMMUNE = 'DU-NGOC-SON';
const HELD = 'CB-TH-NGOC-SON';
const RECORDING = 'CB-THCS-NGOC-SON';
const AUDITOR = 'kiem-tra.hiep-hoa';
/** The phone profile of issue 19: 1.6 Mbps down, 150 ms round trip, 4× slower CPU, a 360 px screen. */
const PROFILE = { latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8, cpu: Number(process.env['PHONE_BENCH_CPU'] ?? 4), viewport: { width: 360, height: 740 } };

interface Target {
  name: string;
  login: string;
  path: string;
}

interface Load {
  ttfb: number;
  dcl: number;
  load: number;
  bytes: number;
  requests: number;
}

/** The fixture's cascade with 200 cells under the commune and 35 members in each of its two scripted cells. */
function bigCascade(): Scenario {
  const base = fixture('ngoc-son-2019-cascade');
  const org = structuredClone(base.org) as ScenarioOrg;
  const commune = org.children.find((c) => c.code === COMMUNE)!;
  for (const cell of commune.children) {
    const prefix = cell.members[1]!.id.replace(/\d+$/u, '');
    for (let n = cell.members.length + 1; n <= MEMBERS; n++) {
      const id = `${prefix}${String(n).padStart(2, '0')}`;
      cell.members.push({ id, name: `Đảng viên ${String(n).padStart(2, '0')}`, roles: [], status: 'official' } as (typeof cell.members)[number]);
    }
  }
  for (let n = commune.children.length + 1; n <= CELLS; n++) {
    const code = `CB-NS-${String(n).padStart(3, '0')}`;
    commune.children.push({
      ...structuredClone(commune.children[0]!),
      code,
      name: `Chi bộ thôn Ngọc Sơn ${n}`,
      children: [],
      members: [
        { id: 'bt', name: `Bí thư chi bộ thôn ${n}`, roles: ['secretary'], status: 'official' },
        { id: 'd2', name: `Đảng viên thôn ${n} số 2`, roles: [], status: 'official' },
        { id: 'd3', name: `Đảng viên thôn ${n} số 3`, roles: [], status: 'official' },
      ] as (typeof commune.children)[number]['members'],
    });
  }
  const { expect: _expected, ...rest } = base;
  return { ...rest, name: 'ngoc-son-2019-phone-bench', org };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const worst = (xs: number[]) => Math.max(...xs);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${Math.round(n)}`;

/** One cold load of `target` on the phone profile, in a context of its own (its cookie, nothing cached). */
async function coldLoad(browser: Browser, app: WebApp, target: Target): Promise<Load & { width: number; height: number }> {
  const context = await browser.newContext({ viewport: PROFILE.viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    const url = new URL(app.baseUrl);
    await context.addCookies([{ name: 'chibo_token', value: await app.token(target.login), domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
    const page: Page = await context.newPage();
    // The page is on the app's origin first (a tiny JSON, unmeasured): Chromium's emulated latency was applied to a
    // first navigation from about:blank only now and then (its renderer is swapped for the new origin), so the
    // measured navigation is the second one. The throttled connection is then already open: like a phone's, whose
    // browser keeps it after the login page; the emulation adds latency per request, not per TCP handshake anyway.
    await page.goto(`${app.baseUrl}/health`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PROFILE.latency, downloadThroughput: PROFILE.downloadThroughput, uploadThroughput: PROFILE.uploadThroughput });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu });
    let bytes = 0;
    let requests = 0;
    // Time to first byte as the page sees it: from the document's request to its response headers reaching the
    // renderer (CDP's timestamps are taken after the emulated latency; Navigation Timing's responseStart is not).
    let sent: { id: string; at: number } | undefined;
    let firstByte: number | undefined;
    cdp.on('Network.requestWillBeSent', (event: { requestId: string; timestamp: number; type?: string }) => {
      if (event.type === 'Document' && !sent) sent = { id: event.requestId, at: event.timestamp };
    });
    cdp.on('Network.responseReceived', (event: { requestId: string; timestamp: number }) => {
      if (sent && event.requestId === sent.id && firstByte === undefined) firstByte = (event.timestamp - sent.at) * 1_000;
    });
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
      requests++;
    });
    const response = await page.goto(`${app.baseUrl}${target.path}`, { waitUntil: 'load' });
    if (response?.status() !== 200) throw new Error(`${target.name}: GET ${target.path} → ${response?.status()}`);
    if (new URL(page.url()).pathname !== new URL(`${app.baseUrl}${target.path}`).pathname) throw new Error(`${target.name}: redirected to ${page.url()}`);
    // loadEventEnd is written after the load handlers return: wait for it.
    await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { nav: nav.toJSON() as Record<string, unknown>, dcl: nav.domContentLoadedEventEnd - nav.startTime, load: nav.loadEventEnd - nav.startTime, width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight };
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const shots = process.env['PHONE_BENCH_SCREENSHOTS'];
    if (shots) await page.screenshot({ path: join(shots, `${target.name.replace(/[^\p{L}\p{N}]+/gu, '-')}.png`), fullPage: true });
    if (process.env['PHONE_BENCH_DEBUG']) {
      const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => `${r.name.replace(/^.*\//u, '')} ${Math.round(r.startTime)}→${Math.round((r as PerformanceResourceTiming).responseEnd)}`));
      const dom = await page.evaluate(() => ({ nodes: document.querySelectorAll('*').length, sections: [...document.querySelectorAll('main > *, main section')].map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).replace(/ /gu, '.')}` : ''}:${Math.round(e.getBoundingClientRect().height)}`).join(' '), rows: [...document.querySelectorAll('#cell-grid tbody tr')].slice(0, 3).map((r) => `${Math.round(r.getBoundingClientRect().height)}px ${[...r.children].map((c) => `${Math.round(c.getBoundingClientRect().height)}/${c.textContent?.length}`).join(',')}`).join(' | ') + ` of ${document.querySelectorAll('#cell-grid tbody tr').length}: ${document.querySelector('#cell-grid')?.textContent?.replace(/\s+/gu, ' ').slice(0, 120)}; levels rows ${document.querySelectorAll('section[aria-labelledby="levels-h"] tbody tr').length}` }));
      console.log(`${target.name}: rows ${dom.rows}`);
      console.log(`${target.name}: ${dom.nodes} elements; ${dom.sections}`);
      console.log(`${target.name}: first byte ${Math.round(firstByte ?? NaN)}, DCL ${Math.round(timing.dcl)}, ${resources.join('; ')}; ${JSON.stringify(timing.nav)}`);
    }
    if (firstByte === undefined) throw new Error(`${target.name}: no response to the document's request seen`);
    return { ttfb: firstByte, dcl: timing.dcl, load: timing.load, width: timing.width, height: timing.height, bytes, requests };
  } finally {
    await context.close();
  }
}

/** The server's own time for the page's HTML, no browser and no throttling (median of 5, after one warm-up). */
async function serverTime(app: WebApp, target: Target): Promise<number> {
  const headers = { cookie: `chibo_token=${await app.token(target.login)}`, 'accept-encoding': 'br, gzip' };
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const started = performance.now();
    const response = await fetch(`${app.baseUrl}${target.path}`, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${target.name}: GET ${target.path} → ${response.status}`);
    if (i > 0) times.push(performance.now() - started);
  }
  return median(times);
}

/** The href of the first link on `path` (as `login`) whose text matches `text`. */
async function linkOn(app: WebApp, login: string, path: string, pattern: RegExp): Promise<string> {
  const response = await fetch(`${app.baseUrl}${path}`, { headers: { cookie: `chibo_token=${await app.token(login)}` } });
  const html = await response.text();
  for (const match of html.matchAll(/<a [^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/gu)) {
    if (pattern.test(match[2]!)) return match[1]!.replace(/&amp;/gu, '&');
  }
  throw new Error(`no link ${pattern} on ${path} as ${login}`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const scenario = bigCascade();
  const app = await startWebApp(scenario);
  const { browser, close } = await launchChromium();
  try {
    const driven = await driveScenario(scenario, apiPort(app), { stopBefore: (a) => a.type === 'submit' && a.cell === RECORDING && a.step === 'hold-session' });
    if (driven.errors.length) throw new Error(`the scenario did not run as written:\n${driven.errors.join('\n')}`);
    // The THCS session is over (25/06/2019 15:00, 90 minutes): the secretary can record it.
    await app.advanceTo('2019-06-25T16:35');
    await app.settle();
    await app.api(ADMIN_LOGIN, 'POST', '/users', { login: AUDITOR, password: PASSWORD, displayName: 'Ủy ban kiểm tra Huyện ủy Hiệp Hòa', grants: [{ role: 'auditor', org: DISTRICT }] });
    await app.server.write((m) => m.getRepository(User).update({ login: AUDITOR }, { mustChangePassword: false }));
    console.log(`[phone] seeded and driven in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${CELLS} cells under ${COMMUNE}, ${MEMBERS} members in ${HELD} (held) and ${RECORDING} (to record)`);

    const secretary = memberLogin(RECORDING, 't01');
    const inbox = await app.api<Array<{ id: string; taskId: string; instanceId: string }>>(secretary, 'GET', '/tasks/inbox');
    const record = inbox.find((t) => JSON.stringify(t).includes('hold-session'));
    if (!record) throw new Error(`no session record task in ${secretary}'s inbox: ${JSON.stringify(inbox)}`);
    const communeGuidance = await linkOn(app, committeeLogin(COMMUNE), '/huong-dan', /03-HD\/ĐU/u);
    const districtGuidance = await linkOn(app, committeeLogin(DISTRICT), '/huong-dan', /06-ĐA\/HU/u);
    const traceBase = await linkOn(app, AUDITOR, '/kiem-tra', /06-ĐA\/HU/u);
    const traceHtml = await (await fetch(`${app.baseUrl}${traceBase}`, { headers: { cookie: `chibo_token=${await app.token(AUDITOR)}` } })).text();
    const unit = /<option value="([^"]+)"[^>]*>[^<]*Tiểu học Ngọc Sơn/u.exec(traceHtml)?.[1];
    if (!unit) throw new Error('the trace offers no filter for the Tiểu học cell');
    const targets: Target[] = [
      { name: 'Việc của tôi (bí thư, ' + inbox.length + ' việc)', login: secretary, path: '/viec-cua-toi' },
      { name: `Ghi buổi sinh hoạt (${MEMBERS} đảng viên)`, login: secretary, path: `/nhiem-vu/${encodeURIComponent(record.id)}` },
      { name: `Hướng dẫn xã → ${CELLS} chi bộ`, login: committeeLogin(COMMUNE), path: communeGuidance },
      { name: 'Hướng dẫn huyện: tiến độ theo cấp', login: committeeLogin(DISTRICT), path: districtGuidance },
      { name: 'Dấu vết một chi bộ (kiểm tra)', login: AUDITOR, path: `${traceBase}?chi-bo=${encodeURIComponent(unit)}` },
      { name: `Dấu vết cả hướng dẫn (${CELLS} chi bộ, không lọc)`, login: AUDITOR, path: traceBase },
    ];
    const rows: string[][] = [];
    const only = process.env['PHONE_BENCH_PAGES'];
    for (const target of targets.filter((t) => !only || only.split(',').some((n) => t.name.includes(n)))) {
      const server = await serverTime(app, target);
      await coldLoad(browser, app, target); // warm-up: templates compiled, queries' plans cached
      const loads: Array<Load & { width: number; height: number }> = [];
      for (let i = 0; i < LOADS; i++) loads.push(await coldLoad(browser, app, target));
      const pick = (key: keyof Load) => loads.map((l) => l[key]);
      rows.push([
        target.name,
        ms(server),
        `${ms(median(pick('ttfb')))} / ${ms(worst(pick('ttfb')))}`,
        `${ms(median(pick('dcl')))} / ${ms(worst(pick('dcl')))}`,
        `${ms(median(pick('load')))} / ${ms(worst(pick('load')))}`,
        `${kb(median(pick('bytes')))} / ${kb(worst(pick('bytes')))}`,
        String(median(pick('requests'))),
        `${Math.max(...loads.map((l) => l.width))} × ${loads[0]!.height}`,
      ]);
      console.log(`[phone] ${target.name}: ${target.path}`);
    }
    const head = ['Trang', 'máy chủ ms', 'TTFB ms (trung vị / tệ nhất)', 'DOMContentLoaded ms', 'load ms', 'truyền tải', 'yêu cầu', 'rộng × cao px'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(`\nĐiện thoại: ${PROFILE.latency} ms RTT, 1,6 Mbps xuống / 750 kbps lên, CPU chậm ${PROFILE.cpu}×, ${PROFILE.viewport.width}×${PROFILE.viewport.height}; ${LOADS} lần tải nguội mỗi trang (không bộ nhớ đệm)`);
    console.log(line(head));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) console.log(line(row));
    console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
  } finally {
    await close();
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
