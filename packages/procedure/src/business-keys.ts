import type { ProcedureCommand } from './commands';

/** Business key (and instance id) of a guidance instance: issuer, number and date. */
export function guidanceInstanceId(issuer: string, number: string, issuedOn: string): string {
  return `guidance:${issuer}:${number}:${issuedOn}`;
}

/**
 * Business key (and instance id) of a cell's instance under a guidance, by the guidance's number and date (a guidance
 * is identified by both: numbers restart each term).
 */
export function cellInstanceId(cell: string, number = '', issuedOn = ''): string {
  return `cell:${cell}:${number}:${issuedOn}`;
}

/**
 * Business key (and instance id) of a committee's implementation of a guidance it received from its superior (DESIGN
 * §5 "Cascades"), by the received guidance's number and date: one implementation per committee and guidance.
 */
export function implementationInstanceId(committee: string, number = '', issuedOn = ''): string {
  return `implementation:${committee}:${number}:${issuedOn}`;
}

/** The instance id of a child of a guidance: a cell's procedure, or a committee's implementation (cascades). */
export function childInstanceId(child: { org: string; kind: 'committee' | 'cell' }, guidance?: { number: string; issuedOn: string }): string {
  return child.kind === 'committee' ? implementationInstanceId(child.org, guidance?.number, guidance?.issuedOn) : cellInstanceId(child.org, guidance?.number, guidance?.issuedOn);
}

/**
 * The commands a host carries out itself and records while they are in flight (an outbox row each): effects, child
 * batches, reports to the parent and timers. Tasks and completion need nothing beyond the read side.
 */
export const HOSTED_COMMANDS: ReadonlySet<ProcedureCommand['type']> = new Set(['run-effect', 'start-children', 'notify-parent', 'start-timer']);
