import { z } from 'zod';
import { defineStep, type ChildBatch, type ProcedureRef } from '@chibo/procedure';

export const DISPATCH_STEP = 'guidance:dispatch';

interface DispatchState {
  /** Index of the first cell not yet in a batch. */
  next: number;
  /** Batches requested so far. */
  batches: number;
  /** Batches the host has started. Absent in states written before batches overlapped, when one was in flight at a time. */
  started?: number;
}

interface DispatchParams {
  batchSize: number;
  inFlight: number;
}

/**
 * This step starts one child procedure per cell in scope, in batches, so a large fan-out stays bounded: at most
 * `inFlight` batches are being started at once (while the host writes one, it prepares the next), and the step
 * completes when every batch has started.
 */
export const dispatchStep = defineStep({
  name: DISPATCH_STEP,
  version: 1,
  title: { vi: 'Triển khai tới các chi bộ', en: 'Dispatch to the cells' },
  description: { vi: 'Khởi tạo quy trình cho từng chi bộ trong phạm vi, theo từng đợt.', en: 'Start a procedure for each cell in scope, in batches.' },
  params: z.object({ batchSize: z.number().int().min(1).max(5000).default(500), inFlight: z.number().int().min(1).max(8).default(3) }),
  initialState: { next: 0, batches: 0, started: 0 } as DispatchState,
  tasks: {},
  start: (ctx) => dispatch(ctx.context.cells ?? [], ctx.context.childProcedure, ctx.params, { ...ctx.state, started: ctx.state.started ?? 0 }),
  onChildrenStarted: (ctx) => {
    if (!ctx.current) return {};
    // Before batches overlapped, exactly one batch was in flight: the one whose start this is.
    const started = (ctx.state.started ?? ctx.state.batches - 1) + 1;
    return dispatch(ctx.context.cells ?? [], ctx.context.childProcedure, ctx.params, { ...ctx.state, started });
  },
});

/** Requests batches until `inFlight` are waiting to start; completes once every cell's batch has started. */
function dispatch(cells: ReadonlyArray<{ code: string }>, procedure: ProcedureRef | undefined, params: DispatchParams, from: Required<DispatchState>) {
  if (from.next >= cells.length) {
    if (from.started < from.batches) return { state: from };
    return { state: from, facts: { dispatched: cells.length }, complete: { output: { cells: cells.length, batches: from.batches } } };
  }
  if (!procedure) return { fail: { reason: 'Hướng dẫn chưa có quy trình cho chi bộ' } };
  const state = { ...from };
  const batches: ChildBatch[] = [];
  while (state.next < cells.length && state.batches - state.started < params.inFlight) {
    const slice = cells.slice(state.next, state.next + params.batchSize);
    state.next += slice.length;
    state.batches += 1;
    batches.push({ batch: `batch-${state.batches}`, procedure, children: slice.map((c) => ({ key: c.code, org: c.code })) });
  }
  return { state, startChildren: batches };
}
