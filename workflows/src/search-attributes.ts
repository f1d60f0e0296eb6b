import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * chibo's custom search attributes (Keyword): find the workflows of a cell, of a guidance, or in a status in the
 * Temporal UI or `temporal workflow list --query 'ChiboCell="CB-X" AND ChiboStatus="running"'`. They must be
 * registered on the namespace first (docs/temporal.md); the engine uses them only when they are.
 */
export const SEARCH_ATTRIBUTES = {
  /** The org unit of the instance (a cell, or the issuing committee of a guidance). */
  org: defineSearchAttributeKey('ChiboOrg', SearchAttributeType.KEYWORD),
  /** The guidance the instance carries out: `<number>|<issuedOn>` (a guidance's identity is number and date). */
  guidance: defineSearchAttributeKey('ChiboGuidance', SearchAttributeType.KEYWORD),
  /** `running`, `completed` or `failed`, kept current by the workflow. */
  status: defineSearchAttributeKey('ChiboStatus', SearchAttributeType.KEYWORD),
} as const;

/** The identity of a guidance as the `ChiboGuidance` attribute holds it. */
export function guidanceKey(guidance: { number: string; issuedOn: string }): string {
  return `${guidance.number}|${guidance.issuedOn}`;
}
