import { committeeLogin } from '@chibo/cli';
import type { Browser, BrowserContext } from 'playwright-core';
import { describeWithChromium, launchChromium, pageWidth, personContext, PHONE, screenshots, signIn } from './support/chromium';
import { fixture, startWebApp, type WebApp } from './support/web-app';

const COMMITTEE = 'DU-NGOC-LAM';

/**
 * A committee puts a min-marks condition on its score sheet on a 360 px phone (ADR 0036): from its menu to the
 * score sheets, a new sheet whose condition asks for more marks than the criterion has is refused with the rule, the
 * corrected one is saved and shown as "Chỉ xếp loại Tốt khi tiêu chí “Nội dung” đạt từ 18/20 điểm", and "Sửa thành
 * phiên bản mới" opens the form filled with it. No page is wider than the phone.
 */
describeWithChromium('a committee’s score-sheet conditions on a phone (real Chromium)', () => {
  let app: WebApp;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    app = await startWebApp(fixture('ai-mo-2022'));
    ({ browser, close: closeBrowser } = await launchChromium());
  });

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await closeBrowser?.();
    await app?.close();
  });

  it('should refuse a condition over the criterion’s maximum, save the corrected one, show it and open it for editing', async () => {
    context = await personContext(browser, app.baseUrl, { viewport: PHONE });
    const page = await signIn(context, committeeLogin(COMMITTEE));
    await page.getByRole('button', { name: '☰ Menu' }).click();
    await page.getByRole('link', { name: 'Phiếu chấm điểm' }).click();
    await page.getByRole('heading', { name: 'Phiếu chấm điểm chất lượng sinh hoạt' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await page.getByLabel('Mã phiếu (chữ thường, không dấu)').fill('thuong-ky');
    await page.getByLabel('Tên phiếu').fill('Phiếu chấm điểm sinh hoạt thường kỳ');
    await page.getByLabel('Tiêu chí, mỗi dòng: mã | tên | điểm tối đa').fill('noi-dung | Nội dung | 20\ntham-du | Tham dự | 10');
    await page.getByLabel('Khung xếp loại, mỗi dòng: Xếp loại | từ | đến dưới (khung cao nhất đến tổng điểm)').fill('Kém | 0 | 15\nKhá | 15 | 25\nTốt | 25 | 30');
    const condition = page.getByLabel('Điều kiện điểm tối thiểu, mỗi dòng: Xếp loại | mã tiêu chí | từ điểm | nếu không thì');
    await condition.fill('Tốt | noi-dung | 22 | Khá');
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Lưu phiếu chấm điểm' }).click()]);
    expect(refused.status()).toBe(422);
    await page.getByText('Điều kiện 1: Số điểm tối thiểu 22 vượt quá điểm tối đa 20 của tiêu chí “Nội dung”').waitFor();
    expect(await page.getByLabel('Điều kiện điểm tối thiểu, mỗi dòng: Xếp loại | mã tiêu chí | từ điểm | nếu không thì').inputValue()).toBe('Tốt | noi-dung | 22 | Khá');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, '19-score-sheet-condition-error');

    await page.getByLabel('Điều kiện điểm tối thiểu, mỗi dòng: Xếp loại | mã tiêu chí | từ điểm | nếu không thì').fill('Tốt | noi-dung | 18 | Khá');
    await page.getByRole('button', { name: 'Lưu phiếu chấm điểm' }).click();
    await page.getByText(`Đã lưu phiếu ${COMMITTEE}/thuong-ky@1.`).waitFor();
    const sheet = page.locator(`article[data-ref="${COMMITTEE}/thuong-ky@1"]`);
    expect(await sheet.locator('.sheet-conditions li').allTextContents()).toEqual(['Chỉ xếp loại Tốt khi tiêu chí “Nội dung” đạt từ 18/20 điểm (nếu không: Khá)']);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, '19-score-sheet-condition-saved');

    await sheet.getByRole('link', { name: 'Sửa thành phiên bản mới' }).click();
    await page.getByText(`Đang sửa ${COMMITTEE}/thuong-ky@1`).waitFor();
    expect(await page.getByLabel('Điều kiện điểm tối thiểu, mỗi dòng: Xếp loại | mã tiêu chí | từ điểm | nếu không thì').inputValue()).toBe('Tốt | noi-dung | 18 | Khá');
    expect(await page.getByLabel('Mã phiếu (chữ thường, không dấu)').inputValue()).toBe('thuong-ky');
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
  });
});
