import type { AuditPublicKey } from '../audit-key';
import type { AuditProblem, LocatedCheckpoint } from './problems';

export interface VerifyOptions {
  /** Public keys whose signatures are trusted. */
  keys: readonly AuditPublicKey[];
  /** Checkpoints kept outside the database or bundle (`--from`): the log must still extend each of them. */
  anchors?: readonly LocatedCheckpoint[];
}

/** What a verification found. `ok` is true only when there is no problem at all. */
export interface VerificationReport {
  ok: boolean;
  entries: number;
  chains: number;
  checkpoints: {
    /** Stored in the checkpoints table (or the bundle's checkpoints file). */
    stored: number;
    /** Found in reports that superiors received (their `child-reported` entries). */
    fromReports: number;
    /** Printed in report documents (BC) sent upward. */
    fromDocuments: number;
    /** Given by the caller (`--from`). */
    anchors: number;
    /** Of all these, the ones whose signature holds and that were compared with the chains. */
    compared: number;
  };
  /** Documents whose checksum was compared with the one their audit entry recorded. */
  documents: number;
  /** Ids of the trusted keys. */
  keyIds: string[];
  /** The first problem of each broken chain, then checkpoint and document problems. */
  problems: AuditProblem[];
  durationMs: number;
}
