import type { ProcedureCommand, ProcedureEvent } from '@chibo/procedure';
import type { OutboxRef } from './contract';
import { MAX_BYTES_PER_UNIT, MAX_PAYLOAD_BYTES } from './continue-as-new';

/** What is queued for the read side: events from `fromSeq` on, commands newly decided, commands carried out. */
export interface QueuedProjection {
  fromSeq: number;
  events: ProcedureEvent[];
  commands: ProcedureCommand[];
  done: OutboxRef[];
}

export interface ProjectionLimits {
  readonly maxEvents: number;
  readonly maxUnits: number;
}

/** Events per projection activity (every history has sliced its projections at this). */
export const MAX_EVENTS_PER_PROJECTION = 200;

export const PROJECTION_LIMITS: ProjectionLimits = {
  /** Events per projection activity. */
  maxEvents: MAX_EVENTS_PER_PROJECTION,
  /**
   * Code units of JSON per projection activity (events, commands and closed commands together): at most 768 KiB once
   * in a payload, half of what chibo lets itself send. A guidance that takes 10,000 reports in one workflow task
   * decides thousands of commands and closes thousands of its cells' commands at once; in one activity that was 4.9 MB
   * and the server refused the task.
   */
  maxUnits: Math.floor(MAX_PAYLOAD_BYTES / MAX_BYTES_PER_UNIT / 2),
};

/**
 * The same, with every activity under Temporal's 512 KiB payload warning (PATCHES.payloadsUnderWarning): at most 160 Ki
 * code units, 480 KiB once in a payload. A guidance taking a flood of reports projected slices of 590 KB, each a
 * warning in the worker's log.
 */
export const PROJECTION_LIMITS_UNDER_WARNING: ProjectionLimits = { maxEvents: MAX_EVENTS_PER_PROJECTION, maxUnits: 160 * 1024 };

/**
 * The next projection activity's share of what is queued, and what is left for the ones after it. Pure.
 *
 * Commands come first: a command's outbox row must exist before anyone can close it, and the command is carried out
 * only once its events are projected, in this slice or a later one. Events follow in order, and the commands they
 * closed last, once the events that closed them are in. Every slice takes at least one item, so a queue always
 * shrinks; a single item over the limit goes alone.
 */
export function nextProjectionSlice(queued: QueuedProjection, limits: ProjectionLimits = PROJECTION_LIMITS): { slice: QueuedProjection; rest: QueuedProjection | undefined } {
  // Each array's brackets, and a comma per item.
  let budget = limits.maxUnits - 6;
  const fits = (item: unknown, first: boolean) => {
    const units = JSON.stringify(item).length + 1;
    if (!first && units > budget) return false;
    budget -= units;
    return true;
  };
  let taken = 0;
  const take = <T>(items: readonly T[], max = Infinity): number => {
    let n = 0;
    while (n < items.length && n < max && (taken === 0 || budget > 0) && fits(items[n], taken === 0)) {
      n++;
      taken++;
    }
    return n;
  };
  const commands = take(queued.commands);
  // Events only once every command is in: no event goes out before the rows of the commands queued with it.
  const events = commands === queued.commands.length ? take(queued.events, limits.maxEvents) : 0;
  // Closed commands last, once everything that closed them is in the read side.
  const done = commands === queued.commands.length && events === queued.events.length ? take(queued.done) : 0;
  const slice: QueuedProjection = {
    fromSeq: queued.fromSeq,
    events: queued.events.slice(0, events),
    commands: queued.commands.slice(0, commands),
    done: queued.done.slice(0, done),
  };
  const rest: QueuedProjection = {
    fromSeq: queued.fromSeq + events,
    events: queued.events.slice(events),
    commands: queued.commands.slice(commands),
    done: queued.done.slice(done),
  };
  return { slice, rest: rest.events.length || rest.commands.length || rest.done.length ? rest : undefined };
}
