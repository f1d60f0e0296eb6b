import { z } from 'zod';
import { cellExpectSchema, cellFactsSchema, orgSchema } from '../scenario.schema';

const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date YYYY-MM-DD (optionally with a time)');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM');
const calendarKey = z.string().regex(/^(TK|CD)-\d{4}-\d{2}(-\d+)?$/, 'a calendar key: TK-YYYY-MM or CD-YYYY-MM');

/** What happened at one session of the year: a guidance scenario's cell facts, plus a regular session's preparation. */
const yearSessionFactsSchema = cellFactsSchema
  .extend({
    /** Thematic sessions: when the secretary confirms the planned topic at the session's own plan step. */
    plan: z.object({ at: instant }).strict().optional(),
    /** Regular sessions: the secretary prepares the content and the draft resolution… */
    prepare: z.object({ at: instant, content: z.string().min(1), draftResolution: z.string().min(1).optional() }).strict().optional(),
    /** …and the chi ủy approves it (a `revise` first sends it back; the preparation is then submitted again at `at`). */
    approve: z.object({ at: instant }).strict().optional(),
  })
  .strict();

/**
 * A cell's year (additive to `chibo-scenario/1`, see docs/scenarios-year.md): instead of a guidance, the cell's own
 * calendar, its annual thematic plan, and the sessions of the year by calendar key (`TK-2024-03`, `CD-2024-03`).
 */
export const yearBlockSchema = z
  .object({
    cell: z.string().min(1),
    year: z.number().int().min(2000).max(2100),
    /** When the year's instance starts (the chi ủy opens the year); default 1 January. */
    opensOn: localDay.optional(),
    schedule: z
      .object({
        at: instant,
        day: z.number().int().min(1).max(31).optional(),
        time: time.optional(),
        place: z.string().optional(),
        sessions: z.array(z.object({ month, date: localDay, time: time.optional(), place: z.string().optional() }).strict()).default([]),
      })
      .strict()
      .optional(),
    plan: z
      .object({
        at: instant,
        topics: z.array(z.object({ month: month.optional(), quarter: z.number().int().min(1).max(4).optional(), topic: z.string().min(3), preparer: z.string().optional(), date: localDay.optional(), time: time.optional() }).strict()).min(1),
        /** The chi ủy's decisions; each `revise` sends the plan back (re-submitted as it is at the decision's time). */
        review: z.array(z.object({ at: instant, decision: z.enum(['approve', 'revise']), note: z.string().optional() }).strict()).default([]),
      })
      .strict()
      .optional(),
    /**
     * The secretary moves sessions that have not started (the schedule step's standing task `move`, ADR 0028), in
     * order: the session by calendar key, its new date, and optionally its time and place.
     */
    moves: z.array(z.object({ at: instant, session: calendarKey, date: localDay, time: time.optional(), place: z.string().optional() }).strict()).default([]),
    sessions: z.record(calendarKey, yearSessionFactsSchema).default({}),
  })
  .strict();

const yearExpectSchema = z
  .object({
    /** Sessions on the calendar (regular and thematic) and how many were held. */
    scheduled: z.number().int().optional(),
    held: z.number().int().optional(),
    /** The year's rating by the committee's rule; null: no session rated. */
    rating: z.string().nullable().optional(),
    /** The year instance's findings (`plan-missing`, `absence-consecutive`), as a set. */
    findings: z.array(z.string()).optional(),
    /** Members with an `absence-consecutive` run, as a set of member ids. */
    absentConsecutive: z.array(z.string()).optional(),
    /** The calendar keys of the sessions moved at least once, as a set. */
    moved: z.array(z.string()).optional(),
    documents: z.record(z.string(), z.string()).optional(),
    plan: z.enum(['approved', 'submitted', 'revision', 'none']).optional(),
  })
  .strict();

/** A scenario of a cell's year. */
export const yearScenarioSchema = z
  .object({
    format: z.literal('chibo-scenario/1'),
    name: z.string().min(1),
    source: z.string().optional(),
    note: z.string().optional(),
    until: z.string(),
    org: orgSchema,
    year: yearBlockSchema,
    expect: z.object({ year: yearExpectSchema.optional(), sessions: z.record(z.string(), cellExpectSchema).default({}) }).strict().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const key of Object.keys(s.year.sessions)) {
      if (!key.slice(3).startsWith(`${s.year.year}-`)) ctx.addIssue({ code: 'custom', path: ['year', 'sessions', key], message: `not a session of ${s.year.year}` });
    }
    s.year.moves.forEach((m, i) => {
      if (!m.session.slice(3).startsWith(`${s.year.year}-`)) ctx.addIssue({ code: 'custom', path: ['year', 'moves', i, 'session'], message: `not a session of ${s.year.year}` });
    });
  });

export type YearScenario = z.output<typeof yearScenarioSchema>;
export type YearSessionFacts = z.output<typeof yearSessionFactsSchema>;
export type YearExpectation = z.output<typeof yearExpectSchema>;

/** True for a scenario of a cell's year (it has a `year` block instead of a `guidance`). */
export function isYearScenario(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'year' in json && !('guidance' in json);
}

/** Parses a year scenario, throwing an error that lists every problem with its path. */
export function parseYearScenario(json: unknown): YearScenario {
  const result = yearScenarioSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Kịch bản năm không hợp lệ:\n${lines.join('\n')}`);
  }
  return result.data;
}
