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
  /** "T/M" line (`collective`: "CHI BỘ"; empty for an advisory body, whose head signs), then titles and the name. */
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

/**
 * The signature block of HD 36-HD/VPTW, by the kind of the issuing body (read from its name) and the signer's role.
 * A party committee or its standing committee signs collectively, "T/M" its name, and whoever signs — the secretary or
 * a deputy — gives their own title: "T/M CHI BỘ / PHÓ BÍ THƯ" (K/T is not used by party committees). An advisory body
 * (Ban Tổ chức, Ban Tuyên giáo, Văn phòng …) is led by its head: "TRƯỞNG BAN", or "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN".
 */
export function signatureOf(issuer: Pick<DocumentIssuer, 'kind' | 'name' | 'signer'>): DocumentMeta['signature'] {
  const deputy = issuer.signer?.role === 'deputy-secretary';
  const name = issuer.signer?.name ?? '';
  const body = signingBody(issuer.name, issuer.kind);
  if (body.advisory) return { collective: '', titles: deputy ? [`K/T ${body.head}`, `PHÓ ${body.head}`] : [body.head], name };
  return { collective: body.collective, titles: [deputy ? `PHÓ ${body.leader}` : body.leader], name };
}

/** Bodies that sign collectively, by the first words of their name: what "T/M" names, and their leader's title. */
const COLLECTIVE_BODIES: ReadonlyArray<readonly [prefix: string, collective: string, leader: string]> = [
  ['ban thường vụ', 'BAN THƯỜNG VỤ', 'BÍ THƯ'],
  ['tỉnh ủy', 'TỈNH ỦY', 'BÍ THƯ'],
  ['thành ủy', 'THÀNH ỦY', 'BÍ THƯ'],
  ['thị ủy', 'THỊ ỦY', 'BÍ THƯ'],
  ['huyện ủy', 'HUYỆN ỦY', 'BÍ THƯ'],
  ['quận ủy', 'QUẬN ỦY', 'BÍ THƯ'],
  ['đảng ủy', 'ĐẢNG ỦY', 'BÍ THƯ'],
  // A Đảng bộ signs through its executive, the Đảng ủy.
  ['đảng bộ', 'ĐẢNG ỦY', 'BÍ THƯ'],
  ['chi ủy', 'CHI ỦY', 'BÍ THƯ'],
  ['chi bộ', 'CHI BỘ', 'BÍ THƯ'],
  ['ủy ban kiểm tra', 'ỦY BAN KIỂM TRA', 'CHỦ NHIỆM'],
];

/** Advisory bodies, led by one head (no "T/M"). */
const ADVISORY_BODIES: ReadonlyArray<readonly [prefix: string, head: string]> = [
  ['văn phòng', 'CHÁNH VĂN PHÒNG'],
  ['ban', 'TRƯỞNG BAN'],
];

type SigningBody = { advisory: false; collective: string; leader: string } | { advisory: true; head: string };

function signingBody(name: string, kind: DocumentIssuer['kind']): SigningBody {
  // "uỷ" (old placement of the mark) is read as "ủy".
  const text = name.normalize('NFC').trim().toLocaleLowerCase('vi').replace(/uỷ/gu, 'ủy').replace(/\s+/gu, ' ');
  const starts = (prefix: string) => text === prefix || text.startsWith(`${prefix} `);
  for (const [prefix, collective, leader] of COLLECTIVE_BODIES) if (starts(prefix)) return { advisory: false, collective, leader };
  for (const [prefix, head] of ADVISORY_BODIES) if (starts(prefix)) return { advisory: true, head };
  return { advisory: false, collective: kind === 'cell' ? 'CHI BỘ' : 'ĐẢNG ỦY', leader: 'BÍ THƯ' };
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
