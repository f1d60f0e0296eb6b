import { committeeLogin, memberLogin } from '@chibo/cli';
import { loadFixtures, loadYearFixtures, type Scenario } from '@chibo/scenario';
import * as ical from 'node-ical';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeWithChromium, DESKTOP, launchChromium, personContext, PHONE, screenshots, signIn } from './support/chromium';
import { startWebApp, type WebApp } from './support/web-app';

const CELL = 'CB-TH-CONG-HOA';
const COMMITTEE = 'DU-CONG-HOA';
const SECRETARY = memberLogin(CELL, 'hang');

async function see(page: Page, selector: string, text: string | RegExp): Promise<Locator> {
  const locator = page.locator(selector, { hasText: text }).first();
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
  return locator;
}

/** Opens `path` at phone width (360 px) and checks the page is no wider than the screen (wide tables scroll inside). */
async function expectFitsPhone(page: Page, path: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const response = await page.goto(path);
  expect([path, response?.status()]).toEqual([path, 200]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect([path, width <= PHONE.width ? 'fits' : `${width} px wide`]).toEqual([path, 'fits']);
}

/**
 * Issue 16 in the browser: the Cộng Hòa cell's secretary opens and schedules 2018 and gets the annual thematic plan
 * approved on the calendar page; a member finds the next session there and in the iCalendar feed (read with a real
 * iCalendar parser); January's session starts by itself and is held; the committee sees its cells' plans and the year
 * ratings (part A's page).
 */
describeWithChromium('a cell’s year in the browser (real Chromium)', () => {
  let app: WebApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const contexts: BrowserContext[] = [];
  const person = async (options: Parameters<typeof personContext>[2] = {}) => {
    const context = await personContext(browser, app.baseUrl, options);
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    // The app boots at a scenario's guidance date with its organisation: the Cộng Hòa cell of the year fixtures, in
    // December 2017 (the guidance block only sets the clock; none is issued).
    const year = loadYearFixtures().find((f) => f.file === 'cong-hoa-2018-year.json')!.scenario;
    const base = loadFixtures()[0]!.scenario;
    const scenario: Scenario = { ...base, name: 'cong-hoa-2018-browser', org: year.org, guidance: { ...base.guidance, issuer: COMMITTEE, issuedOn: '2017-12-20', cells: [CELL] }, cells: {} };
    app = await startWebApp(scenario);
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
  });

  it('should let the secretary schedule the year and get the annual plan approved, refusing two sessions in one month', async () => {
    const page = await signIn(await person({ viewport: DESKTOP }), SECRETARY);
    const opened = await page.goto('/lich?nam=2018');
    if (opened?.status() !== 200) throw new Error(`GET /lich → ${opened?.status()}: ${(await page.content()).slice(0, 3000)}`);
    await see(page, 'h1', 'Lịch sinh hoạt năm 2018');
    await page.getByRole('button', { name: 'Mở năm sinh hoạt 2018' }).click();
    await page.locator('#schedule-form').waitFor();
    await page.locator('#s-day').fill('5');
    await page.locator('#s-time').fill('14:00');
    await page.locator('#s-place').fill('Phòng họp Trường Tiểu học Cộng Hòa');
    // Two regular sessions in March: refused in words naming the month (no field path, no rule code), nothing scheduled.
    await page.locator('#s-sessions').fill('2018-03 2018-03-02\n2018-03 2018-03-23');
    await page.getByRole('button', { name: 'Lập lịch' }).click();
    const refusal = await see(page, '#calendar-errors', 'Tháng 03/2018 đã có một buổi sinh hoạt thường kỳ; mỗi tháng chỉ một buổi.');
    expect(await refusal.textContent()).not.toMatch(/sessions\.1|one-regular-session-per-month/);
    expect(await page.locator('#calendar-sessions tr[data-source="calendar"]').count()).toBe(0);
    // What was typed is still there.
    expect(await page.locator('#s-place').inputValue()).toBe('Phòng họp Trường Tiểu học Cộng Hòa');
    await page.locator('#s-sessions').fill('2018-02 2018-02-09 08:00');
    await page.getByRole('button', { name: 'Lập lịch' }).click();
    await page.locator('#plan-form').waitFor();
    expect(await page.locator('#calendar-sessions tr[data-source="calendar"]').count()).toBe(12);
    await page.locator('#p-topics').fill('Q1 | Thực hiện Nghị quyết 29-NQ/TW về đổi mới căn bản, toàn diện giáo dục | mai\nQ2 | Đổi mới đánh giá học sinh theo Thông tư 22 | hoa\nQ3 | Nâng cao tinh thần phê bình và tự phê bình\nQ4 | Phát triển đảng viên mới');
    await page.getByRole('button', { name: 'Gửi chi ủy duyệt' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#calendar-errors').count()).toBe(0);
    await page.getByRole('button', { name: 'Chi ủy duyệt kế hoạch' }).click();
    await see(page, '#annual-plan', 'Đã duyệt');
    // The KH is numbered by the document effect, once the queue has carried it out.
    await app.settle();
    await page.reload();
    await see(page, '#annual-plan', 'Đã duyệt — Số 01-KH/CB');
    await see(page, '#annual-plan', 'Nâng cao tinh thần phê bình và tự phê bình — đồng chí Nguyễn Thị Hằng (phân công lần lượt)');
    expect(await page.locator('#calendar-sessions tr[data-source="calendar"]').count()).toBe(16);
    await screenshots(page, 'year-01-secretary-calendar');
    // Moving April's session (not started yet) a week later: the table shows its new time, marked as moved.
    await page.locator('#m-session').selectOption('TK-2018-04');
    await page.locator('#m-date').fill('2018-04-12');
    await page.getByRole('button', { name: 'Dời lịch', exact: true }).click();
    const april = await see(page, '#calendar-sessions tr[data-session="TK-2018-04"]', 'đã dời 1 lần');
    expect(await april.locator('time').first().getAttribute('datetime')).toBe('2018-04-12T07:00:00.000Z');
    await expectFitsPhone(page, '/lich?nam=2018');
  });

  it('should show a member the next session on the calendar page and in the .ics feed', async () => {
    const page = await signIn(await person({ viewport: PHONE }), memberLogin(CELL, 'minh'));
    await page.goto('/lich?nam=2018');
    const next = await see(page, '#next-session', 'Sinh hoạt chi bộ thường kỳ tháng 01/2018');
    expect(await next.locator('time').first().getAttribute('datetime')).toBe('2018-01-05T07:00:00.000Z');
    await screenshots(page, 'year-02-member-next-session');
    const feedUrl = await page.locator('#feed-url').inputValue();
    const response = await fetch(feedUrl.replace(/^https?:\/\/[^/]+/, app.baseUrl));
    expect(response.status).toBe(200);
    const events = Object.values(ical.sync.parseICS(await response.text())).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
    const january = events.find((e) => String(e.summary) === 'Sinh hoạt chi bộ thường kỳ tháng 01/2018');
    expect(january && new Date(january.start).toISOString()).toBe('2018-01-05T07:00:00.000Z');
    expect(String(january?.location)).toBe('Phòng họp Trường Tiểu học Cộng Hòa');
    // April's session, moved by the secretary: the same event at its new time, its SEQUENCE raised.
    const april = events.find((e) => String(e.summary) === 'Sinh hoạt chi bộ thường kỳ tháng 04/2018');
    expect(april && [new Date(april.start).toISOString(), Number(april.sequence)]).toEqual(['2018-04-12T07:00:00.000Z', 1]);
    expect(events).toHaveLength(16);
  });

  it('should start January’s session by itself a week ahead, and show the committee its cell’s plan and year rating', async () => {
    await app.advanceTo('2017-12-29T15:00');
    await app.settle();
    const tasks = async () => app.api<Array<{ id: string; instanceId: string; step: string }>>(SECRETARY, 'GET', '/tasks/inbox');
    const submit = async (step: string, input: unknown) => {
      const task = (await tasks()).find((x) => x.instanceId === `cell:${CELL}:TK-2018-01:2018-01-05` && x.step === step);
      if (!task) throw new Error(`no open ${step} task for January's session`);
      await app.api(SECRETARY, 'POST', `/tasks/${task.id}/submit`, input);
      await app.settle();
    };
    await submit('prepare', { month: '2018-01', content: 'Sơ kết học kỳ I, chuẩn bị Tết', draftResolution: 'Dự thảo nghị quyết tháng 01/2018' });
    await submit('approve', { decision: 'approve' });
    await submit('convene', { sessionAt: '2018-01-05T07:00:00.000Z', place: 'Phòng họp Trường Tiểu học Cộng Hòa', online: false });
    await app.advanceTo('2018-01-05T15:45');
    const members = app.scenario.org.children[0]!.members.map((m) => m.id);
    await submit('hold-session', {
      heldAt: '2018-01-05T07:00:00.000Z',
      minutes: 100,
      place: 'Phòng họp Trường Tiểu học Cộng Hòa',
      online: false,
      chair: 'hang',
      clerk: 'lan',
      absent: [],
      guests: [],
      opinions: [{ by: 'tuan', text: 'Đề nghị tăng cường dự giờ' }, { by: 'mai', text: 'Thống nhất nội dung' }],
      conclusion: 'Bí thư kết luận, giao nhiệm vụ tháng 02.',
      assignments: [],
      minutesAdopted: true,
    });
    await submit('score', { marks: { preparation: 14, attendance: 20, conduct: 43, closing: 19 } });
    await submit('resolution', { title: 'Nghị quyết tháng 01/2018', decisions: ['Sơ kết học kỳ I'], vote: { for: members, against: [], abstain: [] } });
    await submit('report', {});

    const committee = await signIn(await person({ viewport: DESKTOP }), committeeLogin(COMMITTEE));
    await committee.goto(`/lich?don-vi=${COMMITTEE}&nam=2018`);
    await see(committee, `#calendar-overview tr[data-cell="${CELL}"]`, 'Đã duyệt (Số 01-KH/CB)');
    await screenshots(committee, 'year-03-committee-plans');
    await committee.goto(`/xep-loai-nam?don-vi=${COMMITTEE}&nam=2018`);
    const row = await see(committee, `#year-ratings tr[data-cell="${CELL}"]`, 'Chi bộ Trường Tiểu học Cộng Hòa');
    // One session, rated Tốt: by the default rule (at least 7 Tốt for a Tốt year) the year so far is Khá.
    await see(committee, `#year-ratings tr[data-cell="${CELL}"] .badge`, 'Khá');
    expect(await row.textContent()).toContain('Tốt 1');
    await screenshots(committee, 'year-04-committee-ratings');
    // At 360 px every year and calendar page fits the screen: the wide tables scroll inside their own region.
    for (const path of [`/xep-loai-nam?don-vi=${COMMITTEE}&nam=2018`, `/xep-loai-nam/chi-bo/${CELL}?nam=2018`, `/lich?don-vi=${COMMITTEE}&nam=2018`, `/lich?chi-bo=${CELL}&nam=2018`]) {
      await expectFitsPhone(committee, path);
    }
  });
});
