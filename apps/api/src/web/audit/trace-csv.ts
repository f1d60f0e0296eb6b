import { translate, type Lang } from '../i18n/i18n';
import { formatDateTime } from '../view/format';
import type { TimelineEntry } from './trace.service';

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is neutralised for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The trace as CSV, one row per timeline entry the filters keep (the committee's, then each cell's), UTF-8 with a BOM
 * so spreadsheet programs read the Vietnamese letters right. Times are Vietnam time.
 */
export function traceCsv(trace: { guidance: { number: string; issuedOn: string }; units: ReadonlyArray<{ code: string; name: string; timeline: TimelineEntry[] }> }, lang: Lang): string {
  const t = (key: string) => translate(lang, key);
  const header = ['guidance', 'unit', 'unitName', 'at', 'recordedAt', 'who', 'step', 'kind', 'what', 'document', 'finding', 'audit'].map((k) => t(`csv.${k}`));
  const rows: string[][] = [header];
  for (const unit of trace.units) {
    for (const e of unit.timeline) {
      rows.push([
        `${trace.guidance.number} (${trace.guidance.issuedOn})`,
        unit.code,
        unit.name,
        formatDateTime(e.at, 'vi'),
        formatDateTime(e.recordedAt, 'vi'),
        e.who,
        e.step,
        t(`trace.kind.${e.kind}`),
        e.text,
        e.document?.number ?? '',
        e.finding ?? '',
        e.audit ? `#${e.audit.id} ${e.audit.hash}` : '',
      ]);
    }
  }
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
