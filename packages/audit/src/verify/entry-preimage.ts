import { hash } from 'node:crypto';
import { ENTRY_BODY_VERSION } from '../entry-body';

/** The raw column values of one entry, as PostgreSQL's binary COPY sends them (UTF-8 bytes; null for SQL NULL). */
export interface RawEntryColumns {
  chain: Buffer;
  prevHash: Buffer;
  at: Buffer;
  recordedAt: Buffer;
  source: Buffer;
  type: Buffer;
  actorUserId: Buffer | null;
  memberId: Buffer | null;
  guidanceId: Buffer | null;
  instanceId: Buffer | null;
  seq: number | null;
  findingCode: Buffer | null;
  documentId: Buffer | null;
  documentChecksum: Buffer | null;
  payload: Buffer;
}

/** The body's keys in order, with how each value is written: a JSON string, a number, or the payload as stored. */
const FIELDS = [
  ['chain', 'str'],
  ['at', 'str'],
  ['recordedAt', 'str'],
  ['source', 'str'],
  ['type', 'str'],
  ['actor', 'str'],
  ['member', 'str'],
  ['guidance', 'str'],
  ['instance', 'str'],
  ['seq', 'num'],
  ['finding', 'str'],
  ['document', 'str'],
  ['checksum', 'str'],
  ['payload', 'raw'],
] as const;

const NULL = Buffer.from('null');
/**
 * The bytes between two values: the previous value's closing quote (when it was a string), the key, and this value's
 * opening quote (when it is a string). `JOINTS[i][prevQuoted][quoted]`; the last one closes the object.
 */
const JOINTS: Buffer[][][] = [...FIELDS.map(([key], i) => (i === 0 ? `\n{"v":${ENTRY_BODY_VERSION},"${key}":` : `,"${key}":`)), '}'].map((key) =>
  [false, true].map((prevQuoted) => [false, true].map((quoted) => Buffer.from(`${prevQuoted ? '"' : ''}${key}${quoted ? '"' : ''}`))),
);

/** Where each hashed value sits in a tuple: the column of the previous hash, and of each field in `FIELDS` order. */
export interface TupleLayout {
  prevHash: number;
  fields: readonly number[];
}

/** The layout of {@link RawEntryColumns} turned into a tuple (see `EntryPreimage.hash`). */
const COLUMNS_LAYOUT: TupleLayout = { prevHash: 0, fields: FIELDS.map((_, i) => i + 1) };
/** Values of at most this many bytes are copied byte by byte: cheaper than a view for the many short ones. */
const SHORT = 48;

/**
 * Computes an entry's hash from its raw column bytes, without decoding them into strings: the exact bytes of
 * `prevHash + "\n" + entryBody(fields)` are assembled in one reusable buffer and hashed once.
 *
 * The fast way copies every string between quotes as is — right for what chibo writes (ids, codes, instants,
 * instance keys), and wrong only for a value that needs JSON escaping; the exact way escapes exactly as `entryBody`
 * does. A verifier uses the fast one and, when it does not match, the exact one before calling the entry modified.
 */
export class EntryPreimage {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private len = 0;

  /** The hash of a tuple from binary COPY (offsets as `copyBinaryRaw` gives them). */
  hashTuple(src: Buffer, offsets: Int32Array, layout: TupleLayout, exact = false): string {
    this.len = 0;
    this.copy(src, offsets[2 * layout.prevHash]!, offsets[2 * layout.prevHash + 1]!);
    let prevQuoted = false;
    for (let i = 0; i < FIELDS.length; i++) {
      const column = layout.fields[i]!;
      const start = offsets[2 * column]!;
      const length = offsets[2 * column + 1]!;
      const kind = FIELDS[i]![1];
      const joints = JOINTS[i]![prevQuoted ? 1 : 0]!;
      if (start < 0) {
        this.put(joints[0]!);
        this.put(NULL);
        prevQuoted = false;
      } else if (kind === 'num') {
        this.put(joints[0]!);
        this.ascii(String((src[start]! << 24) | (src[start + 1]! << 16) | (src[start + 2]! << 8) | src[start + 3]!));
        prevQuoted = false;
      } else if (kind === 'raw') {
        this.put(joints[0]!);
        this.copy(src, start, length);
        prevQuoted = false;
      } else if (exact && needsEscaping(src, start, length)) {
        this.put(joints[0]!);
        this.put(Buffer.from(JSON.stringify(src.toString('utf8', start, start + length))));
        prevQuoted = false;
      } else {
        this.put(joints[1]!);
        this.copy(src, start, length);
        prevQuoted = true;
      }
    }
    this.put(JOINTS[FIELDS.length]![prevQuoted ? 1 : 0]![0]!);
    return hash('sha256', this.buf.subarray(0, this.len));
  }

  /** Exact: byte for byte `entryHash(prevHash, entryBody(fields))`. */
  hash(c: RawEntryColumns): string {
    const [src, offsets] = toTuple(c);
    return this.hashTuple(src, offsets, COLUMNS_LAYOUT, true);
  }

  /** Fast: assumes no string value needs escaping (see the class comment). */
  hashFast(c: RawEntryColumns): string {
    const [src, offsets] = toTuple(c);
    return this.hashTuple(src, offsets, COLUMNS_LAYOUT, false);
  }

  private put(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) this.grow(bytes.length);
    // TypedArray#set: much cheaper than Buffer#copy for the many small pieces of an entry.
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private copy(src: Buffer, start: number, length: number): void {
    if (this.len + length > this.buf.length) this.grow(length);
    if (length <= SHORT) {
      const buf = this.buf;
      let at = this.len;
      for (let i = start, end = start + length; i < end; i++) buf[at++] = src[i]!;
    } else {
      this.buf.set(src.subarray(start, start + length), this.len);
    }
    this.len += length;
  }

  private ascii(text: string): void {
    if (this.len + text.length > this.buf.length) this.grow(text.length);
    this.len += this.buf.write(text, this.len, 'latin1');
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + needed));
    bigger.set(this.buf.subarray(0, this.len), 0);
    this.buf = bigger;
  }
}

/** Columns as one buffer with offsets, the shape binary COPY delivers (seq as a 4-byte integer). */
function toTuple(c: RawEntryColumns): [Buffer, Int32Array] {
  const seq = c.seq === null ? null : Buffer.alloc(4);
  seq?.writeInt32BE(c.seq!, 0);
  const values = [c.prevHash, c.chain, c.at, c.recordedAt, c.source, c.type, c.actorUserId, c.memberId, c.guidanceId, c.instanceId, seq, c.findingCode, c.documentId, c.documentChecksum, c.payload];
  const offsets = new Int32Array(2 * values.length);
  let at = 0;
  values.forEach((value, i) => {
    offsets[2 * i] = value === null ? -1 : at;
    offsets[2 * i + 1] = value?.length ?? 0;
    at += value?.length ?? 0;
  });
  return [Buffer.concat(values.filter((v): v is Buffer => v !== null)), offsets];
}

/** True when the UTF-8 bytes hold a character JSON must escape: a control character, a quote or a backslash. */
export function needsEscaping(bytes: Uint8Array, start = 0, length = bytes.length): boolean {
  for (let i = start, end = start + length; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b === 0x22 || b === 0x5c) return true;
  }
  return false;
}
