import { committeeLogin } from '@chibo/cli';
import type { Browser, BrowserContext } from 'playwright-core';
import { describeWithChromium, launchChromium, pageWidth, personContext, PHONE, screenshots, signIn } from './support/chromium';
import { fixture, startWebApp, type WebApp } from './support/web-app';

const COMMITTEE = 'DU-NGOC-LAM';
const KIND_TITLE = 'Thông báo triệu tập sinh hoạt chi bộ lúc 08:00 ngày 25/03/2022';

/**
 * A committee words its convene notice on a 360 px phone (ADR 0031's overrides, docs/adr/0032): from its menu to the
 * notice templates, the convene notice's form; a subject with an unknown variable is refused next to the subject
 * field — swapped in place with JavaScript, as a whole page without — a good one previews on the sample notice, is
 * saved as the committee's own, and the shipped template comes back with one button. No page is wider than the phone.
 */
describeWithChromium('a committee’s notice templates on a phone (real Chromium)', () => {
  let app: WebApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  const contexts: BrowserContext[] = [];
  const person = async (javaScript = true) => {
    const context = await personContext(browser, app.baseUrl, { viewport: PHONE, javaScript });
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    app = await startWebApp(fixture('ai-mo-2022'));
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
  });

  it('should refuse a wrong subject next to its field, preview and save a good one, and go back to the shipped one (JavaScript on)', async () => {
    const page = await signIn(await person(), committeeLogin(COMMITTEE));
    // On a phone the menu folds behind its button.
    await page.getByRole('button', { name: '☰ Menu' }).click();
    await page.getByRole('link', { name: 'Mẫu thư thông báo' }).click();
    await page.getByRole('heading', { name: 'Mẫu thư thông báo của đảng ủy' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.getByRole('link', { name: KIND_TITLE }).click();
    await page.getByRole('heading', { name: KIND_TITLE }).waitFor();
    const subject = page.getByLabel('Tiêu đề thư');
    expect(await subject.inputValue()).toBe('[chibo] Thông báo triệu tập sinh hoạt chi bộ lúc {{event.when}}');
    expect(await page.getByLabel('Nội dung (văn bản thuần)').inputValue()).toContain('Kính gửi đồng chí {{recipientName}},');
    const url = page.url();

    await subject.fill('Mời họp lúc {{ngayHop}}');
    await page.getByRole('button', { name: 'Lưu mẫu' }).click();
    const error = page.locator('#nt-subject-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('ngayHop');
    // Swapped in place: the same page, the error summary links to the field, what was typed is kept.
    expect(page.url()).toBe(url);
    expect(await page.locator('#error-summary a[href="#nt-subject"]').count()).toBe(1);
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    expect(await subject.inputValue()).toBe('Mời họp lúc {{ngayHop}}');
    expect(await page.locator('#nt-text-error').count()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, '18-notice-template-error');

    await subject.fill('Mời họp {{orgName}} lúc {{event.when}}');
    await page.getByRole('button', { name: 'Xem trước' }).click();
    const preview = page.locator('.preview-subject');
    await preview.waitFor();
    expect(await preview.textContent()).toBe('Mời họp Chi bộ Khu phố 1 lúc 08:00 ngày 25/03/2022');
    expect(await page.locator('#nt-subject-error').count()).toBe(0);
    expect(await page.frameLocator('iframe.preview-html').locator('body').textContent()).toContain('Kính gửi đồng chí Nguyễn Văn An');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, '18-notice-template-preview');

    await page.getByRole('button', { name: 'Lưu mẫu' }).click();
    await page.getByText('Đã lưu mẫu. Thư gửi từ nay dùng mẫu này.').waitFor();
    expect(await page.locator('#nt-subject-origin').textContent()).toBe('Đang dùng mẫu riêng của đơn vị (phiên bản 1).');
    expect(await page.locator('#nt-text-origin').textContent()).toBe('Đang dùng mẫu mặc định của chibo.');

    await page.getByRole('button', { name: 'Khôi phục mẫu mặc định' }).click();
    await page.getByText('Đã khôi phục: đơn vị không còn mẫu riêng cho loại thư này.').waitFor();
    expect(await page.getByLabel('Tiêu đề thư').inputValue()).toBe('[chibo] Thông báo triệu tập sinh hoạt chi bộ lúc {{event.when}}');
    expect(await page.getByRole('button', { name: 'Khôi phục mẫu mặc định' }).count()).toBe(0);
  });

  it('should show the refusal next to the subject field as a whole page without JavaScript', async () => {
    const page = await signIn(await person(false), committeeLogin(COMMITTEE));
    // Without JavaScript the menu stays open.
    await page.getByRole('link', { name: 'Mẫu thư thông báo' }).click();
    await page.getByRole('link', { name: KIND_TITLE }).click();
    await page.getByLabel('Tiêu đề thư').fill('Mời họp lúc {{ngayHop}}');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Lưu mẫu' }).click()]);
    expect(response.status()).toBe(422);
    await page.locator('#nt-subject-error').waitFor();
    expect(await page.locator('#nt-subject-error').textContent()).toContain('ngayHop');
    expect(await page.getByLabel('Tiêu đề thư').inputValue()).toBe('Mời họp lúc {{ngayHop}}');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});
