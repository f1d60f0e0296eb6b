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
 * The commands a host carries out itself and records while they are in flight (an outbox row each): effects, child
 * batches, reports to the parent and timers. Tasks and completion need nothing beyond the read side.
 */
export const HOSTED_COMMANDS: ReadonlySet<ProcedureCommand['type']> = new Set(['run-effect', 'start-children', 'notify-parent', 'start-timer']);
