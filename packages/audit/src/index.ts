export { canonicalJson } from './canonical-json';
export { entryBody, entryHash, bodyPrefix, documentChecksum, GENESIS_HASH, SYSTEM_CHAIN, ENTRY_BODY_VERSION, type EntryFields } from './entry-body';
export { AuditPublicKey, AuditSigner } from './audit-key';
export { CHECKPOINT_FORMAT, checkpointStatement, signCheckpoint, isSignedCheckpoint, checkSignature, type SignedCheckpoint, type CheckpointClaim } from './checkpoint';
export {
  AuditLog,
  appendEntries,
  recordAdminAction,
  recordAdminActions,
  chainHead,
  ADMIN_ACTIONS,
  type AdminAction,
  type AdminActionType,
  type AuditInput,
  type AuditLogOptions,
  type AppendedEntry,
  type EventBatch,
  type RefusedChain,
} from './audit-log';
export { AuditJournal, JOURNAL_FORMAT, readJournal, journalEvidence, type JournalLine, type JournalContents } from './journal';
export { ChainVerifier, type VerifyRow, type LinkRow, type LinksOf } from './verify/chain-verifier';
export { PROBLEM_CODES, describeOrigin, type ProblemCode, type AuditProblem, type CheckpointOrigin, type LocatedCheckpoint } from './verify/problems';
export type { VerificationReport, VerifyOptions } from './verify/verification-report';
export { verifyDatabase, scanEntries, embeddedCheckpoint, documentCheckpoint, fieldsOf, type EntryRow } from './verify/verify-database';
export { exportBundle, verifyBundle, readCheckpointsFile, BUNDLE_FORMAT, BUNDLE_FILES, type BundleManifest } from './bundle';
export { formatReport } from './format-report';
export { copyBinary, copyBinaryRaw, type RawTupleHandler } from './verify/pg-copy';
