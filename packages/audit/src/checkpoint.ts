import type { AuditPublicKey, AuditSigner } from './audit-key';

/** Format tag of a signed checkpoint (also how a verifier recognises one inside a report). */
export const CHECKPOINT_FORMAT = 'chibo-audit-checkpoint/1';

/** "Chain `chain` had `position` entries and its head hash was `hash`", signed. */
export interface SignedCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  chain: string;
  position: number;
  hash: string;
  issuedAt: string;
  keyId: string;
  /** Ed25519 over {@link checkpointStatement}, base64url. */
  signature: string;
}

export type CheckpointClaim = Pick<SignedCheckpoint, 'chain' | 'position' | 'hash' | 'issuedAt'>;

/** The exact text that is signed: the checkpoint's fields in a fixed order, without the signature. */
export function checkpointStatement(cp: Omit<SignedCheckpoint, 'signature' | 'format'>): string {
  return (
    `{"format":"${CHECKPOINT_FORMAT}","chain":${JSON.stringify(cp.chain)},"position":${JSON.stringify(cp.position)}` +
    `,"hash":${JSON.stringify(cp.hash)},"issuedAt":${JSON.stringify(cp.issuedAt)},"keyId":${JSON.stringify(cp.keyId)}}`
  );
}

export function signCheckpoint(signer: AuditSigner, claim: CheckpointClaim): SignedCheckpoint {
  const unsigned = { chain: claim.chain, position: claim.position, hash: claim.hash, issuedAt: claim.issuedAt, keyId: signer.keyId };
  return { format: CHECKPOINT_FORMAT, ...unsigned, signature: signer.sign(checkpointStatement(unsigned)) };
}

/** True when `value` has the shape of a signed checkpoint (whatever its signature is worth). */
export function isSignedCheckpoint(value: unknown): value is SignedCheckpoint {
  if (value === null || typeof value !== 'object') return false;
  const cp = value as Record<string, unknown>;
  return (
    cp['format'] === CHECKPOINT_FORMAT &&
    typeof cp['chain'] === 'string' &&
    Number.isInteger(cp['position']) &&
    (cp['position'] as number) >= 0 &&
    typeof cp['hash'] === 'string' &&
    typeof cp['issuedAt'] === 'string' &&
    typeof cp['keyId'] === 'string' &&
    typeof cp['signature'] === 'string'
  );
}

/** Whether a checkpoint's signature holds under one of the trusted keys. */
export function checkSignature(cp: SignedCheckpoint, keys: readonly AuditPublicKey[]): 'valid' | 'invalid' | 'unknown-key' {
  const key = keys.find((k) => k.keyId === cp.keyId);
  if (!key) return 'unknown-key';
  return key.verify(checkpointStatement(cp), cp.signature) ? 'valid' : 'invalid';
}
