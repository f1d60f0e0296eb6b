import type { GuidanceRef, InstanceContext, OrgRef, ProcedureRef } from '@chibo/procedure';

/**
 * Cascades (DESIGN §5): a guidance that goes to the issuer's directly subordinate committees, each of which implements
 * it with a guidance of its own for its subtree. These helpers are what the guidance steps share about that.
 */

/** The fact a committee's implementation records: the guidance it issued to carry out the one it received. */
export const IMPLEMENTATION_FACT = 'implementation';

/** The default procedure of a committee that receives a guidance from its superior (procedures.ts). */
export const IMPLEMENTATION_PROCEDURE: ProcedureRef = { key: 'guidance-implementation', version: 1 };

/** What a committee's implementation records (`implementation` fact). */
export interface Implementation extends GuidanceRef {
  addSteps: string[];
  rubric?: string;
  /** Whether its guidance goes one level further down (to its own sub-committees) or straight to all its cells. */
  cascade: boolean;
  /** The procedure its cells run (before its own recomposition), as its guidance record shows it. */
  procedure?: { key: string; version: number };
}

type Facts = Readonly<Record<string, unknown>>;

/** The implementation a committee recorded, if any. */
export function implementationOf(facts: Facts | undefined): Implementation | undefined {
  // A step's context always has facts; partial contexts (a step's unit test) may not.
  return facts?.[IMPLEMENTATION_FACT] as Implementation | undefined;
}

/**
 * The guidance an instance carries out towards its recipients: a committee's own implementing guidance once it has
 * issued one, else the guidance of its context (the one it issued, or for an implementation not yet issued, the one
 * it received).
 */
export function effectiveGuidance(ctx: { facts: Facts; context: InstanceContext }): GuidanceRef | undefined {
  const implementation = implementationOf(ctx.facts);
  if (!implementation) return ctx.context.guidance;
  const { addSteps: _a, rubric: _r, cascade: _c, procedure: _p, ...guidance } = implementation;
  return guidance;
}

/**
 * Who a guidance goes to: cells and directly subordinate committees. A top guidance's context lists them; a committee's
 * implementation goes to every cell of its subtree, or with `cascade` to its direct cells and sub-committees only.
 */
export function recipientsOf(ctx: { facts: Facts; context: InstanceContext }): { cells: OrgRef[]; committees: OrgRef[] } {
  const implementation = implementationOf(ctx.facts);
  const cells = ctx.context.cells ?? [];
  const committees = ctx.context.committees ?? [];
  if (!implementation) return { cells, committees };
  if (!implementation.cascade) return { cells, committees: [] };
  const direct = new Set(ctx.context.directCells ?? []);
  return { cells: cells.filter((c) => direct.has(c.code)), committees };
}

/** How many recipients a guidance has (cells and committees). */
export function recipientCount(ctx: { facts: Facts; context: InstanceContext }): number {
  const { cells, committees } = recipientsOf(ctx);
  return cells.length + committees.length;
}

/**
 * The procedure the cells run: the context's, recomposed by a committee that added steps or chose another rubric (the
 * host composes it, as it does when a guidance is issued).
 */
export function cellProcedureOf(ctx: { facts: Facts; context: InstanceContext }): ProcedureRef | undefined {
  const base = ctx.context.childProcedure;
  const implementation = implementationOf(ctx.facts);
  if (!base || !implementation || (!implementation.addSteps.length && !implementation.rubric)) return base;
  const recomposition = { owner: implementation.issuer.code, addSteps: implementation.addSteps, ...(implementation.rubric ? { rubric: implementation.rubric } : {}) };
  return { ...base, compose: [...(base.compose ?? []), recomposition] };
}
