import { Document, Packer } from 'docx';
import { htmlToContent, type HtmlWarning } from 'docx/html';

/** Twentieths of a point per millimetre (Word measures pages in twips). */
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number) => Math.round(value * TWIPS_PER_MM);

/**
 * A Word document from a document's stored HTML, with docx's own HTML reader (which applies the HTML's `<style>`
 * rules, so the same template and the same committee override give the same layout): A4, margins 20/20/30/15 mm,
 * Times New Roman 14 pt. The secretary can edit it in Word; the issued HTML remains the official record.
 */
export async function renderDocx(html: string, meta: { number: string; title: string }, onWarning?: (warning: HtmlWarning) => void): Promise<Buffer> {
  const children = htmlToContent(html, { ...(onWarning ? { onWarning } : {}) });
  const doc = new Document({
    creator: 'chibo',
    title: `${meta.number} – ${meta.title}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 28 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) },
          },
        },
        children: [...children],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
