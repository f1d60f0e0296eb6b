import type { SignedCheckpoint } from '../checkpoint';

/** What can be wrong, as the verifier names it. */
export const PROBLEM_CODES = [
  /** An entry's content changed (its stored hash no longer matches, or it was changed and re-hashed). */
  'modified',
  /** Entries are missing between two entries of a chain, or at its start. */
  'deleted',
  /** An entry sits before the entry it was written after (or the global sequence was shuffled). */
  'reordered',
  /** An entry was slid in between two entries that were written one after the other. */
  'inserted',
  /** The chain no longer has the head a signed checkpoint recorded: it was rewritten consistently afterwards. */
  'rewritten',
  /** The chain is shorter than a signed checkpoint recorded: its last entries were deleted. */
  'truncated',
  /** A checkpoint's signature does not hold: forged or altered. */
  'bad-signature',
  /** A checkpoint is signed by a key the verifier does not trust or know. */
  'unknown-key',
  /** A document no longer has the checksum its audit entry recorded. */
  'document-modified',
  /** A document an audit entry recorded is gone. */
  'document-missing',
  /** A line of a bundle or of the journal cannot be read. */
  'unreadable',
  /** The journal kept outside the database is gone while the log has entries. */
  'journal-missing',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One problem, with the entry it names (chain, position in the chain, global sequence number) and a message. */
export interface AuditProblem {
  code: ProblemCode;
  chain: string | null;
  /** Position in the chain of the entry named (for `deleted`: the first missing position). */
  position: number | null;
  /** Global sequence number (`audit_entries.id`) of the entry named, when it exists. */
  entryId: number | null;
  /** What is wrong, in Vietnamese, naming the entry. */
  message: string;
}

/** Where a checkpoint the verifier compares against came from. */
export type CheckpointOrigin =
  | { kind: 'stored'; id: number; where: 'database' | 'bundle' }
  | { kind: 'report'; chain: string; position: number; entryId: number }
  | { kind: 'document'; number: string; org: string }
  | { kind: 'anchor'; file: string }
  | { kind: 'journal'; file: string; line: number };

export interface LocatedCheckpoint {
  checkpoint: SignedCheckpoint;
  origin: CheckpointOrigin;
}

/** The words a message uses for a checkpoint's origin. */
export function describeOrigin(origin: CheckpointOrigin): string {
  switch (origin.kind) {
    case 'stored':
      return `mốc kiểm chứng số ${origin.id} (lưu trong ${origin.where === 'database' ? 'cơ sở dữ liệu' : 'gói xuất'})`;
    case 'report':
      return `mốc kiểm chứng trong báo cáo mà ${origin.chain} đã nhận (mục #${origin.position} của chuỗi ${origin.chain})`;
    case 'document':
      return `mốc kiểm chứng in trong văn bản ${origin.number} của ${origin.org}`;
    case 'anchor':
      return `mốc kiểm chứng bạn cung cấp (${origin.file})`;
    case 'journal':
      return `mốc kiểm chứng dòng ${origin.line} của sổ mốc ngoài cơ sở dữ liệu (${origin.file})`;
  }
}

/** The first 12 hex digits of a hash, for messages. */
export function short(hash: string): string {
  return hash.slice(0, 12);
}
