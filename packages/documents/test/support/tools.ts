import { execFileSync } from 'node:child_process';
import { findChromium, PDF_FONT_INSTALL_HINT } from '../../src';

function runs(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } catch {
    return null;
  }
}

/** Why the PDF suites cannot run here (no Chromium, no poppler-utils, no Tinos), or undefined when they can. */
export function pdfToolsUnavailable(): string | undefined {
  const missing: string[] = [];
  if (!findChromium(process.env['CHROMIUM_PATH'])) missing.push('Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');
  if (runs('pdftotext', ['-v']) === null || runs('pdffonts', ['-v']) === null) missing.push('pdftotext and pdffonts (apt-get install -y poppler-utils)');
  if (!/Tinos/.test(runs('fc-list', [':family=Tinos', 'family']) ?? '')) missing.push(`the Tinos font (${PDF_FONT_INSTALL_HINT.replace(/^sudo /, '')})`);
  return missing.length ? `missing ${missing.join(' and ')}` : undefined;
}

/**
 * `describe` for suites that print PDFs and read them back. Outside CI a missing tool skips the suite with one NOT RUN
 * line saying what to install; with CI=true the tools are mandatory (.ci/run installs them) and the suite fails.
 */
export function describeWithPdfTools(name: string, body: () => void): void {
  const reason = pdfToolsUnavailable();
  if (reason && process.env['CI'] !== 'true') {
    console.warn(`[@chibo/documents] NOT RUN: "${name}" — ${reason}`);
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    if (reason) {
      it('should have Chromium, poppler-utils and Tinos (mandatory with CI=true)', () => {
        throw new Error(`CI=true requires the PDF tools: ${reason}`);
      });
      return;
    }
    body();
  });
}

/**
 * The text of a PDF as pdftotext extracts it (UTF-8), followed by the text of each column of the first page's header
 * read on its own: pdftotext orders lines by height, so a wrapped issuing body ("… ĐỒNG QUỐC / BÌNH") is otherwise
 * interleaved with the lines of the right column.
 */
export function pdfText(pdf: Buffer): string {
  const run = (args: string[]) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  // At 72 dpi a pixel is a point; the header's left column ends 30 mm + 46 % of 165 mm from the page's left edge.
  const split = Math.round(((30 + 0.46 * 165) / 25.4) * 72);
  const header = ['-f', '1', '-l', '1', '-r', '72', '-y', '0', '-H', '230'];
  return [run([]), run([...header, '-x', '0', '-W', String(split)]), run([...header, '-x', String(split), '-W', String(595 - split)])].join('\n');
}

/** Page count and size (points) of a PDF, from pdfinfo. */
export function pdfInfo(pdf: Buffer): { pages: number; width: number; height: number } {
  const out = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  const pages = Number(/Pages:\s+(\d+)/.exec(out)?.[1]);
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** The text of each page of a PDF, in order. */
export function pdfPages(pdf: Buffer): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
  return text.split('\f').filter((page) => page.trim());
}

/**
 * The font families a PDF's text is set in, from pdffonts: "AAAAAA+Tinos-Bold" → "Tinos" (subset prefix and style
 * dropped). One family means no letter was taken from a fallback font.
 */
export function pdfFontFamilies(pdf: Buffer): string[] {
  const out = execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8');
  const names = out
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
  const family = (name: string) => name.replace(/^[A-Z]{6}\+/, '').replace(/[-,]?(Regular|Bold|Italic|BoldItalic|Oblique|BoldOblique|Roman|MT|PSMT)+$/g, '');
  return [...new Set(names.map(family))].sort();
}
