import type { DataSource } from 'typeorm';
import { isSignedCheckpoint, type SignedCheckpoint, CHECKPOINT_FORMAT } from '../checkpoint';
import { entryBody, entryHash, type EntryFields } from '../entry-body';
import { ChainVerifier, type LinkRow, type VerifyRow } from './chain-verifier';
import { DocumentChecks } from './document-checks';
import { EntryPreimage, type TupleLayout } from './entry-preimage';
import { copyBinaryRaw } from './pg-copy';
import type { AuditProblem, LocatedCheckpoint } from './problems';
import type { VerificationReport, VerifyOptions } from './verification-report';

/** Columns of `audit_entries`, in the order the verifier and the exporter read them. */
const ENTRY_COLUMNS =
  'id, chain, position, prev_hash, hash, at, recorded_at, source, type, actor_user_id, member_id, guidance_id, instance_id, seq, finding_code, document_id, document_checksum, payload';
/** Rows per page of the keyset scan: large pages keep round trips few; memory stays a few tens of MB. */
const PAGE_SIZE = 10_000;
/** Chains per scan when verifying a list of chains (keeps the IN list within every driver's parameter limit). */
const CHAINS_PER_SCAN = 500;

/** A row of `audit_entries` as the drivers return it. */
export interface EntryRow {
  id: number;
  chain: string;
  position: number;
  prev_hash: string;
  hash: string;
  at: string;
  recorded_at: string;
  source: 'event' | 'admin';
  type: string;
  actor_user_id: string | null;
  member_id: string | null;
  guidance_id: string | null;
  instance_id: string | null;
  seq: number | null;
  finding_code: string | null;
  document_id: string | null;
  document_checksum: string | null;
  payload: string;
}

/** The hashed fields of a row. */
export function fieldsOf(row: EntryRow): EntryFields {
  return {
    chain: row.chain,
    at: row.at,
    recordedAt: row.recorded_at,
    source: row.source,
    type: row.type,
    actorUserId: row.actor_user_id,
    memberId: row.member_id,
    guidanceId: row.guidance_id,
    instanceId: row.instance_id,
    seq: row.seq === null ? null : Number(row.seq),
    findingCode: row.finding_code,
    documentId: row.document_id,
    documentChecksum: row.document_checksum,
    payload: row.payload,
  };
}

/**
 * Every row of `audit_entries` (or of the given chains) in (chain, position) order, page by page (keyset
 * pagination on the unique (chain, position) index).
 */
export async function* scanEntries(ds: DataSource, chains?: readonly string[]): AsyncGenerator<EntryRow> {
  const groups = chains === undefined ? [undefined] : chunk([...new Set(chains)].sort(), CHAINS_PER_SCAN);
  const p = placeholders(ds);
  for (const group of groups) {
    let after: { chain: string; position: number } | undefined;
    for (;;) {
      const params: unknown[] = [];
      const where: string[] = [];
      if (after) {
        where.push(`(chain, position) > (${p(params.length + 1)}, ${p(params.length + 2)})`);
        params.push(after.chain, after.position);
      }
      if (group) {
        where.push(`chain IN (${group.map((_, i) => p(params.length + i + 1)).join(', ')})`);
        params.push(...group);
      }
      const rows = (await ds.query(
        `SELECT ${ENTRY_COLUMNS} FROM audit_entries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY chain, position LIMIT ${PAGE_SIZE}`,
        params,
      )) as EntryRow[];
      for (const row of rows) yield row;
      if (rows.length < PAGE_SIZE) break;
      const last = rows[rows.length - 1]!;
      after = { chain: last.chain, position: Number(last.position) };
    }
  }
}

/**
 * Verifies the audit log in the database: recomputes every chain, checks the signature of every stored checkpoint,
 * of every checkpoint embedded in a report a superior received, and of the caller's anchors, compares each with its
 * chain, and compares every document an entry recorded with its checksum. `chains` limits the run (an auditor's scope).
 */
export async function verifyDatabase(
  ds: DataSource,
  options: VerifyOptions & {
    chains?: readonly string[];
    /** PostgreSQL: read in two parallel streams when the table holds at least this many rows (default 100,000). */
    splitAbove?: number;
  },
): Promise<VerificationReport> {
  const started = performance.now();
  const inScope = options.chains ? new Set(options.chains) : undefined;
  const stored = await storedCheckpoints(ds, inScope);
  const fromReports = await reportCheckpoints(ds, inScope);
  const fromDocuments = await documentCheckpoints(ds, inScope);
  const anchors = (options.anchors ?? []).filter((a) => !inScope || inScope.has(a.checkpoint.chain));
  const journal = options.journal && 'checkpoints' in options.journal ? options.journal.checkpoints.filter((c) => !inScope || inScope.has(c.checkpoint.chain)) : [];
  const p = placeholders(ds);
  const linksOf = async (chain: string): Promise<LinkRow[]> => {
    const rows = (await ds.query(`SELECT id, position, prev_hash, hash FROM audit_entries WHERE chain = ${p(1)} ORDER BY position`, [chain])) as Array<{
      id: number;
      position: number;
      prev_hash: string;
      hash: string;
    }>;
    return rows.map((r) => ({ id: Number(r.id), position: Number(r.position), prevHash: r.prev_hash, hash: r.hash }));
  };
  const verifier = new ChainVerifier(linksOf, [...stored, ...fromReports, ...fromDocuments, ...anchors, ...journal], options.keys);
  const documents = new DocumentChecks();
  if (ds.options.type === 'postgres') {
    await streamPostgres(ds, options.chains, verifier, documents, options.splitAbove ?? 100_000);
  } else {
    for await (const row of scanEntries(ds, options.chains)) {
      const verifyRow: VerifyRow = {
        id: Number(row.id),
        chain: row.chain,
        position: Number(row.position),
        prevHash: row.prev_hash,
        hash: row.hash,
        computed: entryHash(row.prev_hash, entryBody(fieldsOf(row))),
      };
      verifier.push(verifyRow);
      if (row.document_id !== null && row.document_checksum !== null) documents.expect(row.document_id, row.document_checksum, verifyRow);
    }
  }
  await verifier.finish();
  await documents.checkDatabase(ds);
  const problems = [...verifier.problems, ...journalProblems(options.journal, verifier.entries), ...documents.problems];
  return {
    ok: problems.length === 0,
    entries: verifier.entries,
    chains: verifier.chains,
    checkpoints: {
      stored: stored.length,
      fromReports: fromReports.length,
      fromDocuments: fromDocuments.length,
      anchors: anchors.length,
      ...(options.journal ? { fromJournal: journal.length } : {}),
      compared: verifier.checkpointsCompared,
    },
    documents: documents.checked,
    keyIds: options.keys.map((k) => k.keyId),
    problems,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Streams the entries from PostgreSQL with binary COPY and hashes them from their raw bytes (see `EntryPreimage`):
 * the same computation as the generic path, several times faster on a million rows. A full run reads two halves of
 * the chains in parallel, on two connections, so the server produces one half while the client hashes the other.
 */
async function streamPostgres(ds: DataSource, chains: readonly string[] | undefined, verifier: ChainVerifier, documents: DocumentChecks, splitAbove: number): Promise<void> {
  const select = `SELECT ${ENTRY_COLUMNS} FROM audit_entries`;
  if (chains !== undefined) {
    await copyEntries(ds, `${select} WHERE chain IN (${chains.length ? chains.map(quote).join(', ') : 'NULL'}) ORDER BY chain, position`, verifier, documents);
    return;
  }
  const middle = await middleChain(ds, splitAbove);
  if (middle === undefined) {
    await copyEntries(ds, `${select} ORDER BY chain, position`, verifier, documents);
    return;
  }
  await Promise.all([
    copyEntries(ds, `${select} WHERE chain < ${quote(middle)} ORDER BY chain, position`, verifier, documents),
    copyEntries(ds, `${select} WHERE chain >= ${quote(middle)} ORDER BY chain, position`, verifier, documents),
  ]);
}

/** The chain of the entry half-way through (chain, position) order, from the planner's row estimate; undefined when small. */
async function middleChain(ds: DataSource, splitAbove: number): Promise<string | undefined> {
  const [estimate] = (await ds.query("SELECT reltuples::bigint AS rows FROM pg_class WHERE oid = 'audit_entries'::regclass")) as Array<{ rows: string | number }>;
  const rows = Number(estimate?.rows ?? 0);
  if (rows < Math.max(splitAbove, 2)) return undefined;
  const [row] = (await ds.query(`SELECT chain FROM audit_entries ORDER BY chain, position OFFSET ${Math.floor(rows / 2)} LIMIT 1`)) as Array<{ chain: string }>;
  return row?.chain;
}

/** What is wrong with the journal itself: gone while the log has entries, or lines that cannot be read. */
function journalProblems(journal: VerifyOptions['journal'], entries: number): AuditProblem[] {
  if (!journal) return [];
  if ('missing' in journal) {
    if (entries === 0) return [];
    return [
      {
        code: 'journal-missing',
        chain: null,
        position: null,
        entryId: null,
        message: `Không thấy sổ mốc ngoài cơ sở dữ liệu ${journal.path} trong khi nhật ký có ${entries} mục: sổ đã bị xóa, hoặc AUDIT_JOURNAL chỉ sai chỗ. Không thể loại trừ việc cơ sở dữ liệu bị viết lại.`,
      },
    ];
  }
  return [...journal.problems];
}

/** Where the hashed values sit in a row of `ENTRY_COLUMNS`. */
const LAYOUT: TupleLayout = { prevHash: 3, fields: [1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17] };

async function copyEntries(ds: DataSource, query: string, verifier: ChainVerifier, documents: DocumentChecks): Promise<void> {
  const preimage = new EntryPreimage();
  let chainKey = '';
  let chain = '';
  await copyBinaryRaw(ds, query, (buf, o) => {
    // The chain changes once per chain: compare its bytes cheaply (latin1 maps bytes one to one) before decoding.
    const key = buf.toString('latin1', o[2]!, o[2]! + o[3]!);
    if (key !== chainKey) {
      chainKey = key;
      chain = buf.toString('utf8', o[2]!, o[2]! + o[3]!);
    }
    const hash = buf.toString('latin1', o[8]!, o[8]! + o[9]!);
    let computed = preimage.hashTuple(buf, o, LAYOUT);
    // A value that needs JSON escaping (a quote, say) only hashes right the exact way: try it before crying foul.
    if (computed !== hash) computed = preimage.hashTuple(buf, o, LAYOUT, true);
    const row: VerifyRow = {
      id: int32(buf, o[0]!),
      chain,
      position: int32(buf, o[4]!),
      prevHash: buf.toString('latin1', o[6]!, o[6]! + o[7]!),
      hash,
      computed,
    };
    verifier.push(row);
    if (o[30]! >= 0 && o[32]! >= 0) documents.expect(buf.toString('utf8', o[30]!, o[30]! + o[31]!), buf.toString('utf8', o[32]!, o[32]! + o[33]!), row);
  });
}

function int32(b: Buffer, at: number): number {
  return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
}

/** A SQL string literal (standard_conforming_strings: only the quote needs doubling). */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The checkpoints table (only the chains in scope). */
export async function storedCheckpoints(ds: DataSource, inScope?: ReadonlySet<string>): Promise<LocatedCheckpoint[]> {
  const rows = (await ds.query('SELECT id, chain, position, hash, issued_at, key_id, signature FROM audit_checkpoints ORDER BY id')) as Array<{
    id: number;
    chain: string;
    position: number;
    hash: string;
    issued_at: string;
    key_id: string;
    signature: string;
  }>;
  return rows
    .filter((r) => !inScope || inScope.has(r.chain))
    .map((r) => ({
      checkpoint: { format: CHECKPOINT_FORMAT, chain: r.chain, position: Number(r.position), hash: r.hash, issuedAt: r.issued_at, keyId: r.key_id, signature: r.signature },
      origin: { kind: 'stored', id: Number(r.id), where: 'database' },
    }));
}

/** Checkpoints that cells' reports carried to their superiors, read from the superiors' `child-reported` entries. */
export async function reportCheckpoints(ds: DataSource, inScope?: ReadonlySet<string>): Promise<LocatedCheckpoint[]> {
  const rows = (await ds.query("SELECT id, chain, position, payload FROM audit_entries WHERE type = 'child-reported' ORDER BY id")) as Array<{
    id: number;
    chain: string;
    position: number;
    payload: string;
  }>;
  const found: LocatedCheckpoint[] = [];
  for (const row of rows) {
    const cp = embeddedCheckpoint(row.payload);
    if (cp && (!inScope || inScope.has(cp.chain))) {
      found.push({ checkpoint: cp, origin: { kind: 'report', chain: row.chain, position: Number(row.position), entryId: Number(row.id) } });
    }
  }
  return found;
}

/** Checkpoints printed in report documents (BC): their data carries `auditCheckpoint`. */
export async function documentCheckpoints(ds: DataSource, inScope?: ReadonlySet<string>): Promise<LocatedCheckpoint[]> {
  const rows = (await ds.query(
    `SELECT d.number, o.code AS org, d.data FROM documents d JOIN org_units o ON o.id = d.org_id WHERE d.data LIKE '%${CHECKPOINT_FORMAT}%' ORDER BY d.issued_at, d.id`,
  )) as Array<{ number: string; org: string; data: string }>;
  return rows.flatMap((row) => {
    const cp = documentCheckpoint(row.data);
    return cp && (!inScope || inScope.has(cp.chain)) ? [{ checkpoint: cp, origin: { kind: 'document' as const, number: row.number, org: row.org } }] : [];
  });
}

/** The checkpoint a report document's data carries (`auditCheckpoint`), if any. */
export function documentCheckpoint(data: string | unknown): SignedCheckpoint | undefined {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return undefined;
    }
  }
  const cp = (value as { auditCheckpoint?: unknown } | null)?.auditCheckpoint;
  return isSignedCheckpoint(cp) ? cp : undefined;
}

/** The checkpoint a `child-reported` event's report carries (`report.auditCheckpoint`), if any. */
export function embeddedCheckpoint(payload: string | object): SignedCheckpoint | undefined {
  let event: unknown = payload;
  if (typeof payload === 'string') {
    try {
      event = JSON.parse(payload);
    } catch {
      // A payload that is not JSON any more is the chain check's to report.
      return undefined;
    }
  }
  const report = (event as { report?: { auditCheckpoint?: unknown } } | null)?.report;
  return isSignedCheckpoint(report?.auditCheckpoint) ? report.auditCheckpoint : undefined;
}

/** `$n` on Postgres, `?` elsewhere. */
export function placeholders(ds: DataSource): (n: number) => string {
  return ds.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}
