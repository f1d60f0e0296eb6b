import { type DatabaseKind, postgresServerUrl, withDatabase } from '@chibo/testing';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { AuditSigner, appendEntries, entryBody, entryHash, GENESIS_HASH, type AuditInput, type AuditProblem, type VerificationReport, verifyDatabase } from '../../src';
import { fieldsOf, type EntryRow } from '../../src/verify/verify-database';

/** The key every suite signs with. */
export const signer = AuditSigner.generate();

/** `n` realistic entries in `chain`: what a cell's procedure and a secretary's edits append. */
export async function appendSample(ds: DataSource, chain: string, n: number): Promise<void> {
  const inputs: AuditInput[] = Array.from({ length: n }, (_, i) => ({
    chain,
    at: new Date(Date.UTC(2022, 2, 16, 2) + i * 3_600_000).toISOString(),
    source: i % 4 === 3 ? ('admin' as const) : ('event' as const),
    type: i % 4 === 3 ? 'member-updated' : 'task-submitted',
    actorUserId: `user-${i % 3}`,
    instanceId: `cell:${chain}:27-HD/ĐU:2022-03-16`,
    seq: i + 1,
    payload: { type: 'task-submitted', taskId: `task-${i}`, input: { note: `Ý kiến số ${i + 1} của đồng chí Nga`, minutes: 90 + i } },
  }));
  await ds.transaction((m) => appendEntries(m, inputs));
}

/** Runs raw SQL the way someone with full database access would: around the append-only triggers. */
export async function asSuperuser(ds: DataSource, kind: DatabaseKind, statements: Array<[string, unknown[]?]>): Promise<void> {
  await ds.transaction(async (m) => {
    if (kind === 'postgres') {
      for (const table of ['audit_entries', 'audit_checkpoints']) await m.query(`ALTER TABLE ${table} DISABLE TRIGGER trg_${table}_append_only`);
    } else {
      for (const table of ['audit_entries', 'audit_checkpoints']) for (const op of ['update', 'delete']) await m.query(`DROP TRIGGER trg_${table}_no_${op}`);
    }
    for (const [sql, params] of statements) await m.query(kind === 'postgres' ? sql : sql.replace(/\$\d+/g, '?'), params ?? []);
    if (kind === 'postgres') {
      for (const table of ['audit_entries', 'audit_checkpoints']) await m.query(`ALTER TABLE ${table} ENABLE TRIGGER trg_${table}_append_only`);
    } else {
      for (const table of ['audit_entries', 'audit_checkpoints']) {
        for (const op of ['UPDATE', 'DELETE']) {
          await m.query(`CREATE TRIGGER trg_${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${op} refused'); END`);
        }
      }
    }
  });
}

/** One chain's rows, by position. */
export async function chainRows(ds: DataSource, chain: string): Promise<Array<{ id: number; position: number; hash: string; prev_hash: string; payload: string }>> {
  const p = ds.options.type === 'postgres' ? '$1' : '?';
  const rows = (await ds.query(`SELECT id, position, hash, prev_hash, payload FROM audit_entries WHERE chain = ${p} ORDER BY position`, [chain])) as Array<{
    id: number;
    position: number;
    hash: string;
    prev_hash: string;
    payload: string;
  }>;
  return rows.map((r) => ({ ...r, id: Number(r.id), position: Number(r.position) }));
}

export async function verifyChains(ds: DataSource, chains?: string[]): Promise<VerificationReport> {
  return verifyDatabase(ds, { keys: [signer.publicOnly()], ...(chains ? { chains } : {}) });
}

/** The problems of one chain, without messages (compared field by field). */
export function codesOf(problems: AuditProblem[]): Array<Pick<AuditProblem, 'code' | 'chain' | 'position' | 'entryId'>> {
  return problems.map(({ code, chain, position, entryId }) => ({ code, chain, position, entryId }));
}

/** A Postgres client logged in as `role` on the suite's database (the server trusts local logins). */
export async function connectAs(url: string, role: string): Promise<Client> {
  const target = new URL(withDatabase(postgresServerUrl(), new URL(url).pathname.slice(1)));
  target.username = role;
  target.password = '';
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  return client;
}

/**
 * What a database superuser who knows the algorithm does: passes every entry of `chain` from `position` on through
 * `edit` (which changes what it wants: a payload, a document checksum) and recomputes their hashes, so that every link
 * holds again. Returns the statements (run them with {@link asSuperuser}, with others: deleting checkpoints, say).
 */
export async function consistentRewrite(
  ds: DataSource,
  chain: string,
  position: number,
  edit: (row: EntryRow) => EntryRow,
): Promise<Array<[string, unknown[]]>> {
  const p = ds.options.type === 'postgres' ? '$1' : '?';
  const rows = (await ds.query(`SELECT * FROM audit_entries WHERE chain = ${p} ORDER BY position`, [chain])) as EntryRow[];
  const statements: Array<[string, unknown[]]> = [];
  let prev = position === 1 ? GENESIS_HASH : rows[position - 2]!.hash;
  for (const row of rows.slice(position - 1)) {
    const changed = edit(row);
    const hash = entryHash(prev, entryBody(fieldsOf(changed)));
    statements.push(['UPDATE audit_entries SET payload = $1, document_checksum = $2, prev_hash = $3, hash = $4 WHERE id = $5', [changed.payload, changed.document_checksum, prev, hash, row.id]]);
    prev = hash;
  }
  return statements;
}
