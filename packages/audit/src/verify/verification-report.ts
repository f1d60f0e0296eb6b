import type { AuditPublicKey } from '../audit-key';
import type { AuditProblem, LocatedCheckpoint } from './problems';

export interface VerifyOptions {
  /** Public keys whose signatures are trusted. */
  keys: readonly AuditPublicKey[];
  /** Checkpoints kept outside the database or bundle (`--from`): the log must still extend each of them. */
  anchors?: readonly LocatedCheckpoint[];
  /**
   * The journal kept outside the database (`AUDIT_JOURNAL`): its checkpoints are compared like the others, its
   * unreadable lines reported; `missing` when the file is gone (reported as a problem when the log has entries).
   */
  journal?: { path: string; checkpoints: readonly LocatedCheckpoint[]; problems: readonly AuditProblem[] } | { path: string; missing: true };
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
    /** Read from the journal outside the database (absent when no journal was read). */
    fromJournal?: number;
    /** Of all these, the ones whose signature holds and that were compared with the chains. */
    compared: number;
  };
  /** Documents whose checksum was compared with the one their audit entry recorded. */
  documents: number;
  /** Ids of the trusted keys. */
  keyIds: string[];
  /** Every bad range of each broken chain, then checkpoint, journal and document problems. */
  problems: AuditProblem[];
  durationMs: number;
}
