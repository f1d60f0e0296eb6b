import { createHash, hash } from 'node:crypto';

/** Version of the hashed entry body; part of every body, so a future format can never be mistaken for this one. */
export const ENTRY_BODY_VERSION = 1;

/** The `prev_hash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain of entries that belong to no org unit (accounts created without a unit, for instance). */
export const SYSTEM_CHAIN = '_system';

/** What an entry says: everything that is hashed. Null means "not applicable". */
export interface EntryFields {
  chain: string;
  /** When it happened, as a UTC ISO instant. */
  at: string;
  recordedAt: string;
  source: 'event' | 'admin';
  type: string;
  actorUserId: string | null;
  memberId: string | null;
  guidanceId: string | null;
  instanceId: string | null;
  seq: number | null;
  findingCode: string | null;
  documentId: string | null;
  documentChecksum: string | null;
  /** Canonical JSON text (see `canonicalJson`), hashed exactly as stored. */
  payload: string;
}

/**
 * The canonical body of an entry: a JSON object with its keys in this fixed order, the payload inserted as stored.
 * It is rebuilt from the table's columns when verifying, so changing any column changes the hash.
 */
export function entryBody(f: EntryFields): string {
  return (
    `{"v":${ENTRY_BODY_VERSION},"chain":${JSON.stringify(f.chain)},"at":${JSON.stringify(f.at)},"recordedAt":${JSON.stringify(f.recordedAt)}` +
    `,"source":${JSON.stringify(f.source)},"type":${JSON.stringify(f.type)},"actor":${str(f.actorUserId)},"member":${str(f.memberId)}` +
    `,"guidance":${str(f.guidanceId)},"instance":${str(f.instanceId)},"seq":${f.seq === null ? 'null' : JSON.stringify(f.seq)}` +
    `,"finding":${str(f.findingCode)},"document":${str(f.documentId)},"checksum":${str(f.documentChecksum)},"payload":${f.payload}}`
  );
}

/** The start every body of `chain` has (the bundle verifier checks that the chain a line claims is the hashed one). */
export function bodyPrefix(chain: string): string {
  return `{"v":${ENTRY_BODY_VERSION},"chain":${JSON.stringify(chain)},`;
}

/**
 * sha256 (hex) of the previous hash, a newline and the body. The body names its chain, so an entry moved to another
 * chain no longer verifies; the position is not hashed (the links fix the order, and verification requires positions
 * 1, 2, 3… in link order), which is what lets a verifier tell a deleted, inserted or moved entry from a modified one.
 */
export function entryHash(prevHash: string, body: string): string {
  return hash('sha256', `${prevHash}\n${body}`);
}

/** A document's checksum as the issue-document effect computes it: sha256 (hex) of `JSON.stringify(data)`. */
export function documentChecksum(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data ?? null)).digest('hex');
}

function str(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}
