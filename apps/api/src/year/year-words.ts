import { localDate, type YearReason, type YearReasonSession } from '@chibo/rules';
import { translate, translateComplete, type Lang } from '../web/i18n/i18n';

/** A ground of a year's rating, or why it has none: a rating's reason (`rateYear`) or a rule's code, with its data. */
export type GroundLike = Omit<YearReason, 'code'> & { code: string };

/** A consecutive-absence finding as the rules give it (`limit` is missing from facts recorded before it existed). */
export interface AbsenceLike {
  member: string;
  name?: string;
  count: number;
  limit?: number;
  detail: string;
}

/** "Thường kỳ 27/05/2022 (Trung bình)" / "Regular 27/05/2022 (Trung bình)": a session a ground names. */
function sessionInWords(session: YearReasonSession, lang: Lang): string {
  // The API's titles are the Vietnamese of the same words; Vietnamese keeps them as the rules wrote them.
  if (lang === 'vi' && session.title !== undefined) return `${session.title} (${session.rating})`;
  const [y, m, d] = localDate(session.heldAt).split('-');
  return translate(lang, 'year.ground.session', { kind: translate(lang, session.kind === 'regular' ? 'year.regular' : 'year.thematic'), day: `${d}/${m}/${y}`, rating: session.rating });
}

/**
 * A ground in the page's language (ADR 0034): `year.ground.<code>` with its data, the sessions it names each by kind,
 * day and rating; its Vietnamese sentence when no words fit. A plain sentence (a fact recorded before grounds carried
 * data) is shown as it is.
 */
export function groundInWords(ground: GroundLike | string, lang: Lang): string {
  if (typeof ground === 'string') return ground;
  const params = { ...ground.params, ...(ground.sessions ? { sessions: ground.sessions.map((s) => sessionInWords(s, lang)).join('; ') } : {}) };
  // Words that name data the ground does not carry (or no words for its code): its own sentence says it better.
  return translateComplete(lang, `year.ground.${ground.code}`, params) ?? ground.message;
}

/** Every ground in the page's language. */
export function groundsInWords(grounds: readonly (GroundLike | string)[], lang: Lang): string[] {
  return grounds.map((g) => groundInWords(g, lang));
}

/** A consecutive-absence finding in the page's language; its `detail` when it has no `limit` (an older fact). */
export function absenceInWords(absence: AbsenceLike, lang: Lang): string {
  if (absence.limit === undefined) return absence.detail;
  const key = absence.name ? 'year.ground.absence-consecutive' : 'year.ground.absence-consecutive.unnamed';
  return translateComplete(lang, key, { name: absence.name ?? '', member: absence.member, count: absence.count, limit: absence.limit }) ?? absence.detail;
}

/** A session's HD 12 criterion as the rules and the API give it: its label's numbers and why, as data. */
export interface CriterionLike {
  id: string;
  label: string;
  why: string;
  params?: Readonly<Record<string, string | number>>;
  because?: { case: string; params: Readonly<Record<string, string | number>>; items?: ReadonlyArray<Readonly<Record<string, string | number>>> };
}

/** Numbers as the page's language writes them: 66,7 in Vietnamese, 66.7 in English. */
function numbers(lang: Lang, params: Readonly<Record<string, string | number>>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'number' && lang === 'vi' ? String(value).replace('.', ',') : value]));
}

/**
 * A criterion's label and why in the page's language: `year.criterion.<id>` (`.combined` for a combined session's
 * duration) and `year.because.<id>.<case>`, each member a why names by `….item`; the rules' and the API's Vietnamese
 * where no words fit.
 */
export function criterionInWords(criterion: CriterionLike, lang: Lang): { label: string; why: string } {
  const params = numbers(lang, criterion.params ?? {});
  const label = translateComplete(lang, `year.criterion.${criterion.id}${params['combined'] ? '.combined' : ''}`, params) ?? criterion.label;
  const because = criterion.because;
  if (!because) return { label, why: criterion.why };
  const key = `year.because.${criterion.id}`;
  const items = because.items?.map((item) => translateComplete(lang, `${key}.item`, numbers(lang, item)));
  const why = items?.some((item) => item === undefined)
    ? undefined
    : translateComplete(lang, `${key}.${because.case}`, { ...numbers(lang, because.params), ...(items ? { items: items.join('; ') } : {}) });
  return { label, why: why ?? criterion.why };
}
