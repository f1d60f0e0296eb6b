import { DOCUMENT_TYPES } from '@chibo/rules';
import type { HelperOptions } from 'handlebars';
import {
  addMinutes,
  citation,
  clause,
  clockTime,
  count2,
  durationText,
  findingShort,
  findingText,
  longDate,
  monthYear,
  partyBodyName,
  percent,
  placeDateLine,
  quoted,
  reportStatusText,
  numberCode,
  roleTitle,
  roman,
  shortDate,
  smartQuotes,
  textLines,
  typeTitle,
  upper,
  weekday,
} from './vietnamese';

type Helper = (...args: unknown[]) => unknown;

/** The last argument Handlebars passes to a helper. */
function optionsOf(args: unknown[]): HelperOptions {
  return args[args.length - 1] as HelperOptions;
}

/** The positional arguments of a helper call (everything but the options). */
function params(args: unknown[]): unknown[] {
  return args.slice(0, -1);
}

function text(value: unknown, helper: string): string {
  if (typeof value !== 'string') throw new TypeError(`${helper}: expected text, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

function num(value: unknown, helper: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${helper}: expected a number, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
  return value;
}

/** A member's name from the document's roster (`roster` at the root of the data); a guest's name is printed as given. */
function memberName(id: unknown, options: HelperOptions): string {
  const key = text(id, 'memberName');
  const found = rosterEntry(key, options);
  return typeof found?.name === 'string' ? found.name : key;
}

/** The roster entry of a member id (`roster` at the root of the data), or undefined. */
function rosterEntry(id: unknown, options: HelperOptions): { name?: unknown; roles?: unknown } | undefined {
  const roster = (options.data?.root as { roster?: unknown } | undefined)?.roster;
  return Array.isArray(roster) ? (roster as Array<{ id?: unknown; name?: unknown; roles?: unknown }>).find((m) => m.id === id) : undefined;
}

/**
 * The helpers every document template may use. Names are part of the template contract: the validator rejects any
 * other helper, so a committee's override cannot call something that does not exist.
 */
export const DOCUMENT_HELPERS: Readonly<Record<string, Helper>> = {
  /** {{longDate doc.issuedAt}} → "ngày 01 tháng 4 năm 2022" */
  longDate: (...a) => longDate(text(a[0], 'longDate')),
  /** {{shortDate guidance.issuedOn}} → "16/3/2022" */
  shortDate: (...a) => shortDate(text(a[0], 'shortDate')),
  /** {{placeDate place doc.issuedAt}} → "Ngọc Lâm, ngày 01 tháng 4 năm 2022" */
  placeDate: (...a) => placeDateLine(a[0] as string | null, text(a[1], 'placeDate')),
  /** {{monthYear plan.month}} → "tháng 4 năm 2022" */
  monthYear: (...a) => monthYear(text(a[0], 'monthYear')),
  /** {{time session.heldAt}} → "14 giờ 00" */
  time: (...a) => clockTime(text(a[0], 'time')),
  /** {{weekday session.heldAt}} → "thứ Sáu" */
  weekday: (...a) => weekday(text(a[0], 'weekday')),
  /** {{endTime session.heldAt session.minutes}} → "16 giờ 00" */
  endTime: (...a) => clockTime(addMinutes(text(a[0], 'endTime'), num(a[1], 'endTime'))),
  /** {{duration session.minutes}} → "120 phút (2 giờ)" */
  duration: (...a) => durationText(num(a[0], 'duration')),
  /** {{memberName by}} → the member's name from `roster`, or the text itself (a guest). */
  memberName: (...a) => memberName(a[0], optionsOf(a)),
  /** {{memberTitle chair}} → "Bí thư", "Phó Bí thư", "Chi ủy viên" or "" (from the roster's roles) */
  memberTitle: (...a) => {
    const roles = rosterEntry(text(a[0], 'memberTitle'), optionsOf(a))?.roles;
    return roleTitle(Array.isArray(roles) ? (roles as string[]) : []);
  },
  /** {{count n}} → "02" for n < 10, else n */
  count: (...a) => count2(num(a[0], 'count')),
  /** {{presentCount attendance}} → "có mặt 15/17 đồng chí" (exempt and suspended members are not counted). */
  presentCount: (...a) => {
    const att = a[0] as { presentEligible?: unknown; eligible?: unknown } | undefined;
    return `có mặt ${num(att?.presentEligible, 'presentCount')}/${num(att?.eligible, 'presentCount')} đồng chí`;
  },
  /** {{percent part whole}} → "93,75%" */
  percent: (...a) => percent(num(a[0], 'percent'), num(a[1], 'percent')),
  /** {{upper text}} → Vietnamese capitals */
  upper: (...a) => upper(text(a[0], 'upper')),
  /** {{partyBody issuer.parent.name}} → "ĐẢNG BỘ PHƯỜNG NGỌC LÂM" */
  partyBody: (...a) => partyBodyName(text(a[0], 'partyBody')),
  /** {{typeName "NQ"}} → "NGHỊ QUYẾT" */
  typeName: (...a) => DOCUMENT_TYPES[text(a[0], 'typeName') as keyof typeof DOCUMENT_TYPES] ?? text(a[0], 'typeName'),
  /** {{cite guidance.number guidance.issuedOn}} → "Hướng dẫn số 27-HD/ĐU ngày 16/3/2022" (the kind read from the number) */
  cite: (...a) => citation(text(a[0], 'cite'), (params(a)[1] as string | null | undefined) ?? null),
  /** {{quoted plan.topic}} → “Tự soi, tự sửa” (quotes inside become ‘…’) */
  quoted: (...a) => quoted(text(a[0], 'quoted')),
  /** {{smart resolution.title}} → straight quotes printed as “…” */
  smart: (...a) => smartQuotes(text(a[0], 'smart')),
  /** {{clause session.agenda}} → the text without its closing ".", ";" or "," (the template adds its own) */
  clause: (...a) => clause(text(a[0], 'clause')),
  /** {{#each (lines session.agenda)}} → one item per line typed, blank lines and list marks dropped */
  lines: (...a) => textLines(text(a[0], 'lines')),
  /** {{typeTitle "KH"}} → "Kế hoạch" */
  typeTitle: (...a) => typeTitle(text(a[0], 'typeTitle')),
  /** {{code doc.number}} → "01-NQ/CB" */
  code: (...a) => numberCode(text(a[0], 'code')),
  /** {{tally rollup.ratings "Tốt"}} → the count under a key, two digits ("00" when absent) */
  tally: (...a) => {
    const [object, key] = params(a);
    const value = object && typeof object === 'object' ? (object as Record<string, unknown>)[text(key, 'tally')] : undefined;
    return count2(typeof value === 'number' ? value : 0);
  },
  /** {{findingShort code}} → a short label for a table cell */
  findingShort: (...a) => findingShort(text(a[0], 'findingShort')),
  /** {{findingText code}} → the finding's Vietnamese description */
  findingText: (...a) => findingText(text(a[0], 'findingText')),
  /** {{reportStatus status}} → "Đúng hạn" / "Chậm hạn" / "Chưa báo cáo" */
  reportStatus: (...a) => reportStatusText(text(a[0], 'reportStatus')),
  /** {{inc @index}} → @index + 1 */
  inc: (...a) => num(a[0], 'inc') + 1,
  /** {{roman 2}} → "II" */
  roman: (...a) => roman(num(a[0], 'roman')),
  /** {{#if (eq a b)}} */
  eq: (...a) => params(a)[0] === params(a)[1],
  /** {{#if (gt a b)}} */
  gt: (...a) => num(a[0], 'gt') > num(a[1], 'gt'),
  /** {{#if (or a b …)}} */
  or: (...a) => params(a).some(Boolean),
  /** {{#if (and a b …)}} */
  and: (...a) => params(a).every(Boolean),
  /** {{#if (not a)}} */
  not: (...a) => !a[0],
  /** {{len list}} → the number of items of a list (0 when absent) */
  len: (...a) => (Array.isArray(a[0]) ? a[0].length : 0),
  /** {{get object key}} → object[key] (e.g. a mark by criterion id); empty when absent */
  get: (...a) => {
    const [object, key] = params(a);
    return object && typeof object === 'object' && typeof key === 'string' ? ((object as Record<string, unknown>)[key] ?? null) : null;
  },
  /** {{entries object}} → [{ key, value }] sorted by key (counts by rating or by finding in a roll-up) */
  entries: (...a) => {
    const object = a[0];
    if (!object || typeof object !== 'object') return [];
    return Object.entries(object as Record<string, unknown>)
      .sort(([x], [y]) => x.localeCompare(y, 'vi'))
      .map(([key, value]) => ({ key, value }));
  },
};

/** Helpers Handlebars itself provides that templates may use. */
export const BUILT_IN_HELPERS: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup'];
