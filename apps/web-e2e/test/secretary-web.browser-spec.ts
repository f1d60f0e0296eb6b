import { committeeLogin, memberLogin } from '@chibo/cli';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeWithChromium, DESKTOP, launchChromium, personContext, screenshots, signIn } from './support/chromium';
import { fixture, startWebApp, type WebApp } from './support/web-app';

const CELL = 'CB-THCS-AI-MO';
const COMMITTEE = 'DU-NGOC-LAM';
const NUMBER = '31-HD/ĐU';
/** A small PDF, as a member's draft would be uploaded. */
const DRAFT_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function see(page: Page, selector: string, text: string | RegExp): Promise<Locator> {
  const locator = page.locator(selector, { hasText: text }).first();
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
  return locator;
}

async function openTask(page: Page, title: string | RegExp): Promise<void> {
  await page.goto('/viec-cua-toi');
  await page.locator('.task-list').getByRole('link', { name: title }).first().click();
  await page.waitForURL('**/nhiem-vu/**');
}

async function send(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Gửi', exact: true }).click();
}

async function submitTask(page: Page): Promise<void> {
  await send(page);
  await page.waitForURL('**/viec-cua-toi?xong=**');
  await see(page, '.notice.success', 'Đã gửi');
}

/** The new-guidance form filled in, for the cells listed (or every cell). */
async function fillGuidance(page: Page, cells: string | null): Promise<void> {
  await page.goto('/huong-dan/moi');
  await page.getByLabel('Số hiệu').first().fill(NUMBER);
  await page.getByLabel('Trích yếu').fill('Hướng dẫn sinh hoạt chuyên đề tự soi, tự sửa');
  await page.locator('#f-addSteps-self-criticism').check();
  await page.locator('#f-rubric').selectOption('binh-thuan-100');
  await page.getByLabel('Hạn tổ chức sinh hoạt').fill('2022-04-30');
  await page.getByLabel('Hạn báo cáo').fill('2022-05-10');
  if (cells) {
    await page.locator('#f-scope-list').check();
    await page.locator('#f-cells').fill(cells);
  }
}

/**
 * Issue 19, the secretary's part: what a cell's secretary, its members and the committee stop at when they do the
 * procedure in the browser — each point reproduced, then shown fixed.
 */
describeWithChromium('the secretary’s web pages as secretaries use them (real Chromium)', () => {
  let app: WebApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const contexts: BrowserContext[] = [];
  const person = async (options: Parameters<typeof personContext>[2] = {}) => {
    const context = await personContext(browser, app.baseUrl, options);
    contexts.push(context);
    return context;
  };
  let dossierUrl = '';

  beforeAll(async () => {
    app = await startWebApp(fixture('ai-mo-2022'));
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
  });

  it('should show a 404 (unknown cell) and a 409 (the same guidance twice) next to the form, with JavaScript on and off', async () => {
    for (const javaScript of [true, false]) {
      const page = await signIn(await person({ viewport: DESKTOP, javaScript }), committeeLogin(COMMITTEE));
      await fillGuidance(page, 'CB-KHONG-CO');
      await page.getByRole('button', { name: 'Ban hành và triển khai' }).click();
      await see(page, '#error-summary', 'CB-KHONG-CO');
      await see(page, '#guidance-form .field-error', 'CB-KHONG-CO');
      // What was typed is still there.
      expect(await page.getByLabel('Số hiệu').first().inputValue()).toBe(NUMBER);
      if (javaScript) await screenshots(page, 'secretary-01-guidance-unknown-cell');
    }
    const page = await signIn(await person({ viewport: DESKTOP }), committeeLogin(COMMITTEE));
    await fillGuidance(page, null);
    await page.getByRole('button', { name: 'Ban hành và triển khai' }).click();
    await page.waitForURL(/\/huong-dan\/[0-9a-f-]{36}$/);
    await see(page, '#dispatch-progress', 'Đã triển khai tới 1 chi bộ');
    for (const javaScript of [true, false]) {
      const again = await signIn(await person({ viewport: DESKTOP, javaScript }), committeeLogin(COMMITTEE));
      await fillGuidance(again, null);
      await again.getByRole('button', { name: 'Ban hành và triển khai' }).click();
      await see(again, '#f-number-error', NUMBER);
      await see(again, '#error-summary', NUMBER);
    }
  });

  it('should default the draft’s assignee to the preparer the plan named and bring the secretary’s note to the assignee', async () => {
    await app.advanceTo('2022-03-18');
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Lập kế hoạch sinh hoạt chuyên đề/);
    await nga.getByLabel('Chủ đề sinh hoạt').fill('Tự soi, tự sửa');
    await nga.getByLabel('Tháng tổ chức').fill('2022-04');
    await nga.getByLabel('Người chuẩn bị').selectOption('m03');
    await submitTask(nga);
    await openTask(nga, /Phân công người chuẩn bị dự thảo/);
    expect(await nga.getByLabel('Đảng viên được phân công').inputValue()).toBe('m03');
    await nga.getByLabel('Nội dung giao việc').fill('Đối chiếu 27 biểu hiện, nộp trước ngày 24/3.');
    await submitTask(nga);

    const m03 = await signIn(await person(), memberLogin(CELL, 'm03'));
    await openTask(m03, /Nộp dự thảo chuyên đề/);
    await see(m03, '#draft-brief', 'Đối chiếu 27 biểu hiện, nộp trước ngày 24/3.');
    // An entirely empty draft is refused, the field named.
    await send(m03);
    await see(m03, '#f-content-error', 'Dự thảo đang để trống');
    await m03.getByLabel('Tiêu đề').fill('Dự thảo chuyên đề: Tự soi, tự sửa');
    await m03.getByLabel('Nội dung').fill('I. Đối chiếu 27 biểu hiện\nII. Kế hoạch khắc phục');
    // The attachment is a file: not a PDF or DOCX, or over 10 MB, is refused next to the field; what was typed stays.
    await m03.locator('#f-attachment').setInputFiles({ name: 'du-thao.txt', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
    await send(m03);
    await see(m03, '#f-attachment-error', 'không phải PDF hay DOCX');
    expect(await m03.getByLabel('Tiêu đề').inputValue()).toBe('Dự thảo chuyên đề: Tự soi, tự sửa');
    await m03.locator('#f-attachment').setInputFiles({ name: 'du-thao.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]) });
    await send(m03);
    await see(m03, '#f-attachment-error', 'Tệp quá lớn: tối đa 10 MB');
    await screenshots(m03, 'secretary-02-draft-upload-refused');
    await m03.locator('#f-attachment').setInputFiles({ name: 'Dự thảo chuyên đề.pdf', mimeType: 'application/pdf', buffer: DRAFT_PDF });
    await submitTask(m03);
  });

  it('should let the secretary read the draft she reviews, its earlier versions, and drop the revision banner once approved', async () => {
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Duyệt dự thảo chuyên đề/);
    const draft = await see(nga, '#draft-versions', 'Dự thảo chuyên đề: Tự soi, tự sửa');
    expect(await draft.innerText()).toContain('II. Kế hoạch khắc phục');
    // The uploaded file, as stored: same bytes, its type, its name.
    const file = await nga.context().request.get((await draft.getByRole('link', { name: 'Tải tệp đính kèm' }).getAttribute('href'))!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/pdf');
    expect(file.headers()['content-disposition']).toContain(encodeURIComponent('Dự thảo chuyên đề.pdf'));
    expect(Buffer.compare(await file.body(), DRAFT_PDF)).toBe(0);
    await nga.getByLabel('Yêu cầu chỉnh sửa').check();
    await nga.getByLabel('Nội dung cần chỉnh sửa').fill('Bổ sung phần liên hệ bản thân.');
    await submitTask(nga);

    const m03 = await signIn(await person(), memberLogin(CELL, 'm03'));
    await openTask(m03, /Nộp dự thảo chuyên đề \(bản sửa/);
    await see(m03, '.notice', 'Bổ sung phần liên hệ bản thân.');
    await m03.getByLabel('Tiêu đề').fill('Dự thảo chuyên đề: Tự soi, tự sửa (bản 2)');
    await m03.getByLabel('Nội dung').fill('I. Đối chiếu 27 biểu hiện\nII. Liên hệ bản thân\nIII. Kế hoạch khắc phục');
    await submitTask(m03);

    await openTask(nga, /Duyệt dự thảo chuyên đề/);
    await see(nga, '#draft-versions .latest', 'Bản 2 (bản mới nhất)');
    await see(nga, '#draft-versions .latest', 'II. Liên hệ bản thân');
    await nga.locator('#draft-versions summary', { hasText: 'Các bản trước' }).click();
    await see(nga, '#draft-versions details', 'Bản 1');
    await screenshots(nga, 'secretary-02-review-draft');
    await nga.getByLabel('Duyệt dự thảo').check();
    await submitTask(nga);
    await openTask(nga, /Triệu tập buổi sinh hoạt/);
    expect(await nga.getByText('Yêu cầu chỉnh sửa trước đây').count()).toBe(0);
  });

  it('should show the 24-hour rule when convening sooner, convene once confirmed, and give members the notice and the draft', async () => {
    await app.advanceTo('2022-03-25T09:00');
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Triệu tập buổi sinh hoạt/);
    await nga.getByLabel('Thời gian sinh hoạt').fill('2022-03-26T08:00');
    await nga.getByLabel('Địa điểm').fill('Phòng họp Trường THCS Ái Mộ');
    await send(nga);
    await see(nga, '#f-sessionAt-error', 'chưa đầy 24 giờ');
    await screenshots(nga, 'secretary-03-convene-24-hours');
    await nga.getByLabel('Xác nhận triệu tập gấp').check();
    await submitTask(nga);
    await app.settle();

    const m05 = await signIn(await person(), memberLogin(CELL, 'm05'));
    await m05.goto('/thong-bao');
    await see(m05, 'main', /triệu tập sinh hoạt chi bộ/i);
    // The notice tells members to study the draft: they can read it in the cell's dossier.
    await m05.goto('/ho-so');
    await m05.locator('a[href^="/ho-so/"]').first().click();
    await see(m05, '#draft-versions', 'II. Liên hệ bản thân');
    dossierUrl = m05.url();
  });

  it('should refuse a 120-minute session the minute it starts (the field named) and record the draft’s sending and the minutes as they happened', async () => {
    await app.advanceTo('2022-03-26T08:01');
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Ghi nhận buổi sinh hoạt chi bộ/);
    await nga.getByLabel('Thời lượng (phút)').fill('120');
    await nga.locator('#f-clerk').selectOption('nhung');
    await nga.getByLabel('Kết luận của chủ trì').fill('Thống nhất kế hoạch khắc phục của từng đảng viên.');
    await nga.getByLabel('Thời điểm gửi dự thảo tới đảng viên').fill('2022-03-25T10:00');
    expect(await nga.getByLabel('Thư ký đã đọc lại biên bản và hội nghị nhất trí thông qua').isChecked()).toBe(false);
    await send(nga);
    await nga.locator('#error-summary').waitFor({ timeout: 15_000 });
    expect(await nga.locator('#error-summary').innerText()).toContain('mới bắt đầu được 1 phút');
    await see(nga, '#f-minutes-error', 'mới bắt đầu được 1 phút');
    await screenshots(nga, 'secretary-04-session-too-long');
    await app.advanceTo('2022-03-26T10:05');
    await submitTask(nga);
    await see(nga, '.task-list', 'Tổng hợp, kết thúc bước tự kiểm điểm');
  });

  it('should let the secretary close self-criticism with the non-submitters named in a finding', async () => {
    const members = app.scenario.org.children[0]!.members.map((m) => m.id).filter((id) => id !== 'm04' && id !== 'm05');
    for (const id of members) {
      const login = memberLogin(CELL, id);
      const task = (await app.api<Array<{ id: string; step: string }>>(login, 'GET', '/tasks/inbox')).find((t) => t.step === 'self-criticism');
      if (!task) throw new Error(`${id} has no self-criticism task`);
      await app.api(login, 'POST', `/tasks/${task.id}/submit`, { flagged: [], plan: 'Tiếp tục rèn luyện.' });
    }
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Tổng hợp, kết thúc bước tự kiểm điểm/);
    await see(nga, 'dl.facts', 'Hạn hoàn thành');
    await screenshots(nga, 'secretary-05-close-self-criticism');
    await submitTask(nga);
    await nga.goto(dossierUrl);
    await see(nga, 'main', 'Chưa nộp bản tự kiểm điểm: Đảng viên 04, Đảng viên 05');
  });

  it('should show on the score sheet the attendance, duration and opinions it scores', async () => {
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Chấm điểm, xếp loại buổi sinh hoạt/);
    const scored = await see(nga, '#scored-session', 'Dự họp: 17/17 đồng chí');
    expect(await scored.innerText()).toContain('Thời lượng: 120 phút');
    expect(await scored.innerText()).toContain('Ý kiến phát biểu: 0');
    for (const [id, mark] of Object.entries(app.scenario.cells[CELL]!.score!.marks as Record<string, number>)) await nga.locator(`#f-marks-${id}`).fill(String(mark));
    await screenshots(nga, 'secretary-06-score-sheet');
    await submitTask(nga);
  });

  it('should record a secret ballot by its counts only, never each member’s vote by name', async () => {
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await openTask(nga, /Biểu quyết thông qua nghị quyết/);
    await nga.getByLabel('Các nội dung nghị quyết').fill('Mỗi đảng viên thực hiện kế hoạch khắc phục.');
    await see(nga, '.voter-list', 'Đảng viên 04');
    await nga.getByLabel('Bỏ phiếu kín').check();
    // The voter list goes away; three counts remain.
    await nga.locator('.voter-list').waitFor({ state: 'hidden' });
    expect(await nga.getByRole('radio', { name: 'Tán thành' }).count()).toBe(0);
    await nga.locator('#f-count-for').fill('16');
    await see(nga, '#tally .tally-headline', '16/16 — thông qua');
    await screenshots(nga, 'secretary-07-secret-ballot');
    await submitTask(nga);
    await nga.goto(dossierUrl);
    await see(nga, 'main', 'Bỏ phiếu kín');
  });

  it('should print in the minutes that the draft was sent, and not that the minutes were adopted when nobody recorded it', async () => {
    await app.settle();
    const nga = await signIn(await person(), memberLogin(CELL, 'nga'));
    await nga.goto(dossierUrl);
    await nga.getByRole('link', { name: /Số 01-BB\/CB/ }).click();
    const body = nga.frameLocator('iframe.doc-preview').locator('body');
    await body.filter({ hasText: 'BIÊN BẢN' }).waitFor({ timeout: 15_000 });
    const text = await body.innerText();
    expect(text).toContain('gửi tới đảng viên ngày');
    expect(text).not.toContain('Biên bản đã được đọc lại');
  });

  it('should reach the password change from the header, on a phone (through the menu) and on a desktop', async () => {
    for (const viewport of [undefined, DESKTOP]) {
      const nga = await signIn(await person(viewport ? { viewport } : {}), memberLogin(CELL, 'nga'));
      const toggle = nga.locator('.menu-toggle');
      if (await toggle.isVisible()) await toggle.click();
      await nga.getByRole('link', { name: 'Đổi mật khẩu' }).first().click();
      await nga.waitForURL('**/tai-khoan/mat-khau**');
      await see(nga, 'main', 'Mật khẩu hiện tại');
    }
  });
});
