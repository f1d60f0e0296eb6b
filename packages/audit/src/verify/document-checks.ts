import type { DataSource } from 'typeorm';
import { createHash } from 'node:crypto';
import { documentChecksum } from '../entry-body';
import type { VerifyRow } from './chain-verifier';
import { type AuditProblem, short } from './problems';

/** A document as a verifier reads it: its checksum column and its data as stored (JSON text) or parsed. */
export interface DocumentRecord {
  id: string;
  number: string | null;
  checksum: string | null;
  /** The `data` column as stored (the checksum is over this text), or the parsed data from a bundle. */
  data: { text: string } | { value: unknown };
}

/**
 * Compares documents with the checksum their audit entry recorded when they were issued: the checksum column must
 * still say it, and the data must still hash to it.
 */
export class DocumentChecks {
  readonly problems: AuditProblem[] = [];
  checked = 0;
  private readonly expected = new Map<string, { checksum: string; entry: Pick<VerifyRow, 'chain' | 'position' | 'id'> }>();

  expect(documentId: string, checksum: string, entry: Pick<VerifyRow, 'chain' | 'position' | 'id'>): void {
    if (!this.expected.has(documentId)) this.expected.set(documentId, { checksum, entry: { chain: entry.chain, position: entry.position, id: entry.id } });
  }

  get ids(): string[] {
    return [...this.expected.keys()];
  }

  /** Loads the expected documents from the database and checks them. */
  async checkDatabase(ds: DataSource): Promise<void> {
    const ids = this.ids;
    const found = new Map<string, DocumentRecord>();
    const p = ds.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
    for (let i = 0; i < ids.length; i += 500) {
      const group = ids.slice(i, i + 500);
      const rows = (await ds.query(`SELECT id, number, checksum, data FROM documents WHERE id IN (${group.map((_, j) => p(j + 1)).join(', ')})`, group)) as Array<{
        id: string;
        number: string;
        checksum: string | null;
        data: string;
      }>;
      for (const row of rows) found.set(row.id, { id: row.id, number: row.number, checksum: row.checksum, data: { text: row.data } });
    }
    this.check(found);
  }

  /** Checks against documents read elsewhere (a bundle). */
  check(documents: ReadonlyMap<string, DocumentRecord>): void {
    for (const [id, { checksum, entry }] of this.expected) {
      const where = `mục #${entry.position} của chuỗi ${entry.chain}`;
      const doc = documents.get(id);
      this.checked++;
      if (!doc) {
        this.problems.push({ code: 'document-missing', chain: entry.chain, position: entry.position, entryId: entry.id, message: `Văn bản ${id} (ghi trong ${where}) không còn nữa.` });
        continue;
      }
      const actual = 'text' in doc.data ? createHash('sha256').update(doc.data.text).digest('hex') : documentChecksum(doc.data.value);
      const name = doc.number ?? id;
      if (actual !== checksum) {
        this.problems.push({
          code: 'document-modified',
          chain: entry.chain,
          position: entry.position,
          entryId: entry.id,
          message: `Văn bản ${name} đã bị sửa: nội dung nay có mã kiểm tra ${short(actual)}…, khác mã ${short(checksum)}… ghi trong ${where}.`,
        });
      } else if (doc.checksum !== checksum) {
        this.problems.push({
          code: 'document-modified',
          chain: entry.chain,
          position: entry.position,
          entryId: entry.id,
          message: `Văn bản ${name}: mã kiểm tra lưu kèm văn bản (${short(doc.checksum ?? '—')}) khác mã ${short(checksum)}… ghi trong ${where}.`,
        });
      }
    }
  }
}
