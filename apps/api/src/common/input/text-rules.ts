import type { FieldIssue } from '../errors';

// The rules every string a request carries must pass, wherever it sits (path, query, body), so that what is stored,
// hashed into the audit log and shown back is exactly what was sent (docs/adr/0014-input-normalisation.md).

/** C0 controls and DEL; tabs and line breaks are allowed in bodies (long text), never in a URL. */
const BODY_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const URL_CONTROLS = /[\u0000-\u001F\u007F]/;
/** Bidirectional embeddings, overrides and isolates ("Trojan Source"): they make text read differently than it is. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * Invisible characters that let one name pass for another (zero-width space/joiners, marks, word joiner, BOM, soft
 * hyphen, the Mongolian vowel separator, combining grapheme joiner). Refused in names and codes, not in long text.
 */
export const INVISIBLE_CHARS = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/;
/**
 * Scripts whose letters pass for Latin ones (Cyrillic "а", Greek "Ν", Armenian "օ", Cherokee "Ꭺ"…). A name that mixes
 * one of them with Latin letters is how one person's or unit's name is made to look like another's.
 */
const LOOKALIKE_SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Coptic', /\p{Script=Coptic}/u],
];
const LATIN_LETTER = /\p{Script=Latin}/u;
/** Fullwidth forms and mathematical letters: Latin in another dress ("Ｎｇａ", "𝐍𝐠𝐚"). */
const LATIN_IN_DISGUISE = /[\uFF01-\uFF5E]|[\u{1D400}-\u{1D7FF}]/u;

/**
 * Why a one-line name or title could pass for another, or undefined: letters of a look-alike script mixed with Latin
 * ones, or Latin letters in fullwidth or mathematical form. A name entirely in one script (Cyrillic, say) is kept.
 */
export function confusableText(text: string): string | undefined {
  if (LATIN_IN_DISGUISE.test(text)) return 'Không được dùng chữ toàn khổ hoặc chữ toán học thay cho chữ thường (dễ giả mạo tên)';
  if (!LATIN_LETTER.test(text)) return undefined;
  const mixed = LOOKALIKE_SCRIPTS.find(([, script]) => script.test(text));
  return mixed ? `Không được trộn chữ Latinh với chữ ${mixed[0]} trông giống nhau (dễ giả mạo tên)` : undefined;
}

/** Half of a UTF-16 surrogate pair without its other half: no UTF-8 text can hold it (Postgres stores U+FFFD). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** An integer written in digits that no column can hold exactly (beyond 2^53): refused before it reaches SQL. */
const BIG_INTEGER = /^[+-]?\d{16,}$/;

/** Longest value of one path segment or query parameter. */
export const MAX_URL_VALUE_CHARS = 1_000;
/** Longest string anywhere in a body, unless the route allows more with `@LongText()`. */
export const DEFAULT_MAX_BODY_STRING_CHARS = 20_000;

export type TextPlace = 'url' | 'body';

const MESSAGES = {
  'invalid-utf8': 'Chứa byte không phải UTF-8 hợp lệ',
  'control-characters': 'Không được chứa ký tự điều khiển (ví dụ ký tự NUL)',
  'lone-surrogate': 'Chứa ký tự Unicode không hợp lệ (nửa cặp thay thế UTF-16)',
  'bidi-control': 'Không được chứa ký tự điều khiển hướng chữ (bidi)',
  'invisible-characters': 'Không được chứa ký tự vô hình (ký tự độ rộng bằng không)',
  'number-too-large': 'Số quá lớn',
} as const;
export type TextRule = keyof typeof MESSAGES | 'max-length' | 'too-deep';

/** The issue for a rule at a field path. */
export function textIssue(path: string, rule: TextRule, max?: number): FieldIssue {
  const message = rule === 'max-length' ? `Tối đa ${max ?? 0} ký tự` : rule === 'too-deep' ? `Lồng nhau quá sâu: tối đa ${max ?? 0} cấp` : MESSAGES[rule];
  return { path, rule, message, ...(max !== undefined ? { params: { max } } : {}) };
}

/** The first rule a string breaks (undefined: it passes). */
export function checkText(value: string, place: TextPlace, maxChars: number): { rule: TextRule; max?: number } | undefined {
  if ((place === 'url' ? URL_CONTROLS : BODY_CONTROLS).test(value)) return { rule: 'control-characters' };
  if (LONE_SURROGATE.test(value)) return { rule: 'lone-surrogate' };
  if (BIDI_CONTROLS.test(value)) return { rule: 'bidi-control' };
  if (value.length > maxChars) return { rule: 'max-length', max: maxChars };
  if (place === 'url' && BIG_INTEGER.test(value)) return { rule: 'number-too-large' };
  return undefined;
}

/**
 * Decodes one `application/x-www-form-urlencoded` component (query strings, form bodies) strictly: `+` is a space and
 * a percent sequence that is not UTF-8 is an error, where Node's `querystring` would silently put U+FFFD in its place.
 */
export function decodeFormComponent(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** Each `name=value` pair of a query string or form body, decoded strictly (`value` undefined: not UTF-8). */
export function formPairs(encoded: string): Array<{ name: string; value: string | undefined }> {
  const pairs: Array<{ name: string; value: string | undefined }> = [];
  for (const part of encoded.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const name = decodeFormComponent(rawName);
    // A name that is not UTF-8 is reported under its raw spelling: it is the best the person can recognise.
    pairs.push({ name: name ?? rawName, value: name === undefined ? undefined : decodeFormComponent(rawValue) });
  }
  return pairs;
}

/** How a JSON body's path is written in issues: `form.topic`, `decisions.0`. */
export function joinPath(path: ReadonlyArray<string | number>): string {
  return path.join('.');
}
