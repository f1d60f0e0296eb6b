import type { ProcedureCommand, ProcedureEvent } from '@chibo/procedure';
import fc from 'fast-check';
import { nextProjectionSlice, PROJECTION_LIMITS, type QueuedProjection } from './projection-slices';

const event = (i: number, size = 10): ProcedureEvent => ({ type: 'fact-recorded', at: '2026-01-12T09:30:00.000Z', stepId: 's', name: `f${i}`, value: 'x'.repeat(size) }) as ProcedureEvent;
const command = (i: number, size = 10): ProcedureCommand => ({ type: 'run-effect', id: `effect:e${i}`, name: 'notify', input: { message: 'y'.repeat(size) }, idempotencyKey: `k${i}` }) as ProcedureCommand;
const ref = (i: number) => ({ instanceId: `cell:CB-${i}:x`, commandId: 'notify:report.report' });

/** Every slice of a queue, in order. */
function allSlices(queued: QueuedProjection, limits = PROJECTION_LIMITS): QueuedProjection[] {
  const slices: QueuedProjection[] = [];
  for (let rest: QueuedProjection | undefined = queued; rest; ) {
    const next = nextProjectionSlice(rest, limits);
    slices.push(next.slice);
    rest = next.rest;
  }
  return slices;
}

const units = (slice: QueuedProjection) => JSON.stringify(slice.events).length + JSON.stringify(slice.commands).length + JSON.stringify(slice.done).length;

describe('nextProjectionSlice', () => {
  it('should split what a guidance queues after 10,000 reports into activities each under the byte limit', () => {
    const queued: QueuedProjection = {
      fromSeq: 101,
      events: Array.from({ length: 10_000 }, (_, i) => event(i, 400)),
      commands: Array.from({ length: 10_000 }, (_, i) => command(i, 250)),
      done: Array.from({ length: 10_000 }, (_, i) => ref(i)),
    };
    const slices = allSlices(queued);
    expect(Math.max(...slices.map(units))).toBeLessThanOrEqual(PROJECTION_LIMITS.maxUnits);
    expect(slices.every((s) => s.events.length <= PROJECTION_LIMITS.maxEvents)).toBe(true);
    // Nothing lost, nothing twice, in order.
    expect(slices.flatMap((s) => s.events)).toEqual(queued.events);
    expect(slices.flatMap((s) => s.commands)).toEqual(queued.commands);
    expect(slices.flatMap((s) => s.done)).toEqual(queued.done);
  });

  it('should keep the sequence numbers continuous across slices', () => {
    const slices = allSlices({ fromSeq: 7, events: Array.from({ length: 450 }, (_, i) => event(i)), commands: [], done: [] });
    expect(slices.map((s) => [s.fromSeq, s.events.length])).toEqual([
      [7, 200],
      [207, 200],
      [407, 50],
    ]);
  });

  it('should send an item larger than the limit on its own rather than never', () => {
    const big = command(0, PROJECTION_LIMITS.maxUnits + 10);
    const slices = allSlices({ fromSeq: 1, events: [event(1)], commands: [big], done: [] });
    expect(slices.map((s) => [s.commands.length, s.events.length])).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('should send every command before the events, and closed commands only after every event, whatever the sizes', () => {
    fc.assert(
      fc.property(fc.nat({ max: 60 }), fc.nat({ max: 60 }), fc.nat({ max: 60 }), fc.integer({ min: 1, max: 3_000 }), fc.integer({ min: 1, max: 500 }), (e, c, d, maxUnits, size) => {
        const queued: QueuedProjection = { fromSeq: 1, events: Array.from({ length: e }, (_, i) => event(i, size)), commands: Array.from({ length: c }, (_, i) => command(i, size)), done: Array.from({ length: d }, (_, i) => ref(i)) };
        const slices = allSlices(queued, { maxEvents: 20, maxUnits });
        const order = slices.flatMap((s) => [...s.commands.map(() => 'c'), ...s.events.map(() => 'e'), ...s.done.map(() => 'd')]).join('');
        expect(order).toBe('c'.repeat(c) + 'e'.repeat(e) + 'd'.repeat(d));
        // Only a lone item may pass the limit.
        for (const s of slices) if (s.events.length + s.commands.length + s.done.length > 1) expect(units(s)).toBeLessThanOrEqual(maxUnits);
      }),
    );
  });
});
