import { copyBinaryRaw } from '@chibo/audit';
import type { DataSource } from 'typeorm';

/**
 * Columns of a trace row, in the order `writeTraceJson` reads them: the entry, then the joined user, member and
 * document (null when there is none).
 */
export const TRACE_COLUMNS = [
  'e.id',
  'e.chain',
  'e.position',
  'e.at',
  'e.recorded_at',
  'e.source',
  'e.type',
  'e.actor_user_id',
  'u.login',
  'u.display_name',
  'e.member_id',
  'm.code',
  'm.name',
  'e.guidance_id',
  'e.instance_id',
  'e.seq',
  'e.finding_code',
  'e.document_id',
  'd.number',
  'd.type',
  'e.document_checksum',
  'd.checksum',
  'e.hash',
  'e.prev_hash',
] as const;

const enum C {
  id,
  chain,
  position,
  at,
  recordedAt,
  source,
  type,
  actor,
  login,
  displayName,
  member,
  memberCode,
  memberName,
  guidance,
  instance,
  seq,
  finding,
  document,
  documentNumber,
  documentType,
  checksum,
  currentChecksum,
  hash,
  prevHash,
}

const K = Object.fromEntries(
  Object.entries({
    open: '{"items":[',
    id: '{"id":',
    chain: ',"chain":',
    position: ',"position":',
    at: ',"at":',
    recordedAt: ',"recordedAt":',
    source: ',"source":',
    type: ',"type":',
    actor: ',"actor":{"userId":',
    login: ',"login":',
    displayName: ',"displayName":',
    actorNull: ',"actor":null',
    member: ',"member":{"id":',
    memberCode: ',"code":',
    memberName: ',"name":',
    memberNull: ',"member":null',
    guidance: ',"guidanceId":',
    event: ',"event":{"instanceId":',
    seq: ',"seq":',
    href: ',"href":',
    eventNull: ',"event":null',
    finding: ',"finding":',
    document: ',"document":{"id":',
    documentNumber: ',"number":',
    documentType: ',"type":',
    checksum: ',"checksum":',
    currentChecksum: ',"currentChecksum":',
    documentNull: ',"document":null',
    hash: ',"hash":',
    prevHash: ',"prevHash":',
    close: '}',
    comma: ',',
    quote: '"',
    null: 'null',
  }).map(([k, v]) => [k, Buffer.from(v)]),
) as Record<string, Buffer>;

/**
 * Runs a trace query on PostgreSQL with binary COPY and writes the response JSON straight from the column bytes:
 * no row objects, no decoding of values that need no escaping. The JSON is exactly what `JSON.stringify` gives for
 * the same `{ items, next }` (`AuditTraceService.trace`), a few times faster on a cell's ten-year trace.
 */
export async function writeTraceJson(ds: DataSource, query: string, limit: number): Promise<Buffer> {
  // About 700 bytes an entry: sized once, so a 5,000-entry trace is written without growing the buffer.
  const out = new JsonBytes(Math.min(Math.max(limit, 16) * 700, 16 << 20));
  const hrefs = new Map<string, { event: Buffer; document: Buffer }>();
  let count = 0;
  let lastId = 0;
  out.put(K['open']!);
  await copyBinaryRaw(ds, query, (src, o) => {
    const has = (c: C) => o[2 * c]! >= 0;
    const str = (c: C) => out.str(src, o[2 * c]!, o[2 * c + 1]!);
    const int = (c: C) => {
      const at = o[2 * c]!;
      return (src[at]! << 24) | (src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!;
    };
    if (count > 0) out.put(K['comma']!);
    count++;
    lastId = int(C.id);
    out.put(K['id']!);
    out.ascii(String(lastId));
    out.put(K['chain']!);
    str(C.chain);
    out.put(K['position']!);
    out.ascii(String(int(C.position)));
    out.put(K['at']!);
    str(C.at);
    out.put(K['recordedAt']!);
    str(C.recordedAt);
    out.put(K['source']!);
    str(C.source);
    out.put(K['type']!);
    str(C.type);
    if (has(C.actor)) {
      out.put(K['actor']!);
      str(C.actor);
      out.put(K['login']!);
      str(C.login);
      out.put(K['displayName']!);
      str(C.displayName);
      out.put(K['close']!);
    } else out.put(K['actorNull']!);
    if (has(C.member)) {
      out.put(K['member']!);
      str(C.member);
      out.put(K['memberCode']!);
      str(C.memberCode);
      out.put(K['memberName']!);
      str(C.memberName);
      out.put(K['close']!);
    } else out.put(K['memberNull']!);
    out.put(K['guidance']!);
    str(C.guidance);
    let links: { event: Buffer; document: Buffer } | undefined;
    if (has(C.instance)) {
      const start = o[2 * C.instance]!;
      const end = start + o[2 * C.instance + 1]!;
      const key = src.toString('latin1', start, end);
      links = hrefs.get(key);
      if (!links) {
        const encoded = encodeURIComponent(src.toString('utf8', start, end));
        links = { event: Buffer.from(JSON.stringify(`/api/v1/instances/${encoded}/timeline`)), document: Buffer.from(JSON.stringify(`/api/v1/documents?instance=${encoded}`)) };
        hrefs.set(key, links);
      }
      out.put(K['event']!);
      str(C.instance);
      out.put(K['seq']!);
      if (has(C.seq)) out.ascii(String(int(C.seq)));
      else out.put(K['null']!);
      out.put(K['href']!);
      out.put(links.event);
      out.put(K['close']!);
    } else out.put(K['eventNull']!);
    out.put(K['finding']!);
    str(C.finding);
    if (has(C.document)) {
      out.put(K['document']!);
      str(C.document);
      out.put(K['documentNumber']!);
      str(C.documentNumber);
      out.put(K['documentType']!);
      str(C.documentType);
      out.put(K['checksum']!);
      str(C.checksum);
      out.put(K['currentChecksum']!);
      str(C.currentChecksum);
      out.put(K['href']!);
      out.put(links ? links.document : NO_INSTANCE_DOCUMENTS);
      out.put(K['close']!);
    } else out.put(K['documentNull']!);
    out.put(K['hash']!);
    str(C.hash);
    out.put(K['prevHash']!);
    str(C.prevHash);
    out.put(K['close']!);
  });
  out.ascii(`],"next":${count === limit ? lastId : 'null'}}`);
  return out.result();
}

const NO_INSTANCE_DOCUMENTS = Buffer.from(JSON.stringify('/api/v1/documents?instance='));

/** A growing buffer of JSON bytes. */
class JsonBytes {
  private buf: Buffer;
  private len = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  put(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  ascii(text: string): void {
    if (this.len + text.length > this.buf.length) this.grow(text.length);
    this.len += this.buf.write(text, this.len, 'latin1');
  }

  /**
   * A JSON string from UTF-8 bytes of `src` (start -1: null): copied as they are, byte by byte, unless JSON needs
   * one of them escaped — then through `JSON.stringify`.
   */
  str(src: Buffer, start: number, length: number): void {
    if (start < 0) return this.put(K['null']!);
    if (this.len + length + 2 > this.buf.length) this.grow(length + 2);
    const buf = this.buf;
    let at = this.len;
    buf[at++] = 0x22;
    for (let i = start, end = start + length; i < end; i++) {
      const b = src[i]!;
      if (b < 0x20 || b === 0x22 || b === 0x5c) return this.put(Buffer.from(JSON.stringify(src.toString('utf8', start, end))));
      buf[at++] = b;
    }
    buf[at++] = 0x22;
    this.len = at;
  }

  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  private grow(needed: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + needed));
    bigger.set(this.buf.subarray(0, this.len), 0);
    this.buf = bigger;
  }
}

/**
 * A SQL string literal for a value written into a query (COPY takes no bind parameters): an escape string, E'…',
 * which reads the same whatever `standard_conforming_strings` says; backslashes and quotes are escaped.
 */
export function literal(value: string): string {
  if (value.includes('\u0000')) throw new Error('A NUL character cannot be sent to PostgreSQL');
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
