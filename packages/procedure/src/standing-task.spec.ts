import { z } from 'zod';
import { defineStep, definePlugin, EMPTY_STATE, handle, openTasks, StepRegistry, type InstanceContext, type InstanceState, type ProcedureDefinition, type ProcedureInput } from './index';

/**
 * Standing tasks and cancelling another step's timer (ADR 0028): a step that booked something keeps a task open after
 * it completes, so its assignee can move the booking later; the move cancels the old timer — its own, or one a later
 * step set — and sets a new one.
 */
const book = defineStep({
  name: 'demo:book',
  version: 1,
  title: { vi: 'Đặt lịch', en: 'Book' },
  description: { vi: 'Đặt lịch', en: 'Book' },
  params: z.object({}),
  initialState: {},
  tasks: {
    book: {
      title: { vi: 'Đặt lịch', en: 'Book' },
      form: z.object({ at: z.string() }),
      submit: (_ctx, input) => ({
        timers: [{ key: 'start:1', fireAt: input.at }],
        openTasks: [{ key: 'move:1', task: 'move', assignee: { member: 'a' }, title: { vi: 'Dời lịch', en: 'Move' }, standing: true }],
        complete: {},
      }),
    },
    move: {
      title: { vi: 'Dời lịch', en: 'Move' },
      form: z.object({ at: z.string(), n: z.number() }),
      submit: (_ctx, input) => ({
        cancelTimers: [`start:${input.n}`],
        cancelStepTimers: [{ step: 'wait', key: 'remind' }],
        timers: [{ key: `start:${input.n + 1}`, fireAt: input.at }],
        openTasks: [{ key: `move:${input.n + 1}`, task: 'move', assignee: { member: 'a' }, title: { vi: 'Dời lịch', en: 'Move' }, standing: true }],
      }),
    },
  },
  start: () => ({ openTasks: [{ key: 'book', task: 'book', assignee: { member: 'a' }, title: { vi: 'Đặt lịch', en: 'Book' } }] }),
  onTimer: (_ctx, timer) => ({ facts: { started: timer.key } }),
});

const wait = defineStep({
  name: 'demo:wait',
  version: 1,
  title: { vi: 'Chờ', en: 'Wait' },
  description: { vi: 'Chờ', en: 'Wait' },
  params: z.object({}),
  initialState: {},
  tasks: {},
  start: () => ({ timers: [{ key: 'remind', fireAt: '2024-02-01T00:00:00.000Z' }] }),
});

const registry = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [book, wait] })]);
const definition: ProcedureDefinition = {
  key: 'demo',
  version: 1,
  owner: 'X',
  title: 'Demo',
  steps: [
    { id: 'book', kind: 'demo:book@1', params: {} },
    { id: 'wait', kind: 'demo:wait@1', params: {} },
  ],
};
const context: InstanceContext = { org: { code: 'C', name: 'Chi bộ C', abbr: 'CB', kind: 'cell', members: [{ id: 'a', name: 'A', status: 'official', roles: [] }] } };
const by = { userId: 'u', member: { org: 'C', id: 'a' }, roles: [] };

function run(state: InstanceState, input: ProcedureInput): InstanceState {
  const result = handle(state, input, registry);
  if (!result.ok) throw new Error(result.rejection.message);
  return result.state;
}

describe('a standing task', () => {
  const started = run(EMPTY_STATE, { type: 'start', at: '2024-01-01T00:00:00.000Z', instanceId: 'i1', definition, context });
  const booked = run(started, { type: 'submit', at: '2024-01-02T00:00:00.000Z', taskId: 'book.1.book', by, input: { at: '2024-03-01T00:00:00.000Z' } });

  it('should stay open when its step completes, while the step’s other tasks close', () => {
    expect(booked.tasks['book.1.book']!.status).toBe('submitted');
    expect(booked.completedSteps['book']).toBeDefined();
    expect(openTasks(booked).map((t) => [t.id, t.standing])).toEqual([['book.1.move:1', true]]);
  });

  it('should move the booking: the old timers (its own and a later step’s) cancelled, a new one set, the next move open', () => {
    const moved = run(booked, { type: 'submit', at: '2024-01-03T00:00:00.000Z', taskId: 'book.1.move:1', by, input: { at: '2024-03-05T00:00:00.000Z', n: 1 } });
    expect(Object.values(moved.timers).map((t) => [t.id, t.fireAt, t.status])).toEqual([
      ['book.start:1', '2024-03-01T00:00:00.000Z', 'cancelled'],
      ['wait.remind', '2024-02-01T00:00:00.000Z', 'cancelled'],
      ['book.start:2', '2024-03-05T00:00:00.000Z', 'scheduled'],
    ]);
    expect(openTasks(moved).map((t) => t.id)).toEqual(['book.1.move:2']);
    // The old timer cannot fire any more; the new one does.
    const stale = run(moved, { type: 'fire-timer', at: '2024-03-01T00:00:00.000Z', timerId: 'book.start:1' });
    expect(stale.facts['started']).toBeUndefined();
    const fired = run(stale, { type: 'fire-timer', at: '2024-03-05T00:00:00.000Z', timerId: 'book.start:2' });
    expect(fired.facts['started']).toBe('start:2');
  });

  it('should be cancelled when the instance ends', () => {
    const failed = run(booked, { type: 'fail', at: '2024-01-04T00:00:00.000Z', reason: 'test' });
    expect(failed.status).toBe('failed');
    expect(failed.tasks['book.1.move:1']!.status).toBe('cancelled');
    expect(openTasks(failed)).toEqual([]);
  });
});
