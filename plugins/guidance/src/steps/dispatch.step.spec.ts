import type { StepContext } from '@chibo/procedure';
import { dispatchStep } from './dispatch.step';

type Ctx = Parameters<typeof dispatchStep.start>[0];
const procedure = { key: 'thematic-session', version: 2, owner: 'DU' };
const cells = (n: number) => Array.from({ length: n }, (_, i) => ({ code: `CB-${i + 1}` }));

function ctx(n: number, state: object, params: Record<string, unknown> = {}): Ctx {
  return {
    context: { cells: cells(n), childProcedure: procedure },
    params: { batchSize: 500, inFlight: 2, ...params },
    state,
    current: true,
  } as unknown as StepContext<never, never> as Ctx;
}

const batchesOf = (reaction: ReturnType<typeof dispatchStep.start>) =>
  [reaction.startChildren ?? []].flat().map((b) => [b.batch, b.children.length, b.children[0]?.key]);

describe('guidance:dispatch', () => {
  it('should request two batches at once, then one more each time a batch has started, and complete after the last has started', () => {
    const first = dispatchStep.start(ctx(1200, { next: 0, batches: 0, started: 0 }));
    expect(batchesOf(first)).toEqual([
      ['batch-1', 500, 'CB-1'],
      ['batch-2', 500, 'CB-501'],
    ]);
    expect(first.complete).toBeUndefined();

    const second = dispatchStep.onChildrenStarted!(ctx(1200, first.state!), 'batch-1');
    expect(batchesOf(second)).toEqual([['batch-3', 200, 'CB-1001']]);
    expect(second.complete).toBeUndefined();

    const third = dispatchStep.onChildrenStarted!(ctx(1200, second.state!), 'batch-2');
    expect(batchesOf(third)).toEqual([]);
    expect(third.complete).toBeUndefined();

    const last = dispatchStep.onChildrenStarted!(ctx(1200, third.state!), 'batch-3');
    expect(last.complete).toEqual({ output: { cells: 1200, batches: 3 } });
    expect(last.facts).toEqual({ dispatched: 1200 });
  });

  it('should keep three batches of 500 in flight unless the committee says otherwise', () => {
    expect(dispatchStep.params.parse({})).toEqual({ batchSize: 500, inFlight: 3 });
  });

  it('should keep one batch in flight when the committee sets inFlight to 1', () => {
    const first = dispatchStep.start(ctx(1200, { next: 0, batches: 0, started: 0 }, { inFlight: 1 }));
    expect(batchesOf(first)).toEqual([['batch-1', 500, 'CB-1']]);
  });

  it('should complete at once when no cell is in scope', () => {
    expect(dispatchStep.start(ctx(0, { next: 0, batches: 0, started: 0 })).complete).toEqual({ output: { cells: 0, batches: 0 } });
  });

  it('should carry on a guidance whose state was written when one batch was in flight at a time (no "started" count)', () => {
    // batch-2 of three was requested under the old rule; its start now arrives.
    const resumed = dispatchStep.onChildrenStarted!(ctx(1200, { next: 1000, batches: 2 }), 'batch-2');
    expect(batchesOf(resumed)).toEqual([['batch-3', 200, 'CB-1001']]);
    const done = dispatchStep.onChildrenStarted!(ctx(1200, resumed.state!), 'batch-3');
    expect(done.complete).toEqual({ output: { cells: 1200, batches: 3 } });
  });
});
