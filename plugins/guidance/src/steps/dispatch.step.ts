import { z } from 'zod';
import { defineStep, type ProcedureRef } from '@chibo/procedure';

export const DISPATCH_STEP = 'guidance:dispatch';

interface DispatchState {
  next: number;
  batches: number;
}

/** This step starts one child procedure per cell in scope, a batch at a time, so a large fan-out stays bounded. */
export const dispatchStep = defineStep({
  name: DISPATCH_STEP,
  version: 1,
  title: { vi: 'Triển khai tới các chi bộ', en: 'Dispatch to the cells' },
  description: { vi: 'Khởi tạo quy trình cho từng chi bộ trong phạm vi, theo từng đợt.', en: 'Start a procedure for each cell in scope, in batches.' },
  params: z.object({ batchSize: z.number().int().min(1).max(5000).default(500) }),
  initialState: { next: 0, batches: 0 } as DispatchState,
  tasks: {},
  start: (ctx) => nextBatch(ctx.context.cells ?? [], ctx.context.childProcedure, ctx.params.batchSize, ctx.state),
  onChildrenStarted: (ctx) => (ctx.current ? nextBatch(ctx.context.cells ?? [], ctx.context.childProcedure, ctx.params.batchSize, ctx.state) : {}),
});

function nextBatch(
  cells: ReadonlyArray<{ code: string }>,
  procedure: ProcedureRef | undefined,
  size: number,
  state: DispatchState,
) {
  if (state.next >= cells.length) return { facts: { dispatched: cells.length }, complete: { output: { cells: cells.length, batches: state.batches } } };
  if (!procedure) return { fail: { reason: 'Hướng dẫn chưa có quy trình cho chi bộ' } };
  const slice = cells.slice(state.next, state.next + size);
  return {
    state: { next: state.next + slice.length, batches: state.batches + 1 },
    startChildren: { batch: `batch-${state.batches + 1}`, procedure, children: slice.map((c) => ({ key: c.code, org: c.code })) },
  };
}
