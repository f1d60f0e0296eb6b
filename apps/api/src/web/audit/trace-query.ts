import { isFindingCode, type FindingCode } from '@chibo/rules';
import { rangeEnd, rangeStart } from '../../audit/dto/audit-query.dto';
import { translate, type Lang } from '../i18n/i18n';
import { formatDate } from '../view/format';
import type { TimelineEntry } from './trace.service';

/** Entries on one page of the trace: a cell's whole session fits on one or two pages. */
export const TRACE_PAGE_SIZE = 50;

/** The query-string names of the trace's filters (Vietnamese, like the other pages' filters). */
export const TRACE_PARAMS = { finding: 'phat-hien', unit: 'chi-bo', person: 'nguoi', step: 'buoc', from: 'tu', to: 'den', page: 'trang' } as const;
type FilterName = Exclude<keyof typeof TRACE_PARAMS, 'page'>;
const FILTER_NAMES: FilterName[] = ['finding', 'unit', 'person', 'step', 'from', 'to'];

/** A filter error: the query-string field it is about and the message naming the field and the rule. */
export interface TraceIssue {
  path: string;
  /** The rule broken: `date`, `range`, `page`, `page-max`, `finding-code`, `person`, `unit`, `step`. */
  rule: string;
  message: string;
}

/** What the filters ask, checked for form (a date is a date, a page a positive number); values still raw strings. */
export interface TraceQuery {
  /** The values as typed (dates normalised to YYYY-MM-DD when they parse), for the form and the paging links. */
  values: Record<FilterName, string>;
  finding?: FindingCode;
  unit?: string;
  person?: string;
  step?: string;
  /** Local dates (Việt Nam), both days included. */
  from?: string;
  to?: string;
  page: number;
  issues: TraceIssue[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The first value of a query parameter (a repeated one keeps its first), trimmed; '' when absent. */
function first(query: Readonly<Record<string, unknown>>, name: string): string {
  const value = query[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one.trim() : '';
}

/** "2022-04-30" or "30/04/2022" (also "1/4/2022") → "2022-04-30" when it is a real calendar day, else null. */
export function parseDay(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : vn ? [Number(vn[3]), Number(vn[2]), Number(vn[1])] : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || y < 1900 || y > 9999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Reads the trace's filters from the query string and checks what can be checked without the data: dates are real
 * days and the range runs forward, the page is a whole number from 1, a finding is a known code, a person is an
 * account id. Whether the cell, step and person belong to this guidance is checked by the service.
 */
export function parseTraceQuery(query: Readonly<Record<string, unknown>>, lang: Lang): TraceQuery {
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const raw = Object.fromEntries(FILTER_NAMES.map((name) => [name, first(query, TRACE_PARAMS[name])])) as Record<FilterName, string>;
  const issues: TraceIssue[] = [];
  const out: TraceQuery = { values: { ...raw }, page: 1, issues };
  if (raw.finding) {
    if (isFindingCode(raw.finding)) out.finding = raw.finding;
    else issues.push({ path: TRACE_PARAMS.finding, rule: 'finding-code', message: t('audit.err.finding', { value: raw.finding }) });
  }
  if (raw.unit) out.unit = raw.unit;
  if (raw.step) out.step = raw.step;
  if (raw.person) {
    if (UUID.test(raw.person)) out.person = raw.person.toLowerCase();
    else issues.push({ path: TRACE_PARAMS.person, rule: 'person', message: t('audit.err.person', { value: raw.person }) });
  }
  for (const name of ['from', 'to'] as const) {
    if (!raw[name]) continue;
    const day = parseDay(raw[name]);
    if (day) {
      out[name] = day;
      out.values[name] = day;
    } else issues.push({ path: TRACE_PARAMS[name], rule: 'date', message: t('audit.err.date', { field: t(`audit.filter.${name}`), value: raw[name] }) });
  }
  if (out.from && out.to && out.from > out.to) issues.push({ path: TRACE_PARAMS.to, rule: 'range', message: t('audit.err.range', { from: formatDate(out.from, lang), to: formatDate(out.to, lang) }) });
  const page = first(query, TRACE_PARAMS.page);
  if (page) {
    if (/^\d{1,6}$/.test(page) && Number(page) >= 1) out.page = Number(page);
    else issues.push({ path: TRACE_PARAMS.page, rule: 'page', message: t('audit.err.page', { value: page }) });
  }
  return out;
}

/** The query string of the filters in force (no page), for the paging and export links: `phat-hien=…&tu=…`. */
export function filterQueryString(query: TraceQuery): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) if (query.values[name]) params.set(TRACE_PARAMS[name], query.values[name]);
  return params.toString();
}

/** Whether an entry passes the person, step and date filters (the cell and finding filters choose the units). */
export function entryMatches(entry: TimelineEntry, query: Pick<TraceQuery, 'person' | 'step' | 'from' | 'to'>): boolean {
  if (query.person && entry.actorId !== query.person) return false;
  if (query.step && entry.stepId !== query.step) return false;
  const at = Date.parse(entry.at);
  if (query.from && at < Date.parse(rangeStart(query.from))) return false;
  if (query.to && at >= Date.parse(rangeEnd(query.to))) return false;
  return true;
}

/** A unit of the trace (the issuing committee or a cell) with its filtered entries, in the order they happened. */
export interface TraceUnit {
  code: string;
  timeline: TimelineEntry[];
}

/** The entries of one step on a page: one foldable group. */
export interface TraceGroup {
  stepId: string | null;
  title: string;
  entries: TimelineEntry[];
  firstAt: string;
  lastAt: string;
  findings: number;
}

/** One page of the trace: the units it touches, each with its entries on the page grouped by step. */
export interface TracePage<U extends TraceUnit> {
  page: number;
  pages: number;
  total: number;
  /** 1-based numbers of the first and last entry on the page (0 and 0 when there is none). */
  first: number;
  last: number;
  sections: Array<{ unit: U; continued: boolean; continues: boolean; groups: TraceGroup[] }>;
}

/**
 * Cuts the trace (units in order, each unit's entries in order) into pages of `size` entries and groups each unit's
 * entries on a page by step. `page` may be past the last page: the caller refuses it.
 */
export function pageTrace<U extends TraceUnit>(units: readonly U[], page: number, size: number, stepTitle: (unit: U, stepId: string | null) => string): TracePage<U> {
  const total = units.reduce((n, u) => n + u.timeline.length, 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const start = (page - 1) * size;
  const end = Math.min(total, start + size);
  const sections: TracePage<U>['sections'] = [];
  let offset = 0;
  for (const unit of units) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, unit.timeline.length);
    offset += unit.timeline.length;
    if (from >= to) continue;
    sections.push({ unit, continued: from > 0, continues: to < unit.timeline.length, groups: groupBySteps(unit.timeline.slice(from, to), (stepId) => stepTitle(unit, stepId)) });
  }
  return { page, pages, total, first: end > start ? start + 1 : 0, last: end > start ? end : 0, sections };
}

/**
 * One group per step, in the order the steps first appear on the page, each with its entries in the order they
 * happened (a draft sent back and written again: every version and review in its step's group). Entries of the
 * procedure as a whole (started, cells reporting, completed) are a group of their own.
 */
export function groupBySteps(entries: readonly TimelineEntry[], title: (stepId: string | null) => string): TraceGroup[] {
  const groups = new Map<string | null, TraceGroup>();
  for (const entry of entries) {
    let group = groups.get(entry.stepId);
    if (!group) {
      group = { stepId: entry.stepId, title: title(entry.stepId), entries: [], firstAt: entry.at, lastAt: entry.at, findings: 0 };
      groups.set(entry.stepId, group);
    }
    group.entries.push(entry);
    group.lastAt = entry.at;
    if (entry.kind === 'finding') group.findings++;
  }
  return [...groups.values()];
}

/** A step group's title: the step's name in the unit's procedure, or the general group for entries of no step. */
export function stepTitleOf(lang: Lang) {
  return (unit: TraceUnit & { steps: ReadonlyMap<string, string> }, stepId: string | null) => (stepId === null ? translate(lang, 'audit.groupGeneral') : (unit.steps.get(stepId) ?? stepId));
}

/**
 * The page of the trace a query asks for (TRACE_PAGE_SIZE entries), for the page and its JSON twin alike: when there
 * is no other issue and the page is past the last, `page-max` is added to `issues` (the caller refuses it).
 */
export function requestedPage<U extends TraceUnit & { steps: ReadonlyMap<string, string> }>(units: readonly U[], page: number, lang: Lang, issues: TraceIssue[]): TracePage<U> {
  const paged = pageTrace(units, page, TRACE_PAGE_SIZE, stepTitleOf(lang));
  if (!issues.length && page > paged.pages) issues.push({ path: TRACE_PARAMS.page, rule: 'page-max', message: translate(lang, 'audit.err.pageMax', { page, pages: paged.pages }) });
  return paged;
}
