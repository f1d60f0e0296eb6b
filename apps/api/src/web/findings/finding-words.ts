import { localDate } from '@chibo/rules';
import { absenceInWords, type AbsenceLike } from '../../year/year-words';
import { translate, translateComplete, type Lang } from '../i18n/i18n';
import { formatNumber } from '../view/format';

/** A finding as the pages get it: its code, the step's Vietnamese sentence and, since it was kept, its data. */
export interface FindingLike {
  code: string;
  detail?: string | null;
  params?: Readonly<Record<string, unknown>> | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** A day or an instant as the pages write a day (dd/mm/yyyy, the instant's day in Việt Nam); other text as it is. */
function dayOf(value: string): string {
  const day = DAY.test(value) ? value : INSTANT.test(value) ? localDate(value) : undefined;
  if (!day) return value;
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** One value of a finding's data in words: days as dd/mm/yyyy, numbers as the language writes them, lists joined. */
function valueInWords(value: unknown, lang: Lang): string | undefined {
  if (typeof value === 'string') return dayOf(value);
  if (typeof value === 'number') return formatNumber(value, lang);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map((v) => valueInWords(v, lang)).join(', ');
  return undefined;
}

/** A consecutive-absence finding's members, each as a cell's year words them (`year.ground.absence-consecutive`). */
function absencesInWords(value: unknown, lang: Lang): string | undefined {
  if (!Array.isArray(value) || !value.length) return undefined;
  const words = value.map((a: Partial<AbsenceLike>) =>
    typeof a?.member === 'string' && typeof a.count === 'number' && typeof a.limit === 'number' ? absenceInWords({ ...a, detail: '' } as AbsenceLike, lang) : '',
  );
  return words.every((w) => w !== '') ? words.join('; ') : undefined;
}

/**
 * A finding's sentence in the page's language (ADR 0034, fourth pass): `finding.words.<code>` (`….note` when the
 * secretary wrote a note) filled from its `params`. Without data that fits (a finding recorded before findings kept
 * their data, or a code nobody has worded yet), a Vietnamese page shows the step's sentence and an English page says
 * that the details are in Vietnamese — never the Vietnamese sentence. A finding with neither (`draft-late`: its label
 * says it all) has no sentence.
 */
export function findingInWords(finding: FindingLike, lang: Lang): string | null {
  const words = finding.params ? wordsOf(finding.code, finding.params, lang) : undefined;
  if (words !== undefined) return words;
  if (!finding.detail) return null;
  return lang === 'vi' ? finding.detail : translate(lang, 'finding.words.viOnly');
}

/**
 * Why a finding was resolved, in the page's language: `finding.resolved.<code>` filled from the resolution's `params`;
 * without them (resolved before reasons kept their data), the step's Vietnamese reason on a Vietnamese page and
 * "details recorded in Vietnamese only" on an English one.
 */
export function resolutionInWords(code: string, resolved: { reason: string; params?: Readonly<Record<string, unknown>> | null }, lang: Lang): string {
  const words = resolved.params ? translateComplete(lang, `finding.resolved.${code}`, valuesInWords(resolved.params, lang)) : undefined;
  return words ?? (lang === 'vi' ? resolved.reason : translate(lang, 'finding.words.viOnly'));
}

function valuesInWords(params: Readonly<Record<string, unknown>>, lang: Lang): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    const words = valueInWords(value, lang);
    if (words !== undefined) values[name] = words;
  }
  return values;
}

function wordsOf(code: string, params: Readonly<Record<string, unknown>>, lang: Lang): string | undefined {
  if (code === 'absence-consecutive') return absencesInWords(params['absences'], lang);
  const values = valuesInWords(params, lang);
  return translateComplete(lang, `finding.words.${code}${values['note'] ? '.note' : ''}`, values);
}
