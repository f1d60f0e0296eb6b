import { ENABLED_PLUGINS } from '@chibo/catalog';
import { DocumentRenderer, PdfRenderer } from '../src';
import { missingFrom, requiredElements } from './support/required-elements';
import { GOLDEN_SCENARIOS, scenarioDocuments, type ScenarioDocument } from './support/scenario-documents';
import { describeWithPdfTools, pdfInfo, pdfPages, pdfText } from './support/tools';

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
        return { document: `${doc.org}/${doc.name}`, a4: Math.round(info.width) === 595 && Math.round(info.height) === 842, pages: info.pages > 0, missing };
      };
      for (const doc of run.documents) {
        expect(await check(doc)).toEqual({ document: `${doc.org}/${doc.name}`, a4: true, pages: true, missing: [] });
      }
    });
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
