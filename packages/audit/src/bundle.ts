import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditPublicKey } from './audit-key';
import { CHECKPOINT_FORMAT, isSignedCheckpoint, type SignedCheckpoint } from './checkpoint';
import { hash } from 'node:crypto';
import { bodyPrefix, entryBody } from './entry-body';
import { JOURNAL_FORMAT } from './journal';
import { ChainVerifier, type LinkRow, type VerifyRow } from './verify/chain-verifier';
import { type DocumentRecord, DocumentChecks } from './verify/document-checks';
import type { AuditProblem, LocatedCheckpoint } from './verify/problems';
import type { VerificationReport, VerifyOptions } from './verify/verification-report';
import { documentCheckpoint, embeddedCheckpoint, fieldsOf, scanEntries, storedCheckpoints } from './verify/verify-database';

/** Format tag of an export bundle's manifest. */
export const BUNDLE_FORMAT = 'chibo-audit-bundle/1';

/** The files of a bundle (a folder). */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  entries: 'entries.jsonl',
  checkpoints: 'checkpoints.jsonl',
  documents: 'documents.jsonl',
  publicKey: 'public-key.pem',
  readme: 'DOC-TRUOC.txt',
} as const;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  createdAt: string;
  /** Id of the key whose public half is in `public-key.pem`. */
  keyId: string;
  entries: number;
  checkpoints: number;
  documents: number;
  /** Each chain's head when the bundle was written. */
  heads: Record<string, { position: number; hash: string }>;
}

/**
 * Writes the audit log as a bundle a standalone verifier checks without the database (`chibo audit verify --bundle`):
 * `entries.jsonl` (one entry per line, in chain then position order, each with its links and its hashed body
 * exactly as hashed), `checkpoints.jsonl` (every stored checkpoint), `documents.jsonl` (every document with its data,
 * so its checksum can be recomputed), `public-key.pem` and `manifest.json`. Issue fresh checkpoints first
 * (`AuditLog.checkpointMoved`) so that every entry in the bundle is covered by a signature.
 */
/** Mode of every file of a bundle. */
const PRIVATE_FILE = 0o600;

export async function exportBundle(
  ds: DataSource,
  dir: string,
  options: {
    publicKey: AuditPublicKey;
    now?: string;
    /** Checkpoints kept outside the database (the journal): written too, so the bundle keeps them if the table lost them. */
    extraCheckpoints?: readonly LocatedCheckpoint[];
  },
): Promise<BundleManifest> {
  // Members' names and every document's data: readable by the exporting account only (0700 folder, 0600 files).
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const heads: BundleManifest['heads'] = {};
  let entries = 0;
  const out = createWriteStream(join(dir, BUNDLE_FILES.entries), { mode: PRIVATE_FILE });
  for await (const row of scanEntries(ds)) {
    const line = `{"id":${Number(row.id)},"chain":${JSON.stringify(row.chain)},"position":${Number(row.position)},"prev":${JSON.stringify(row.prev_hash)},"hash":${JSON.stringify(row.hash)},"entry":${entryBody(fieldsOf(row))}}\n`;
    await write(out, line);
    heads[row.chain] = { position: Number(row.position), hash: row.hash };
    entries++;
  }
  await close(out);

  const checkpoints = [...(await storedCheckpoints(ds))];
  const seen = new Set(checkpoints.map((c) => c.checkpoint.signature));
  for (const c of options.extraCheckpoints ?? []) {
    if (seen.has(c.checkpoint.signature)) continue;
    seen.add(c.checkpoint.signature);
    checkpoints.push(c);
  }
  writeFileSync(
    join(dir, BUNDLE_FILES.checkpoints),
    checkpoints.map((c) => `${JSON.stringify({ ...c.checkpoint, id: c.origin.kind === 'stored' ? c.origin.id : null })}\n`).join(''),
    { mode: PRIVATE_FILE },
  );

  const documents = (await ds.query(
    'SELECT d.id, o.code AS org, d.type, d.number, d.title, d.status, d.checksum, d.issued_at, d.data FROM documents d JOIN org_units o ON o.id = d.org_id ORDER BY d.issued_at, d.id',
  )) as Array<{ id: string; org: string; type: string; number: string; title: string; status: string; checksum: string | null; issued_at: string; data: string }>;
  const docs = createWriteStream(join(dir, BUNDLE_FILES.documents), { mode: PRIVATE_FILE });
  for (const d of documents) {
    // `data` goes in as stored (JSON text): the checksum is over exactly that text.
    await write(docs, `{"id":${JSON.stringify(d.id)},"org":${JSON.stringify(d.org)},"type":${JSON.stringify(d.type)},"number":${JSON.stringify(d.number)},"title":${JSON.stringify(d.title)},"status":${JSON.stringify(d.status)},"checksum":${JSON.stringify(d.checksum)},"issuedAt":${JSON.stringify(d.issued_at)},"data":${d.data}}\n`);
  }
  await close(docs);

  writeFileSync(join(dir, BUNDLE_FILES.publicKey), options.publicKey.pem, { mode: PRIVATE_FILE });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    createdAt: options.now ?? new Date().toISOString(),
    keyId: options.publicKey.keyId,
    entries,
    checkpoints: checkpoints.length,
    documents: documents.length,
    heads,
  };
  writeFileSync(join(dir, BUNDLE_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`, { mode: PRIVATE_FILE });
  writeFileSync(join(dir, BUNDLE_FILES.readme), readme(manifest), { mode: PRIVATE_FILE });
  return manifest;
}

/**
 * Verifies a bundle without any database: the chains, every checkpoint's signature and its match (stored ones, and
 * those in reports that superiors received), the documents' checksums, and the caller's anchors. The signatures are
 * checked with `options.keys` when given (a key the auditor holds — recommended), else with the bundle's own
 * `public-key.pem` (then compare the key id printed with the one you were given).
 */
export async function verifyBundle(dir: string, options: Partial<VerifyOptions> = {}): Promise<VerificationReport & { keySource: 'given' | 'bundle' }> {
  const started = performance.now();
  const entriesFile = join(dir, BUNDLE_FILES.entries);
  if (!existsSync(entriesFile)) throw new Error(`${dir} không phải gói nhật ký kiểm tra: thiếu ${BUNDLE_FILES.entries}`);
  const given = options.keys && options.keys.length > 0;
  const keys = given ? options.keys! : [AuditPublicKey.fromPem(readFileSync(join(dir, BUNDLE_FILES.publicKey), 'utf8'))];

  const stored = readCheckpointLines(join(dir, BUNDLE_FILES.checkpoints)).map(
    (cp, i): LocatedCheckpoint => ({ checkpoint: cp.checkpoint, origin: { kind: 'stored', id: cp.id ?? i + 1, where: 'bundle' } }),
  );
  // First pass: the checkpoints that reports carried to superiors (they may concern chains that come earlier).
  const fromReports: LocatedCheckpoint[] = [];
  await eachLine(entriesFile, (buf, start, end) => {
    if (!lineHas(buf, CHILD_REPORTED, start, end)) return;
    const parsed = parseLine(buf.toString('utf8', start, end));
    if (!parsed) return;
    const cp = embeddedCheckpoint(parsed.payloadText());
    if (cp) fromReports.push({ checkpoint: cp, origin: { kind: 'report', chain: parsed.row.chain, position: parsed.row.position, entryId: parsed.row.id } });
  });
  const bundleDocuments = readDocuments(join(dir, BUNDLE_FILES.documents));
  const fromDocuments: LocatedCheckpoint[] = [];
  for (const doc of bundleDocuments.values()) {
    const cp = 'value' in doc.data ? documentCheckpoint(doc.data.value) : undefined;
    if (cp) fromDocuments.push({ checkpoint: cp, origin: { kind: 'document', number: doc.number ?? doc.id, org: doc.org ?? '?' } });
  }
  const anchors = options.anchors ?? [];
  const linksOf = async (chain: string): Promise<LinkRow[]> => {
    const links: LinkRow[] = [];
    for await (const { line } of lines(entriesFile)) {
      const parsed = parseLine(line);
      if (parsed && parsed.row.chain === chain) links.push({ id: parsed.row.id, position: parsed.row.position, prevHash: parsed.row.prevHash, hash: parsed.row.hash });
    }
    return links.sort((a, b) => a.position - b.position);
  };
  const verifier = new ChainVerifier(linksOf, [...stored, ...fromReports, ...fromDocuments, ...anchors], keys);
  const documents = new DocumentChecks();
  const unreadable: AuditProblem[] = [];
  const reader = new LineReader();
  await eachLine(entriesFile, (buf, start, end, number) => {
    const row = reader.read(buf, start, end);
    if (!row) {
      unreadable.push({ code: 'unreadable', chain: null, position: null, entryId: null, message: `Dòng ${number} của ${BUNDLE_FILES.entries} không đọc được: gói đã bị sửa hoặc hỏng.` });
      return;
    }
    verifier.push(row);
    if (lineHas(buf, DOCUMENT_KEY, start, end)) {
      const doc = DOCUMENT_REF.exec(buf.toString('utf8', start, end));
      if (doc) documents.expect(JSON.parse(doc[1]!) as string, JSON.parse(doc[2]!) as string, row);
    }
  });
  await verifier.finish();
  documents.check(bundleDocuments);
  const problems = [...unreadable, ...verifier.problems, ...documents.problems];
  return {
    ok: problems.length === 0,
    entries: verifier.entries,
    chains: verifier.chains,
    checkpoints: {
      stored: stored.length,
      fromReports: fromReports.length,
      fromDocuments: fromDocuments.length,
      anchors: anchors.length,
      compared: verifier.checkpointsCompared,
    },
    documents: documents.checked,
    keyIds: keys.map((k) => k.keyId),
    keySource: given ? 'given' : 'bundle',
    problems,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Reads checkpoints kept outside the database (`--from`): a bundle folder (its checkpoints), a JSON file holding one
 * checkpoint or an array of them, or a JSON-lines file.
 */
export function readCheckpointsFile(path: string): LocatedCheckpoint[] {
  const file = statSync(path).isDirectory() ? join(path, BUNDLE_FILES.checkpoints) : path;
  const text = readFileSync(file, 'utf8');
  let values: unknown[];
  try {
    const whole = JSON.parse(text) as unknown;
    values = Array.isArray(whole) ? whole : [whole];
  } catch {
    values = readCheckpointLines(file).map((c) => c.checkpoint);
  }
  const checkpoints = values.map((value, i) => {
    const cp = stripToCheckpoint(value);
    if (!cp) throw new Error(`${file}: mục ${i + 1} không phải mốc kiểm chứng (${CHECKPOINT_FORMAT})`);
    return cp;
  });
  if (checkpoints.length === 0) throw new Error(`${file} không có mốc kiểm chứng nào`);
  return checkpoints.map((checkpoint) => ({ checkpoint, origin: { kind: 'anchor', file: path } }));
}

const CHILD_REPORTED = Buffer.from('"type":"child-reported"');
const DOCUMENT_KEY = Buffer.from(',"document":"');

/**
 * Reads the links of a bundle line from its bytes and hashes its body as written — no decoding, no JSON parsing of
 * the (large) body: `{"id":N,"chain":"…","position":N,"prev":"<64>","hash":"<64>","entry":<body>}`. Undefined when
 * the line does not have that shape.
 */
class LineReader {
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private chainBytes = Buffer.alloc(0);
  private chain = '';
  private prefix = Buffer.alloc(0);

  read(buf: Buffer, start: number, end: number): VerifyRow | undefined {
    let p = start;
    const expect = (literal: Buffer): boolean => {
      if (buf.compare(literal, 0, literal.length, p, p + literal.length) !== 0) return false;
      p += literal.length;
      return true;
    };
    const integer = (): number => {
      let value = 0;
      const from = p;
      while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39 && p - from < 10) value = value * 10 + (buf[p++]! - 0x30);
      return p > from ? value : -1;
    };
    if (!expect(L.id)) return undefined;
    const id = integer();
    if (id < 0 || !expect(L.chain) || buf[p] !== 0x22) return undefined;
    const quote = p;
    for (p++; p < end && buf[p] !== 0x22; p++) if (buf[p] === 0x5c) p++;
    if (p >= end) return undefined;
    p++;
    if (buf.compare(this.chainBytes, 0, this.chainBytes.length, quote, p) !== 0) {
      try {
        this.chain = JSON.parse(buf.toString('utf8', quote, p)) as string;
      } catch {
        return undefined;
      }
      this.chainBytes = Buffer.from(buf.subarray(quote, p));
      this.prefix = Buffer.from(bodyPrefix(this.chain));
    }
    if (!expect(L.position)) return undefined;
    const position = integer();
    if (position < 0 || !expect(L.prev) || p + 64 > end) return undefined;
    const prevAt = p;
    p += 64;
    if (!expect(L.hash) || p + 64 > end) return undefined;
    const hashAt = p;
    p += 64;
    if (!expect(L.entry) || buf[end - 1] !== 0x7d) return undefined;
    const bodyStart = p;
    const bodyEnd = end - 1;
    const prefixOk = buf.compare(this.prefix, 0, this.prefix.length, bodyStart, bodyStart + this.prefix.length) === 0;
    return {
      id,
      chain: this.chain,
      position,
      prevHash: buf.toString('latin1', prevAt, prevAt + 64),
      hash: buf.toString('latin1', hashAt, hashAt + 64),
      computed: prefixOk ? this.hash(buf, prevAt, bodyStart, bodyEnd) : '',
    };
  }

  /** sha256 of `prev + "\n" + body`, both taken from the line's bytes. */
  private hash(buf: Buffer, prevAt: number, bodyStart: number, bodyEnd: number): string {
    const length = 65 + bodyEnd - bodyStart;
    if (length > this.scratch.length) this.scratch = Buffer.allocUnsafe(length * 2);
    this.scratch.set(buf.subarray(prevAt, prevAt + 64), 0);
    this.scratch[64] = 0x0a;
    this.scratch.set(buf.subarray(bodyStart, bodyEnd), 65);
    return hash('sha256', this.scratch.subarray(0, length));
  }
}

const L = {
  id: Buffer.from('{"id":'),
  chain: Buffer.from(',"chain":'),
  position: Buffer.from(',"position":'),
  prev: Buffer.from(',"prev":"'),
  hash: Buffer.from('","hash":"'),
  entry: Buffer.from('","entry":'),
};

/** Calls `onLine` with each line of a file as a byte range (valid during the call), read in large chunks. */
/**
 * Whether `needle` occurs in the line buf[start, end). The search stops at the line's end: searching the whole chunk
 * from each line's start would scan megabytes per line when the needle is rare (quadratic in the chunk size).
 */
function lineHas(buf: Buffer, needle: Buffer | string, start: number, end: number): boolean {
  return buf.subarray(start, end).indexOf(needle) >= 0;
}

async function eachLine(file: string, onLine: (buf: Buffer, start: number, end: number, number: number) => void): Promise<void> {
  let rest: Buffer | undefined;
  let number = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 4 << 20 })) {
    const data = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let end = data.indexOf(0x0a, start); end >= 0; end = data.indexOf(0x0a, start)) {
      number++;
      if (end > start) onLine(data, start, end, number);
      start = end + 1;
    }
    rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
  }
  if (rest && rest.length > 0) onLine(rest, 0, rest.length, number + 1);
}

/** `"document":"…","checksum":"…"` of a body (both fields come before the payload, so the first match is theirs). */
const DOCUMENT_REF = /,"document":("(?:[^"\\]|\\.)*"),"checksum":("(?:[^"\\]|\\.)*"),"payload":/;
const ENTRY_KEY = ',"entry":';

interface ParsedLine {
  row: Omit<VerifyRow, 'computed'> & { body: string };
  payloadText(): string;
}

/** Splits a bundle line into its links (parsed) and its body (kept as text: it is hashed exactly as written). */
function parseLine(line: string): ParsedLine | undefined {
  const split = line.indexOf(ENTRY_KEY);
  if (split < 0 || !line.endsWith('}')) return undefined;
  let head: Record<string, unknown>;
  try {
    head = JSON.parse(`${line.slice(0, split)}}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { id, chain, position, prev, hash } = head;
  if (!Number.isInteger(id) || typeof chain !== 'string' || !Number.isInteger(position) || typeof prev !== 'string' || typeof hash !== 'string') return undefined;
  const body = line.slice(split + ENTRY_KEY.length, -1);
  return {
    row: { id: id as number, chain, position: position as number, prevHash: prev, hash, body },
    payloadText: () => {
      const at = body.indexOf(',"payload":');
      return at < 0 ? '' : body.slice(at + ',"payload":'.length, -1);
    },
  };
}

function readCheckpointLines(file: string): Array<{ checkpoint: SignedCheckpoint; id: number | null }> {
  if (!existsSync(file)) return [];
  const out: Array<{ checkpoint: SignedCheckpoint; id: number | null }> = [];
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${file}, dòng ${i + 1}: không đọc được`);
    }
    const cp = stripToCheckpoint(value);
    if (!cp) throw new Error(`${file}, dòng ${i + 1}: không phải mốc kiểm chứng (${CHECKPOINT_FORMAT})`);
    const id = (value as { id?: unknown }).id;
    out.push({ checkpoint: cp, id: Number.isInteger(id) ? (id as number) : null });
  }
  return out;
}

function stripToCheckpoint(value: unknown): SignedCheckpoint | undefined {
  // A line of the journal (or of its witness copy) wraps the checkpoint.
  if (value !== null && typeof value === 'object' && (value as { format?: unknown }).format === JOURNAL_FORMAT) value = (value as { checkpoint?: unknown }).checkpoint;
  if (!isSignedCheckpoint(value)) return undefined;
  const { format, chain, position, hash, issuedAt, keyId, signature } = value;
  return { format, chain, position, hash, issuedAt, keyId, signature };
}

function readDocuments(file: string): Map<string, DocumentRecord & { org: string | null }> {
  const out = new Map<string, DocumentRecord & { org: string | null }>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const doc = JSON.parse(line) as { id: string; org?: string; number?: string; checksum?: string | null; data?: unknown };
      out.set(doc.id, { id: doc.id, org: doc.org ?? null, number: doc.number ?? null, checksum: doc.checksum ?? null, data: { value: doc.data } });
    } catch {
      // An unreadable document line leaves that document missing, which the check reports.
    }
  }
  return out;
}

/** The lines of a file, streamed in large chunks (a bundle of a million entries is hundreds of megabytes). */
async function* lines(file: string): AsyncGenerator<{ line: string; number: number }> {
  let rest = '';
  let number = 0;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
      number++;
      if (end > start) yield { line: text.slice(start, end), number };
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield { line: rest, number: number + 1 };
}

function write(stream: WriteStream, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', resolve));
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function readme(m: BundleManifest): string {
  return [
    'Gói nhật ký kiểm tra của chibo (chibo-audit-bundle/1)',
    '',
    `Lập lúc ${m.createdAt}: ${m.entries} mục trong ${Object.keys(m.heads).length} chuỗi, ${m.checkpoints} mốc kiểm chứng đã ký, ${m.documents} văn bản.`,
    `Khóa ký: ${m.keyId} (khóa công khai trong ${BUNDLE_FILES.publicKey}).`,
    '',
    'Kiểm tra mà không cần cơ sở dữ liệu:',
    '  chibo audit verify --bundle <thư mục này> [--public-key <khóa công khai bạn giữ>]',
    '',
    'Mỗi dòng của entries.jsonl là một mục: "prev" là mã băm của mục trước trong cùng chuỗi, "hash" là',
    'sha256(prev + "\\n" + entry) với entry đúng như viết trong dòng. Mỗi mốc kiểm chứng là chữ ký Ed25519',
    'xác nhận chuỗi có bao nhiêu mục và mã băm của mục cuối. Hãy so mã khóa ở trên với mã khóa bạn được giao.',
    '',
  ].join('\n');
}
