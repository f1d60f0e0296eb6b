import { OrgTree } from './org-tree';
import type { Scenario } from './scenario.schema';

/** A guidance by its identity (number and date). */
export interface GuidanceIdentity {
  number: string;
  issuedOn: string;
}

/** Which guidance reaches each cell and committee of a scenario (cascades: through the committees that implement it). */
export interface CascadeRoutes {
  /** The guidance a cell runs under: its direct committee's (the issuer's when nothing implements it on the way). */
  cellGuidance(cell: string): GuidanceIdentity;
  /** The guidance a committee receives from its superior, if the cascade reaches it. */
  receivedBy(committee: string): GuidanceIdentity | undefined;
}

/**
 * Follows the scenario's guidance down the tree: without `cascade` it goes to the cells in scope; with it, to the
 * issuer's direct cells in scope and direct committees, and each committee with an implementation sends its own
 * guidance on (to all its cells, or with `cascade` one level further down).
 */
export function cascadeRoutes(scenario: Scenario): CascadeRoutes {
  const tree = new OrgTree(scenario.org);
  const g = scenario.guidance;
  const top = { number: g.number, issuedOn: g.issuedOn };
  const cells = new Map<string, GuidanceIdentity>();
  const received = new Map<string, GuidanceIdentity>();
  const inScope = (code: string) => g.cells === 'all' || g.cells.includes(code);
  const send = (issuer: string, guidance: GuidanceIdentity, cascade: boolean, scoped: boolean) => {
    if (!cascade) {
      for (const cell of tree.cellsUnder(issuer)) if (!scoped || inScope(cell.code)) cells.set(cell.code, guidance);
      return;
    }
    const direct = tree.directChildren(issuer);
    for (const cell of direct.cells) if (!scoped || inScope(cell.code)) cells.set(cell.code, guidance);
    for (const committee of direct.committees) {
      received.set(committee.code, guidance);
      const own = scenario.implementations[committee.code];
      if (own) send(committee.code, { number: own.number, issuedOn: own.at.slice(0, 10) }, own.cascade, false);
    }
  };
  send(g.issuer, top, g.cascade, true);
  return { cellGuidance: (cell) => cells.get(cell) ?? top, receivedBy: (committee) => received.get(committee) };
}
