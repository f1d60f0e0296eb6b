import { ENABLED_PLUGINS } from '@chibo/catalog';
import { strFromU8, unzipSync } from 'fflate';
import { DocumentRenderer, renderDocx } from '../src';
import { missingFrom, requiredElements } from './support/required-elements';
import { GOLDEN_SCENARIOS, scenarioDocuments } from './support/scenario-documents';

const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);

/** The parts of a .docx file (a zip), by path. */
function parts(docx: Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(new Uint8Array(docx))).map(([path, bytes]) => [path, strFromU8(bytes)]));
}

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };

/** What Word shows: the text of each paragraph (its runs joined), one paragraph per line. */
function documentText(xml: string): string {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map(([p]) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]!.replace(/&(lt|gt|quot|apos|amp);/g, (e) => XML_ENTITIES[e]!)).join(''))
    .join('\n');
}

describe.each(GOLDEN_SCENARIOS)('DOCX of the documents of %s', (name) => {
  let run: Awaited<ReturnType<typeof scenarioDocuments>>;
  beforeAll(async () => {
    run = await scenarioDocuments(name);
  });

  it('should open as a Word document whose text has every required element', async () => {
    for (const doc of run.documents) {
      const docx = await renderDocx(renderer.render(doc.input).html, doc.input);
      const files = parts(docx);
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
      const missing = missingFrom(documentText(files['word/document.xml']!), requiredElements(run.scenario, doc));
      expect({ document: `${doc.org}/${doc.name}`, missing }).toEqual({ document: `${doc.org}/${doc.name}`, missing: [] });
    }
  });

  it('should lay the page out on A4 with margins 20/20/30/15 mm and Times New Roman', async () => {
    const doc = run.documents[0]!;
    const files = parts(await renderDocx(renderer.render(doc.input).html, doc.input));
    const xml = files['word/document.xml']!;
    // Twentieths of a point: A4 is 11906 × 16838; 20 mm = 1134, 30 mm = 1701, 15 mm = 850.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(files['word/styles.xml']).toContain('w:ascii="Times New Roman"');
  });
});

describe('DOCX layout of a minutes', () => {
  it('should keep the header and the signatures in tables and print the score sheet after a page break', async () => {
    const { documents } = await scenarioDocuments('ai-mo-2022');
    const minutes = documents.find((d) => d.name.startsWith('BB'))!;
    const xml = parts(await renderDocx(renderer.render(minutes.input).html, minutes.input))['word/document.xml']!;
    expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const breakAt = Math.max(xml.indexOf('<w:pageBreakBefore/>'), xml.indexOf('w:type="page"'));
    expect(breakAt).toBeGreaterThan(0);
    expect(xml.indexOf('PHIẾU CHẤM ĐIỂM')).toBeGreaterThan(breakAt);
  });
});
