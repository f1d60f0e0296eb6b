import { VN_TIME_ZONE } from '@chibo/rules';
import type { Lang } from '../i18n/i18n';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: VN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Parts = { y: string; m: string; d: string; hh: string; mm: string; dateOnly: boolean };

/**
 * Parts already computed, by value: pages print the same instants again and again (an inbox of 45 tasks, 90 dates
 * per view), and `formatToParts` was the page's largest cost after the database. Bounded; oldest out first.
 */
const known = new Map<string, Parts | undefined>();
const KNOWN_LIMIT = 20_000;

/** Local (Hà Nội) calendar parts of an instant; dates without a time ("2022-04-30") are taken as they are. */
function parts(value: string): Parts | undefined {
  if (known.has(value)) return known.get(value);
  const computed = computeParts(value);
  if (known.size >= KNOWN_LIMIT) known.delete(known.keys().next().value!);
  known.set(value, computed);
  return computed;
}

function computeParts(value: string): Parts | undefined {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly) return { y: dateOnly[1]!, m: dateOnly[2]!, d: dateOnly[3]!, hh: '00', mm: '00', dateOnly: true };
  const time = Date.parse(value);
  if (Number.isNaN(time)) return undefined;
  const map = Object.fromEntries(PARTS.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  return { y: map['year']!, m: map['month']!, d: map['day']!, hh: map['hour']!, mm: map['minute']!, dateOnly: false };
}

/** "30/04/2022" (vi) or "30 Apr 2022" (en), in Vietnam's time zone. */
export function formatDate(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const p = parts(value);
  if (!p) return value;
  return lang === 'vi' ? `${p.d}/${p.m}/${p.y}` : `${Number(p.d)} ${EN_MONTHS[Number(p.m) - 1]} ${p.y}`;
}

/** "01/04/2022 14:00" (vi) or "1 Apr 2022, 14:00" (en), in Vietnam's time zone. */
export function formatDateTime(value: string | null | undefined, lang: Lang): string {
  if (!value) return '';
  const p = parts(value);
  if (!p) return value;
  if (p.dateOnly) return formatDate(value, lang);
  return lang === 'vi' ? `${p.d}/${p.m}/${p.y} ${p.hh}:${p.mm}` : `${Number(p.d)} ${EN_MONTHS[Number(p.m) - 1]} ${p.y}, ${p.hh}:${p.mm}`;
}

/** "04/2022" (vi) or "Apr 2022" (en) for a "2022-04" month. */
export function formatMonth(month: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return lang === 'vi' ? `${m[2]}/${m[1]}` : `${EN_MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** The value of a `datetime-local` input (local Hà Nội time, minutes): "2022-04-01T14:00". */
export function toLocalInput(value: string | null | undefined): string {
  if (!value) return '';
  const p = parts(value);
  if (!p) return value;
  return `${p.y}-${p.m}-${p.d}T${p.hh}:${p.mm}`;
}

/** "2022-04" of an instant, in Vietnam's time zone. */
export function localMonth(value: string): string {
  const p = parts(value);
  return p ? `${p.y}-${p.m}` : value.slice(0, 7);
}

/** "2022-04-01" of an instant, in Vietnam's time zone. */
export function localDay(value: string): string {
  const p = parts(value);
  return p ? `${p.y}-${p.m}-${p.d}` : value.slice(0, 10);
}

/** 96 → "96", 7.5 → "7,5" (vi) / "7.5" (en). */
export function formatNumber(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const text = String(Math.round(value * 100) / 100);
  return lang === 'vi' ? text.replace('.', ',') : text;
}

/** 0.8823 → "88,2%" (vi) / "88.2%" (en). */
export function formatPercent(ratio: number | null | undefined, lang: Lang): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '';
  return `${formatNumber(Math.round(ratio * 1000) / 10, lang)}%`;
}
