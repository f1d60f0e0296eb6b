import type { ChildBatch, ProcedureRef, Reaction, StepContext } from '@chibo/procedure';
import { compareInstants } from '@chibo/rules';
import { CALENDAR_FACT, sessionGuidance, type CalendarEntry, type CalendarFact } from './calendar';

/** The parameters every year step that starts sessions shares. */
export interface SessionStartParams {
  regularProcedure: ProcedureRef;
  thematicProcedure: ProcedureRef;
  reportDaysAfter: number;
}

/** The batch that starts one scheduled session's procedure instance, with its own calendar "guidance". */
export function sessionBatch(ctx: StepContext<SessionStartParams, unknown>, entry: CalendarEntry): ChildBatch {
  return {
    batch: entry.key,
    procedure: entry.procedure ?? (entry.kind === 'regular' ? ctx.params.regularProcedure : ctx.params.thematicProcedure),
    children: [{ key: entry.key, org: ctx.context.org.code }],
    guidance: sessionGuidance(ctx.context.org, entry, ctx.params.reportDaysAfter),
  };
}

/**
 * For entries just placed on the calendar: a durable timer at each one's start, or — when that moment has already
 * passed (a calendar entered late) — the session's instance at once.
 */
export function scheduleStarts(ctx: StepContext<SessionStartParams, unknown>, entries: readonly CalendarEntry[]): Pick<Reaction<unknown>, 'timers' | 'startChildren'> {
  const due = entries.filter((e) => compareInstants(e.startAt, ctx.now) <= 0);
  const later = entries.filter((e) => compareInstants(e.startAt, ctx.now) > 0);
  return {
    timers: later.map((e) => ({ key: `start:${e.key}`, fireAt: e.startAt, payload: { session: e.key } })),
    startChildren: due.map((e) => sessionBatch(ctx, e)),
  };
}

/**
 * A session's start timer fired (`start:<key>`, or `start:<key>:<n>` after its n-th move, with the key in its payload):
 * start that session's instance — unless the calendar no longer has it, or it was moved and armed another timer.
 */
export function onStartTimer<S>(ctx: StepContext<SessionStartParams, unknown>, timer: { key: string; payload?: Record<string, unknown> }): Reaction<S> {
  if (!timer.key.startsWith('start:')) return {};
  const session = timer.payload?.['session'];
  const key = typeof session === 'string' ? session : timer.key.slice('start:'.length);
  const entry = (ctx.facts[CALENDAR_FACT] as CalendarFact | undefined)?.entries.find((e) => e.key === key);
  if (!entry || (entry.timer && (entry.timer.step !== ctx.stepId || entry.timer.key !== timer.key))) return {};
  return { startChildren: sessionBatch(ctx, entry) };
}
