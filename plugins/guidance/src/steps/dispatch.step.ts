import { z } from 'zod';
import { defineStep, type ChildBatch, type ChildSpec, type GuidanceRef, type ProcedureRef, type StepContext } from '@chibo/procedure';
import { cellProcedureOf, IMPLEMENTATION_PROCEDURE, implementationOf, effectiveGuidance, recipientsOf } from '../cascade';

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
  start: (ctx) => dispatch(plan(ctx), ctx.params, { ...ctx.state, started: ctx.state.started ?? 0 }),
  onChildrenStarted: (ctx) => {
    if (!ctx.current) return {};
    // Before batches overlapped, exactly one batch was in flight: the one whose start this is.
    const started = (ctx.state.started ?? ctx.state.batches - 1) + 1;
    return dispatch(plan(ctx), ctx.params, { ...ctx.state, started });
  },
});

/** What the step dispatches: the cells, then (cascades) the directly subordinate committees, each with its procedure. */
interface DispatchPlan {
  cells: ReadonlyArray<{ code: string }>;
  committees: ReadonlyArray<{ code: string }>;
  cellProcedure: ProcedureRef | undefined;
  /** Set for a committee's implementation: its children carry out its own guidance. */
  guidance: GuidanceRef | undefined;
}

function plan(ctx: StepContext<DispatchParams, DispatchState>): DispatchPlan {
  const { cells, committees } = recipientsOf(ctx);
  return { cells, committees, cellProcedure: cellProcedureOf(ctx), guidance: implementationOf(ctx.facts) ? effectiveGuidance(ctx) : undefined };
}

/**
 * Requests batches until `inFlight` are waiting to start; completes once every recipient's batch has started. Cells
 * come first, in batches of their procedure; committees (cascades) follow in batches of the implementation procedure.
 */
function dispatch(p: DispatchPlan, params: DispatchParams, from: Required<DispatchState>) {
  const total = p.cells.length + p.committees.length;
  if (from.next >= total) {
    if (from.started < from.batches) return { state: from };
    return { state: from, facts: { dispatched: total }, complete: { output: { cells: total, batches: from.batches } } };
  }
  if (!p.cellProcedure) return { fail: { reason: 'Hướng dẫn chưa có quy trình cho chi bộ' } };
  const state = { ...from };
  const batches: ChildBatch[] = [];
  while (state.next < total && state.batches - state.started < params.inFlight) {
    let children: ChildSpec[];
    let procedure: ProcedureRef;
    if (state.next < p.cells.length) {
      children = p.cells.slice(state.next, state.next + params.batchSize).map((c) => ({ key: c.code, org: c.code }));
      procedure = p.cellProcedure;
    } else {
      const from = state.next - p.cells.length;
      children = p.committees.slice(from, from + params.batchSize).map((c) => ({ key: c.code, org: c.code, childProcedure: p.cellProcedure! }));
      procedure = IMPLEMENTATION_PROCEDURE;
    }
    state.next += children.length;
    state.batches += 1;
    batches.push({ batch: `batch-${state.batches}`, procedure, children, ...(p.guidance ? { guidance: p.guidance } : {}) });
  }
  return { state, startChildren: batches };
}
