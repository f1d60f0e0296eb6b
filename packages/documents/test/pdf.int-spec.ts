import { ENABLED_PLUGINS } from '@chibo/catalog';
import { DocumentRenderer, PdfRenderer } from '../src';
import { missingFrom, normalizeText, requiredElements } from './support/required-elements';
import { GOLDEN_SCENARIOS, scenarioDocuments, type ScenarioDocument } from './support/scenario-documents';
import { describeWithPdfTools, pdfFontFamilies, pdfInfo, pdfPages, pdfText } from './support/tools';

/** Every Vietnamese letter with a mark: the 12 vowels with each of the 6 tones, and đ (lower case, then capitals). */
function vietnameseLetters(): string {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
  const lower = [...vowels.flatMap((v) => tones.map((t) => `${v}${t}`.normalize('NFC'))), 'đ'].join('');
  return `${lower} ${lower.toLocaleUpperCase('vi')}`;
}

const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);

describeWithPdfTools('PDF of the golden documents (headless Chromium, read back with pdftotext)', () => {
  const pdf = new PdfRenderer({ executablePath: process.env['CHROMIUM_PATH'] ?? null });
  afterAll(() => pdf.close());

  describe.each(GOLDEN_SCENARIOS)('%s', (name) => {
    let run: Awaited<ReturnType<typeof scenarioDocuments>>;
    beforeAll(async () => {
      run = await scenarioDocuments(name);
    });

    it('should print every document on A4 pages whose text has every required element with its diacritics', async () => {
      const check = async (doc: ScenarioDocument) => {
        const bytes = await pdf.render(renderer.render(doc.input).html);
        const info = pdfInfo(bytes);
        const missing = missingFrom(pdfText(bytes), requiredElements(run.scenario, doc));
        return { document: `${doc.org}/${doc.name}`, a4: Math.round(info.width) === 595 && Math.round(info.height) === 842, pages: info.pages > 0, missing, fonts: pdfFontFamilies(bytes) };
      };
      for (const doc of run.documents) {
        expect(await check(doc)).toEqual({ document: `${doc.org}/${doc.name}`, a4: true, pages: true, missing: [], fonts: ['Tinos'] });
      }
    });
  });

  it('should take every letter of a Vietnamese sample, regular, bold and italic, from one font family (pdffonts)', async () => {
    const sample = vietnameseLetters();
    const html = renderer.render({
      type: 'TB',
      number: 'Số 01-TB/CB',
      title: `Thông báo ${sample}`,
      issuedAt: '2022-04-01T08:00:00+07:00',
      data: {},
      org: { code: 'CB', name: `Chi bộ ${sample}`, abbr: 'CB', kind: 'cell', parentName: `Đảng ủy phường ${sample}` },
    }).html;
    const bytes = await pdf.render(html);
    // The sample is in the body (regular), the summary and the issuing body (bold) and the place/date line (italic).
    expect(pdfFontFamilies(bytes)).toEqual(['Tinos']);
    expect(normalizeText(pdfText(bytes))).toContain(sample);
  });

  it('should print the score sheet of the minutes on a page of its own', async () => {
    const { documents } = await scenarioDocuments('ai-mo-2022');
    const minutes = documents.find((d) => d.name.startsWith('BB'))!;
    const pages = pdfPages(await pdf.render(renderer.render(minutes.input).html));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[pages.length - 1]!.normalize('NFC')).toMatch(/^\s*PHIẾU CHẤM ĐIỂM CHẤT LƯỢNG SINH HOẠT CHI BỘ/);
    expect(pages.slice(0, -1).join('').normalize('NFC')).not.toContain('PHIẾU CHẤM ĐIỂM CHẤT LƯỢNG');
  });

  it('should load nothing from the network while printing', async () => {
    const html = renderer.render((await scenarioDocuments('ai-mo-2022')).documents[0]!.input).html.replace('</body>', '<img src="http://127.0.0.1:9/x.png"></body>');
    const started = Date.now();
    const bytes = await pdf.render(html);
    expect(pdfInfo(bytes).pages).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
