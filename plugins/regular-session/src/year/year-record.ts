import type { InstanceContext, Reaction } from '@chibo/procedure';
import { consecutiveAbsenceFindings, rateYear, RATINGS, YearRuleError, type Rating, type YearReason, type YearRule, type YearSession } from '@chibo/rules';
import { CALENDAR_FACT, YEAR_FACT, type CalendarFact } from './calendar';

/** What the year instance knows of its sessions and of the year (`year` fact), refreshed at every session report. */
export interface YearFact {
  sessions: YearSession[];
  /** The year's rating by the committee's rule, once at least one session is rated. */
  rating: Rating | null;
  /** The rating's reasons (or why there is none) as Vietnamese sentences: all a fact recorded before `grounds` has. */
  reasons: string[];
  /** The same as data (ADR 0034), for a page to word them in its language; absent from older facts. */
  grounds?: YearFactGround[];
  /**
   * Members absent from more consecutive sessions than allowed, with the sessions of the run; `limit` is the rule's
   * (absent from older facts, which have only `detail`).
   */
  absences: Array<{ member: string; name?: string; count: number; limit?: number; sessions: string[]; detail: string }>;
}

/** A ground of the year's rating, or why it has none (`year-without-rated-sessions`, the rule's code). */
export type YearFactGround = Omit<YearReason, 'code'> & { code: string };

/** The year rule a step's parameters carry (a committee's composition may set any field). */
export type YearRuleParams = Partial<YearRule>;

/**
 * A session of the year reported (its `report` step): records it, re-rates the year, and records
 * `absence-consecutive` naming the members whose run of absences exceeds the rule.
 */
export function recordSessionReport<S>(
  facts: Readonly<Record<string, unknown>>,
  context: InstanceContext,
  key: string,
  report: Record<string, unknown>,
  rule: YearRuleParams,
  activeFindings: readonly string[],
): Reaction<S> {
  const entry = (facts[CALENDAR_FACT] as CalendarFact | undefined)?.entries.find((e) => e.key === key);
  const heldAt = typeof report['heldAt'] === 'string' ? report['heldAt'] : undefined;
  const previous = (facts[YEAR_FACT] as YearFact | undefined)?.sessions ?? [];
  if (!entry || !heldAt) return {};
  const rating = typeof report['rating'] === 'string' && (RATINGS as readonly string[]).includes(report['rating']) ? (report['rating'] as Rating) : null;
  const absent = Array.isArray(report['absent']) ? report['absent'].filter((m): m is string => typeof m === 'string') : [];
  const notExpected = context.org.members.filter((m) => m.status === 'exempt' || m.status === 'suspended').map((m) => m.id);
  const session: YearSession = { id: key, kind: entry.kind, heldAt, rating, absent, notExpected, title: entry.kind === 'regular' ? `Thường kỳ ${entry.month}` : `Chuyên đề ${entry.month}` };
  const sessions = [...previous.filter((s) => s.id !== key), session];
  const year = summarise(sessions, context, rule);
  const detail = year.absences.map((a) => a.detail).join('; ');
  return {
    facts: { [YEAR_FACT]: year },
    ...(year.absences.length && !activeFindings.includes('absence-consecutive') ? { findings: [{ code: 'absence-consecutive', detail, params: { absences: year.absences.map(({ member, name, count, limit }) => ({ member, ...(name ? { name } : {}), count, limit })) } }] } : {}),
  };
}

/** The year's rating and absence runs from its sessions (no rated session yet: no rating). */
export function summarise(sessions: YearSession[], context: InstanceContext, rule: YearRuleParams): YearFact {
  let rating: Rating | null = null;
  let grounds: YearFactGround[] = [];
  try {
    const rated = rateYear(sessions, rule);
    rating = rated.rating;
    grounds = rated.grounds;
  } catch (error) {
    if (!(error instanceof YearRuleError)) throw error;
    grounds = error.issues.map((i) => ({ code: i.rule, params: i.params ?? {}, message: i.message }));
  }
  const roster = context.org.members.map((m) => ({ id: m.id, name: m.name }));
  const absences = consecutiveAbsenceFindings(sessions, { roster, ...(rule.maxConsecutiveAbsences !== undefined ? { maxConsecutiveAbsences: rule.maxConsecutiveAbsences } : {}) }).map(
    ({ member, name, count, limit, sessions: run, detail }) => ({ member, ...(name ? { name } : {}), count, limit, sessions: run, detail }),
  );
  return { sessions, rating, reasons: grounds.map((g) => g.message), grounds, absences };
}
