import { fact, FACTS, type PlanFact } from '@chibo/procedure';

// Vietnamese wording the steps put into document titles and messages (pure: no clock, no locale data).

/**
 * Whether the session the documents describe is a thematic or a regular one (the regular-session plugin marks its
 * plan `kind: 'regular'`), so a regular session's documents never speak of a "chuyên đề".
 */
export function sessionKindOf(facts: Readonly<Record<string, unknown>>): 'thematic' | 'regular' {
  return fact<PlanFact>(facts, FACTS.plan)?.kind === 'regular' ? 'regular' : 'thematic';
}

/** "tháng 4 năm 2022" from "2022-04" (months 1–2 with a leading zero, as Party documents write dates). */
export function monthText(month: string): string {
  const m = Number(month.slice(5, 7));
  return `tháng ${m <= 2 ? String(m).padStart(2, '0') : String(m)} năm ${month.slice(0, 4)}`;
}

/** "25/04/2022" from a local date "2022-04-25" (messages to people; documents print dates themselves). */
export function dayMonthYear(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
