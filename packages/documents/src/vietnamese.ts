import { FINDINGS, isFindingCode, localDateTime, VN_TIME_ZONE } from '@chibo/rules';

// Vietnamese wording of dates, times, numbers and names as Party documents print them (HD 36-HD/VPTW). Pure
// functions; the Handlebars helpers (helpers.ts) are thin wrappers around them.

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;

/** Local calendar parts of an instant or a `YYYY-MM-DD` date (dates are taken as they are, instants in Vietnam's zone). */
export function localParts(value: string, zone: string = VN_TIME_ZONE): { year: number; month: number; day: number; hour: number; minute: number } {
  const local = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00` : localDateTime(value, zone);
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new RangeError(`Invalid date "${value}"`);
  const [, y, mo, d, h, mi] = match;
  return { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi) };
}

/** HD 36: days 1–9 and months 1–2 get a leading zero ("01", "02"); other months are written as they are ("4"). */
function dayText(day: number): string {
  return String(day).padStart(2, '0');
}
function monthText(month: number): string {
  return month <= 2 ? String(month).padStart(2, '0') : String(month);
}

/** "ngày 01 tháng 4 năm 2022": the date of the place/date line. */
export function longDate(value: string): string {
  const { year, month, day } = localParts(value);
  return `ngày ${dayText(day)} tháng ${monthText(month)} năm ${year}`;
}

/** "01/4/2022": a date cited inside the text ("Hướng dẫn số 27-HD/ĐU ngày 16/3/2022"). */
export function shortDate(value: string): string {
  const { year, month, day } = localParts(value);
  return `${dayText(day)}/${monthText(month)}/${year}`;
}

/** "Hà Nội, ngày 01 tháng 4 năm 2022"; a dotted place for the secretary to fill in when none is known. */
export function placeDateLine(place: string | null | undefined, value: string): string {
  return `${place?.trim() ? place.trim() : '…………'}, ${longDate(value)}`;
}

/** "tháng 4 năm 2022" from "2022-04" (months 1–2 with a leading zero, as in dates). */
export function monthYear(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`Invalid month "${month}": expected YYYY-MM`);
  return `tháng ${monthText(Number(match[2]))} năm ${match[1]}`;
}

/** "14 giờ 00" (local time of an instant). */
export function clockTime(value: string): string {
  const { hour, minute } = localParts(value);
  return `${String(hour).padStart(2, '0')} giờ ${String(minute).padStart(2, '0')}`;
}

/** "thứ Sáu" (day of the week of an instant, local). */
export function weekday(value: string): string {
  const { year, month, day } = localParts(value);
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
}

/** The instant `minutes` after `value` (for "kết thúc lúc 16 giờ 00"). */
export function addMinutes(value: string, minutes: number): string {
  return new Date(Date.parse(value) + minutes * 60_000).toISOString();
}

/** Small counts in documents are written with two digits ("02 đồng chí"); larger ones as they are. */
export function count2(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < 10 ? `0${n}` : String(n);
}

/** "93,75%" (Vietnamese decimal comma, at most two decimals); "0%" when the denominator is 0. */
export function percent(part: number, whole: number): string {
  if (!whole) return '0%';
  const value = Math.round((part / whole) * 10_000) / 100;
  return `${String(value).replace('.', ',')}%`;
}

/** Upper case with Vietnamese rules ("Chi bộ Trường THCS Ái Mộ" → "CHI BỘ TRƯỜNG THCS ÁI MỘ"). */
export function upper(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi');
}

const UNIT_WORDS = ['thành phố', 'thị trấn', 'thị xã', 'phường', 'huyện', 'quận', 'tỉnh', 'xã'];

/**
 * The Party organisation a committee leads, as the superior line of a header prints it: "Đảng ủy phường Ngọc Lâm" →
 * "ĐẢNG BỘ PHƯỜNG NGỌC LÂM" (HD 36 names the superior Đảng bộ, not its executive). Other names are printed as given.
 */
export function partyBodyName(name: string): string {
  const match = /^(Đảng ủy|Đảng uỷ|Huyện ủy|Quận ủy|Thị ủy|Thành ủy|Tỉnh ủy)\s+(.+)$/iu.exec(name.normalize('NFC').trim());
  if (!match) return upper(name);
  const [, kind, rest] = match;
  const level = (kind ?? '').toLocaleLowerCase('vi');
  const prefix = level.startsWith('đảng') ? '' : `${level.replace(/\s*[uủ]y$/u, '').replace('thành', 'thành phố')} `;
  return upper(`Đảng bộ ${prefix}${rest}`);
}

/**
 * The place of the place/date line (HD 36: the locality where the issuing body sits), read from the name of the
 * nearest committee: "Đảng ủy phường Ngọc Lâm" → "Ngọc Lâm". Null when no name has that shape (the line then shows
 * a dotted place to fill in).
 */
export function placeFromName(name: string | null | undefined): string | null {
  if (!name) return null;
  const text = name.normalize('NFC').trim();
  const match = /^(?:Đảng ủy|Đảng uỷ|Đảng bộ)\s+(.+)$/iu.exec(text);
  if (!match) return null;
  const rest = match[1]!;
  for (const unit of UNIT_WORDS) {
    if (rest.toLocaleLowerCase('vi').startsWith(`${unit} `)) return rest.slice(unit.length + 1).trim() || null;
  }
  return null;
}

/**
 * How a report states a finding: what happened, in the words of a Party document — not how the rule is configured
 * (the UI's descriptions, FINDINGS in @chibo/rules, explain the rule and its defaults).
 */
const FINDING_SENTENCES: Record<string, string> = {
  'draft-not-approved': 'Buổi sinh hoạt được tổ chức khi dự thảo chưa được chi ủy duyệt',
  'draft-late': 'Dự thảo được chi ủy duyệt quá sát ngày sinh hoạt',
  'session-late': 'Buổi sinh hoạt được tổ chức sau thời hạn theo hướng dẫn của cấp ủy cấp trên',
  'session-missing': 'Chi bộ chưa tổ chức buổi sinh hoạt trong thời hạn theo hướng dẫn của cấp ủy cấp trên',
  'session-short': 'Thời gian sinh hoạt chưa bảo đảm theo quy định',
  'attendance-low': 'Tỷ lệ đảng viên dự sinh hoạt chưa đạt yêu cầu',
  'absence-unexcused': 'Có đảng viên vắng mặt không có lý do',
  'resolution-rejected': 'Dự thảo nghị quyết không được chi bộ biểu quyết thông qua',
  'report-late': 'Chi bộ gửi báo cáo chậm so với thời hạn',
  'report-missing': 'Chi bộ chưa gửi báo cáo theo thời hạn',
  'implementation-missing': 'Cấp ủy chưa ban hành hướng dẫn thực hiện theo thời hạn',
};

/** The sentence a document prints for a compliance finding code (the UI's description, else the code, when unknown). */
export function findingText(code: string): string {
  return FINDING_SENTENCES[code] ?? (isFindingCode(code) ? FINDINGS[code].vi.replace(/\.$/, '') : code);
}

const FINDING_SHORT: Record<string, string> = {
  'draft-not-approved': 'Sinh hoạt khi dự thảo chưa được duyệt',
  'draft-late': 'Duyệt dự thảo quá sát ngày sinh hoạt',
  'session-late': 'Sinh hoạt sau thời hạn',
  'session-missing': 'Chưa tổ chức sinh hoạt',
  'session-short': 'Thời gian sinh hoạt chưa đủ',
  'attendance-low': 'Tỷ lệ đảng viên dự chưa đạt',
  'absence-unexcused': 'Có đảng viên vắng không lý do',
  'resolution-rejected': 'Nghị quyết không được thông qua',
  'report-late': 'Báo cáo chậm hạn',
  'report-missing': 'Chưa báo cáo',
  'implementation-missing': 'Chưa ban hành hướng dẫn thực hiện',
};

/** A short label of a finding for a table cell ("Báo cáo chậm hạn"). */
export function findingShort(code: string): string {
  return FINDING_SHORT[code] ?? findingText(code);
}

const TYPE_TITLES: Record<string, string> = { NQ: 'Nghị quyết', KH: 'Kế hoạch', BC: 'Báo cáo', BB: 'Biên bản', TB: 'Thông báo', HD: 'Hướng dẫn', QĐ: 'Quyết định', CV: 'Công văn' };

/** The name of a document type in running text: "Kế hoạch" for KH. */
export function typeTitle(type: string): string {
  return TYPE_TITLES[type] ?? type;
}

/** "01-NQ/CB" from "Số 01-NQ/CB" (for "Nghị quyết số 01-NQ/CB" in running text). */
export function numberCode(number: string): string {
  return number.replace(/^\s*Số\s*:?\s*/u, '');
}

const CITED_KINDS: Record<string, string> = {
  HD: 'Hướng dẫn',
  NQ: 'Nghị quyết',
  KL: 'Kết luận',
  CT: 'Chỉ thị',
  ĐA: 'Đề án',
  KH: 'Kế hoạch',
  TB: 'Thông báo',
  CV: 'Công văn',
  BC: 'Báo cáo',
};

/**
 * A document cited in running text, named by the type in its number: "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018",
 * "Kết luận số 21-KL/TW …", "Đề án số 06-ĐA/HU …"; "Văn bản số …" for a type we do not know or that is ambiguous
 * (QĐ is both Quyết định and Quy định).
 */
export function citation(number: string, issuedOn?: string | null): string {
  const code = numberCode(number);
  const type = /^\d+-([\p{Lu}\p{Ll}]+)\//u.exec(code)?.[1];
  const kind = (type && CITED_KINDS[type]) ?? 'Văn bản';
  return `${kind} số ${code}${issuedOn ? ` ngày ${shortDate(issuedOn)}` : ''}`;
}

/**
 * A phrase typed in a form, ready to be followed by the template's own punctuation: trimmed, with its closing ".", ";"
 * or "," dropped ("Thảo luận." → "Thảo luận"), so a sentence never ends in "..".
 */
export function clause(text: string): string {
  return text.normalize('NFC').trim().replace(/[\s.;,:]+$/u, '');
}

/** The lines of a text typed in a form (an agenda, one item per line), each as a {@link clause}; blank lines dropped. */
export function textLines(text: string): string[] {
  return text
    .split(/\r?\n/u)
    .map((line) => clause(line.replace(/^\s*(?:[-–•*+]|\d+[.)])\s+/u, '')))
    .filter(Boolean);
}

/** Straight double quotes typed in a form, printed as the typographic pair: "Tự soi" → “Tự soi”. */
export function smartQuotes(text: string): string {
  return text.replace(/"([^"]*)"/g, '“$1”');
}

/** A quoted title inside a sentence: “…”, with quotes inside it turned into ‘…’ (Vietnamese nesting). */
export function quoted(text: string): string {
  return `“${smartQuotes(text).replace(/“([^”]*)”/g, '‘$1’')}”`;
}

const ROLE_TITLES: Record<string, string> = { secretary: 'Bí thư', 'deputy-secretary': 'Phó Bí thư', committee: 'Chi ủy viên' };

/** The highest role of a member in the cell as printed after their name ("Bí thư"); empty for a member. */
export function roleTitle(roles: readonly string[] | undefined): string {
  for (const role of ['secretary', 'deputy-secretary', 'committee']) if (roles?.includes(role)) return ROLE_TITLES[role]!;
  return '';
}

const REPORT_STATUS: Record<string, string> = { 'on-time': 'Đúng hạn', late: 'Chậm hạn', missing: 'Chưa báo cáo', pending: 'Chưa đến hạn báo cáo' };

/** A cell's report status in a roll-up: "Đúng hạn", "Chậm hạn", "Chưa báo cáo" (deadline passed), "Chưa đến hạn báo cáo". */
export function reportStatusText(status: string): string {
  return REPORT_STATUS[status] ?? status;
}

/** A session's length: "120 phút (2 giờ)"; "95 phút" when not whole hours. */
export function durationText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes} phút (${minutes / 60} giờ)` : `${minutes} phút`;
}

const ROMAN: Array<[number, string]> = [
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** Section numbers: 1 → "I", 4 → "IV" (up to 39). */
export function roman(n: number): string {
  let rest = n;
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}
