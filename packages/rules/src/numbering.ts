import { toLocalDate, toLocalDay } from './parse-time';
import { VN_TIME_ZONE } from './time';

/** A committee term (nhiệm kỳ): document numbers restart at 01 for each term. `to` is exclusive; absent = open-ended. */
export interface Term {
  from: string;
  to?: string;
}

/** Abbreviations of Party document types (HD 36-HD/VPTW) with the type name as printed in bold caps. */
export const DOCUMENT_TYPES = Object.freeze({
  NQ: 'NGHỊ QUYẾT',
  KH: 'KẾ HOẠCH',
  BC: 'BÁO CÁO',
  BB: 'BIÊN BẢN',
  TB: 'THÔNG BÁO',
  HD: 'HƯỚNG DẪN',
  QĐ: 'QUYẾT ĐỊNH',
  CV: 'CÔNG VĂN',
} as const);

/** One of the document type abbreviations in {@link DOCUMENT_TYPES}. */
export type DocumentTypeCode = keyof typeof DOCUMENT_TYPES;

/** The parts of a document number such as "Số 05-NQ/CB". */
export interface DocumentNumber {
  seq: number;
  type: string;
  issuerAbbr: string;
}

// `date` is a "YYYY-MM-DD" local date or an instant read in `zone`; a term contains it when from ≤ date < to.
// When terms overlap, the one with the latest `from` wins. Malformed terms throw a RangeError.
/** The committee term containing `date`, or undefined when none does. */
export function termFor(date: string, terms: readonly Term[], zone: string = VN_TIME_ZONE): Term | undefined {
  const day = toLocalDate(date, zone);
  let best: Term | undefined;
  for (const term of terms) {
    checkTerm(term, zone);
    const contains = term.from <= day && (term.to === undefined || day < term.to);
    // ISO dates compare correctly as strings; `>` keeps the first listed term on equal `from`.
    if (contains && (best === undefined || term.from > best.from)) best = term;
  }
  return best;
}

/** The key of one numbering register: issuer, document type and term start, e.g. "CB-X|NQ|2020-08-01". */
export function registerKey(input: { issuer: string; type: string; termFrom: string }): string {
  for (const [name, value] of Object.entries({ issuer: input.issuer, type: input.type })) {
    if (value === '' || value.includes('|')) {
      throw new RangeError(`Invalid ${name} "${value}": must be non-empty and must not contain "|"`);
    }
  }
  toLocalDay(input.termFrom, VN_TIME_ZONE, 'term start');
  return `${input.issuer}|${input.type}|${input.termFrom}`;
}

const TYPE = /^\p{Lu}+$/u;
const ISSUER = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
// "Số" (any case, optional colon, which HD 36 omits but people type), then seq-TYPE/ISSUER.
const DOCUMENT_NUMBER = /^\s*(?:[Ss][ốỐ]\s*:?\s*)?(\d+)\s*-\s*(\p{Lu}+)\s*\/\s*([\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*)\s*$/u;

/** Formats a document number as printed (HD 36): `formatDocumentNumber(5, 'NQ', 'CB')` → "Số 05-NQ/CB"; at least two digits. */
export function formatDocumentNumber(seq: number, type: string, issuerAbbr: string): string {
  if (!Number.isInteger(seq) || seq < 1) {
    throw new RangeError(`Invalid sequence number ${seq}: expected a positive integer`);
  }
  if (!TYPE.test(type.normalize('NFC'))) {
    throw new RangeError(`Invalid document type "${type}": expected capital letters, e.g. "NQ"`);
  }
  if (!ISSUER.test(issuerAbbr.normalize('NFC'))) {
    throw new RangeError(`Invalid issuer abbreviation "${issuerAbbr}": expected letters/digits, e.g. "CB" or "ĐU"`);
  }
  return `Số ${String(seq).padStart(2, '0')}-${type.normalize('NFC')}/${issuerAbbr.normalize('NFC')}`;
}

/** Parses "Số 05-NQ/CB" (also "05-NQ/CB", "Số: 05-NQ/CB") into its parts; null when the text is not a document number. */
export function parseDocumentNumber(text: string): DocumentNumber | null {
  const match = DOCUMENT_NUMBER.exec(text.normalize('NFC'));
  if (match === null) return null;
  const [, digits, type, issuerAbbr] = match;
  if (digits === undefined || type === undefined || issuerAbbr === undefined) return null;
  const seq = Number(digits);
  return seq >= 1 && Number.isSafeInteger(seq) ? { seq, type, issuerAbbr } : null;
}

/** The next number in a register: highest issued + 1, or 1 for an empty register. */
export function nextInRegister(issued: readonly number[]): number {
  let max = 0;
  for (const seq of issued) {
    if (!Number.isInteger(seq) || seq < 1) {
      throw new RangeError(`Invalid issued number ${seq}: expected a positive integer`);
    }
    if (seq > max) max = seq;
  }
  return max + 1;
}

function checkTerm(term: Term, zone: string): void {
  toLocalDay(term.from, zone, 'term start');
  if (term.to !== undefined) {
    toLocalDay(term.to, zone, 'term end');
    if (term.to <= term.from) {
      throw new RangeError(`Invalid term ${term.from} – ${term.to}: the end must come after the start`);
    }
  }
}
