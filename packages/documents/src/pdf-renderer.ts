import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserType } from 'playwright-core';
import { PdfUnavailableError } from './errors';

/** Where Debian and other distributions put Chromium (or Chrome); the first executable one is used. */
export const CHROMIUM_CANDIDATES: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

/** What to tell someone whose machine has no Chromium. */
export const CHROMIUM_INSTALL_HINT =
  'Cần Chromium để xuất PDF: cài bằng `sudo apt-get install -y chromium` (Debian/Ubuntu) hoặc đặt CHROMIUM_PATH tới trình duyệt Chromium/Chrome.';

/** A4 with the margins of HD 36-HD/VPTW as this product prints them: top 20, bottom 20, left 30, right 15 mm. */
export const PDF_MARGINS = { top: '20mm', bottom: '20mm', left: '30mm', right: '15mm' } as const;

/**
 * The font PDFs are printed in: Tinos (Debian's fonts-croscore) has every Vietnamese letter and the metrics of Times
 * New Roman, so a page breaks where it would in Times New Roman. Liberation Serif 1.x, which fontconfig otherwise
 * substitutes for Times New Roman, lacks letters such as ả, ể, ỗ, ủ, ớ: Chromium then takes those from another font.
 * Applied at print time (not in the stored HTML), so documents issued earlier print the same way and the DOCX keeps
 * Times New Roman.
 */
export const PDF_FONT_FAMILY = 'Tinos, "Times New Roman", serif';

/** What to tell someone whose machine has no Tinos (the PDF would mix fonts within a word). */
export const PDF_FONT_INSTALL_HINT = 'sudo apt-get install -y fonts-croscore';

const PRINT_FONT_STYLE = `<style>html { font-family: ${PDF_FONT_FAMILY}; }</style>`;

/** The HTML to print: the document with the print font added after its own styles. */
export function withPrintFont(html: string): string {
  const head = html.search(/<\/head>/i);
  return head >= 0 ? `${html.slice(0, head)}${PRINT_FONT_STYLE}\n${html.slice(head)}` : `${PRINT_FONT_STYLE}\n${html}`;
}

/** Flags for a headless Chromium that talks to nobody and keeps no state. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to use: `explicit` (CHROMIUM_PATH) when it is executable, else the first standard location; or null. */
export function findChromium(explicit?: string | null): string | null {
  if (explicit) return executable(explicit) ? explicit : null;
  return CHROMIUM_CANDIDATES.find(executable) ?? null;
}

/**
 * Prints HTML to PDF with headless Chromium (playwright-core, no browser download). One browser is started on first
 * use and shared; at most `concurrency` pages print at once; a browser that died is started again. Documents are
 * printed offline: every network request of the page is refused.
 */
export class PdfRenderer {
  private browser?: Promise<Browser>;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  readonly executablePath: string | null;

  constructor(options: { executablePath?: string | null; concurrency?: number } = {}) {
    this.executablePath = findChromium(options.executablePath);
    this.concurrency = options.concurrency ?? 2;
  }

  private readonly concurrency: number;

  /** True when a Chromium was found. */
  get available(): boolean {
    return this.executablePath !== null;
  }

  /** The PDF of a complete HTML document (A4, HD 36 margins; the document's own `@page` rule agrees), in Tinos. */
  async render(html: string): Promise<Buffer> {
    if (!this.executablePath) throw new PdfUnavailableError(CHROMIUM_INSTALL_HINT);
    await this.slot();
    try {
      const browser = await this.launch();
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(withPrintFont(html), { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({ format: 'A4', margin: PDF_MARGINS, printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
      }
    } finally {
      this.release();
    }
  }

  /** Closes the browser (if one was started). */
  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      // Loaded on first use only: processes that never print (workers, the CLI without --out) do not pay for it.
      const { chromium } = createRequire(__filename)('playwright-core') as { chromium: BrowserType };
      const started = chromium.launch({ executablePath: this.executablePath!, headless: true, args: CHROMIUM_ARGS });
      this.browser = started;
      started.then(
        (browser) => browser.on('disconnected', () => {
          if (this.browser === started) this.browser = undefined;
        }),
        () => {
          if (this.browser === started) this.browser = undefined;
        },
      );
    }
    return this.browser;
  }

  private async slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
