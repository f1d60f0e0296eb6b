import type { DocumentIssuer } from '@chibo/procedure';
import { DOCUMENT_TYPES } from '@chibo/rules';
import { numberCode, placeFromName, smartQuotes, upper } from './vietnamese';

/** What rendering a document needs: its register entry (type, number, date) and the data its step passed. */
export interface RenderInput {
  /** Template id (`thematic:minutes`); absent or unknown: the generic template. */
  template?: string | null;
  type: string;
  /** As printed: "Số 01-NQ/CB". */
  number: string;
  title: string;
  /** Instant of issue: the date of the place/date line. */
  issuedAt: string;
  data: unknown;
  /** The issuing org, used when the data carries no `issuer` block (documents issued outside a procedure). */
  org?: { code: string; name: string; abbr: string; kind: 'committee' | 'cell'; parentName?: string | null };
}

/** What every template sees under `doc` (computed here, not taken from the data). */
export interface DocumentMeta {
  type: string;
  /** "NGHỊ QUYẾT" */
  typeName: string;
  number: string;
  /** The number without "Số": "01-NQ/CB". */
  code: string;
  title: string;
  /** The title without its type word, first letter capitalised ("Sinh hoạt chuyên đề …"); the line under the type name. */
  summary: string;
  issuedAt: string;
  /** The place of the place/date line ("Ngọc Lâm"), or null (a dotted place is printed). */
  place: string | null;
  signature: { collective: string; titles: string[]; name: string };
}

/**
 * The object a template renders: the step's data at the top level (`session`, `resolution`, `rollup`, …), plus
 * `doc` (register entry, summary, place, signature block) and `issuer` (always present).
 */
export function buildDocumentModel(input: RenderInput): Record<string, unknown> & { doc: DocumentMeta; issuer: DocumentIssuer } {
  const data = isRecord(input.data) ? input.data : {};
  const issuer = isRecord(data['issuer']) ? (data['issuer'] as unknown as DocumentIssuer) : fallbackIssuer(input);
  const typeName = (DOCUMENT_TYPES as Record<string, string>)[input.type] ?? upper(input.type);
  const placeSource = issuer.kind === 'committee' ? issuer.name : (issuer.parent?.name ?? input.org?.parentName ?? null);
  const doc: DocumentMeta = {
    type: input.type,
    typeName,
    number: input.number,
    code: numberCode(input.number),
    title: input.title,
    summary: summaryOf(input.title, typeName),
    issuedAt: input.issuedAt,
    place: placeFromName(placeSource),
    signature: signatureOf(issuer),
  };
  return { ...data, doc, issuer };
}

/** "Nghị quyết sinh hoạt chuyên đề …" under "NGHỊ QUYẾT" → "Sinh hoạt chuyên đề …". */
export function summaryOf(title: string, typeName: string): string {
  const text = title.normalize('NFC').trim();
  const rest = text.toLocaleUpperCase('vi').startsWith(typeName.toLocaleUpperCase('vi')) ? text.slice(typeName.length).trim() : text;
  const summary = rest ? rest.charAt(0).toLocaleUpperCase('vi') + rest.slice(1) : '';
  // Straight quotes typed in a form are printed as the typographic pair: "Tự soi, tự sửa" → “Tự soi, tự sửa”.
  return smartQuotes(summary);
}

/** "T/M CHI BỘ / BÍ THƯ", or "T/M CHI BỘ / K/T BÍ THƯ / PHÓ BÍ THƯ" when the deputy signs. */
function signatureOf(issuer: DocumentIssuer): DocumentMeta['signature'] {
  const collective = issuer.kind === 'cell' ? 'CHI BỘ' : 'ĐẢNG ỦY';
  const titles = issuer.signer?.role === 'deputy-secretary' ? ['K/T BÍ THƯ', 'PHÓ BÍ THƯ'] : ['BÍ THƯ'];
  return { collective, titles, name: issuer.signer?.name ?? '' };
}

function fallbackIssuer(input: RenderInput): DocumentIssuer {
  const org = input.org;
  return {
    code: org?.code ?? '',
    name: org?.name ?? '',
    abbr: org?.abbr ?? '',
    kind: org?.kind ?? 'cell',
    parent: org?.parentName ? { code: '', name: org.parentName, kind: 'committee' } : null,
    signer: null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
