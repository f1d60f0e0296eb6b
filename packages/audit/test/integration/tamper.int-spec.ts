import { AuditEntry } from '@chibo/db';
import { databaseKinds, freshDatabase, onServer, postgresServerUrl } from '@chibo/testing';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { entryBody, entryHash, recordAdminAction, signCheckpoint, verifyDatabase } from '../../src';
import { fieldsOf, type EntryRow } from '../../src/verify/verify-database';
import { appendSample, asSuperuser, chainRows, codesOf, connectAs, signer, verifyChains } from './tamper-support';

describe.each(databaseKinds())('tampering with the audit log directly in %s', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ds = db.dataSource;
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('should verify an untouched log as intact', async () => {
    await appendSample(ds, 'CB-INTACT', 12);
    await ds.transaction((m) =>
      recordAdminAction(m, { type: 'role-granted', org: 'CB-INTACT', actorUserId: 'admin', at: '2022-03-20T01:00:00.000Z', subject: { user: 'u1', role: 'secretary' }, before: [], after: ['secretary@CB-INTACT'] }),
    );

    const report = await verifyChains(ds, ['CB-INTACT']);

    expect(report).toMatchObject({ ok: true, entries: 13, chains: 1, problems: [] });
  });

  it('should refuse UPDATE and DELETE of audit rows sent as plain SQL', async () => {
    await appendSample(ds, 'CB-LOCKED', 3);

    await expect(ds.query("UPDATE audit_entries SET type = 'x' WHERE chain = 'CB-LOCKED'")).rejects.toThrow(/append-only/);
    await expect(ds.query("DELETE FROM audit_entries WHERE chain = 'CB-LOCKED'")).rejects.toThrow(/append-only/);
    expect(await ds.getRepository(AuditEntry).countBy({ chain: 'CB-LOCKED' })).toBe(3);
  });

  it('should name the modified entry when a row was changed in place', async () => {
    await appendSample(ds, 'CB-MODIFIED', 12);
    const [target] = (await chainRows(ds, 'CB-MODIFIED')).filter((r) => r.position === 7);
    await asSuperuser(ds, kind, [["UPDATE audit_entries SET payload = replace(payload, '\"minutes\":96', '\"minutes\":120') WHERE id = $1", [target!.id]]]);

    const report = await verifyChains(ds, ['CB-MODIFIED']);

    expect(report.ok).toBe(false);
    expect(codesOf(report.problems)).toEqual([{ code: 'modified', chain: 'CB-MODIFIED', position: 7, entryId: target!.id }]);
    expect(report.problems[0]!.message).toContain(`Chuỗi CB-MODIFIED, mục #7 (số ${target!.id}): đã bị sửa`);
  });

  it('should name the deleted position when a row was deleted', async () => {
    await appendSample(ds, 'CB-DELETED', 12);
    const [target] = (await chainRows(ds, 'CB-DELETED')).filter((r) => r.position === 5);
    await asSuperuser(ds, kind, [['DELETE FROM audit_entries WHERE id = $1', [target!.id]]]);

    const report = await verifyChains(ds, ['CB-DELETED']);

    expect(codesOf(report.problems)).toEqual([{ code: 'deleted', chain: 'CB-DELETED', position: 5, entryId: null }]);
    expect(report.problems[0]!.message).toContain('mục #5 đã bị xóa');
  });

  it('should name the reordered entry when two rows swapped places', async () => {
    await appendSample(ds, 'CB-REORDERED', 12);
    const rows = await chainRows(ds, 'CB-REORDERED');
    const [eighth, ninth] = [rows[7]!, rows[8]!];
    await asSuperuser(ds, kind, [
      ['UPDATE audit_entries SET position = -1 WHERE id = $1', [eighth.id]],
      ['UPDATE audit_entries SET position = 8 WHERE id = $1', [ninth.id]],
      ['UPDATE audit_entries SET position = 9 WHERE id = $1', [eighth.id]],
    ]);

    const report = await verifyChains(ds, ['CB-REORDERED']);

    expect(codesOf(report.problems)).toEqual([{ code: 'reordered', chain: 'CB-REORDERED', position: 8, entryId: ninth.id }]);
    expect(report.problems[0]!.message).toContain('phải đứng sau mục #9');
  });

  it('should name the inserted entry when a forged row with a correct hash was slid in', async () => {
    await appendSample(ds, 'CB-INSERTED', 12);
    const rows = await chainRows(ds, 'CB-INSERTED');
    const before = rows[3]!;
    // The forger knows the algorithm: the forged row links to entry #4 and hashes correctly.
    const forged: EntryRow = {
      id: 0,
      chain: 'CB-INSERTED',
      position: 5,
      prev_hash: before.hash,
      hash: '',
      at: '2022-03-16T06:30:00.000Z',
      recorded_at: '2022-03-16T06:30:00.000Z',
      source: 'event',
      type: 'task-submitted',
      actor_user_id: 'user-0',
      member_id: null,
      guidance_id: null,
      instance_id: 'cell:CB-INSERTED:27-HD/ĐU:2022-03-16',
      seq: 5,
      finding_code: null,
      document_id: null,
      document_checksum: null,
      payload: '{"input":{"decision":"approve"},"taskId":"review","type":"task-submitted"}',
    };
    forged.hash = entryHash(forged.prev_hash, entryBody(fieldsOf(forged)));
    await asSuperuser(ds, kind, [
      // Make room at position 5 (two steps: the unique index is checked row by row).
      ["UPDATE audit_entries SET position = -position - 1 WHERE chain = 'CB-INSERTED' AND position >= 5"],
      ["UPDATE audit_entries SET position = -position WHERE chain = 'CB-INSERTED' AND position < 0"],
      [
        `INSERT INTO audit_entries (chain, position, prev_hash, hash, at, recorded_at, source, type, actor_user_id, member_id, guidance_id, instance_id, seq, finding_code, document_id, document_checksum, payload)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [forged.chain, 5, forged.prev_hash, forged.hash, forged.at, forged.recorded_at, forged.source, forged.type, forged.actor_user_id, null, null, forged.instance_id, 5, null, null, null, forged.payload],
      ],
    ]);
    const inserted = (await chainRows(ds, 'CB-INSERTED')).find((r) => r.position === 5)!;

    const report = await verifyChains(ds, ['CB-INSERTED']);

    expect(codesOf(report.problems)).toEqual([{ code: 'inserted', chain: 'CB-INSERTED', position: 5, entryId: inserted.id }]);
    expect(report.problems[0]!.message).toContain('bị chèn thêm');
  });

  it('should detect a consistent rewrite of a chain through a checkpoint signed before it', async () => {
    await appendSample(ds, 'CB-REWRITTEN', 12);
    const rows = await chainRows(ds, 'CB-REWRITTEN');
    const head = rows[rows.length - 1]!;
    const checkpoint = signCheckpoint(signer, { chain: 'CB-REWRITTEN', position: head.position, hash: head.hash, issuedAt: '2022-03-17T00:00:00.000Z' });
    // The superuser changes entry #3 and recomputes every hash after it: the links all hold again.
    const all = (await ds.query(`SELECT * FROM audit_entries WHERE chain = 'CB-REWRITTEN' ORDER BY position`)) as EntryRow[];
    const statements: Array<[string, unknown[]]> = [];
    let prev = all[1]!.hash;
    for (const row of all.slice(2)) {
      const payload = Number(row.position) === 3 ? row.payload.replace('"minutes":92', '"minutes":150') : row.payload;
      const hash = entryHash(prev, entryBody(fieldsOf({ ...row, payload })));
      statements.push(['UPDATE audit_entries SET payload = $1, prev_hash = $2, hash = $3 WHERE id = $4', [payload, prev, hash, row.id]]);
      prev = hash;
    }
    await asSuperuser(ds, kind, statements);
    expect((await verifyChains(ds, ['CB-REWRITTEN'])).ok).toBe(true);

    const report = await verifyDatabase(ds, { keys: [signer.publicOnly()], chains: ['CB-REWRITTEN'], anchors: [{ checkpoint, origin: { kind: 'anchor', file: 'moc.json' } }] });

    expect(codesOf(report.problems)).toEqual([{ code: 'rewritten', chain: 'CB-REWRITTEN', position: 1, entryId: null }]);
    expect(report.problems[0]!.message).toContain('mốc kiểm chứng bạn cung cấp (moc.json)');
  });

  it('should report every tampered chain, each with its first bad entry, when the whole database is verified', async () => {
    if (kind === 'postgres') await ds.query('ANALYZE audit_entries');
    const expected = [
      ['CB-DELETED', 'deleted'],
      ['CB-INSERTED', 'inserted'],
      ['CB-MODIFIED', 'modified'],
      ['CB-REORDERED', 'reordered'],
    ].sort();

    const report = await verifyChains(ds);
    // Postgres reads a large log in two parallel streams: the same answer either way.
    const split = await verifyDatabase(ds, { keys: [signer.publicOnly()], splitAbove: 10 });

    expect(report.problems.map((p) => [p.chain, p.code]).sort()).toEqual(expected);
    expect(split.problems.map((p) => [p.chain, p.code]).sort()).toEqual(expected);
    expect(split.entries).toBe(report.entries);
  });

  if (kind === 'postgres') {
    describe('the application role', () => {
      const role = `chibo_app_${randomBytes(4).toString('hex')}`;
      beforeAll(async () => {
        await onServer(postgresServerUrl(), [`CREATE ROLE ${role} LOGIN`]);
        // Every privilege on the audit tables except ownership: only the trigger stands in the way.
        await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON audit_entries, audit_checkpoints TO ${role}`);
        await ds.query(`GRANT USAGE ON SEQUENCE audit_entries_id_seq TO ${role}`);
      });
      afterAll(async () => {
        await ds.query(`DROP OWNED BY ${role}`);
        await onServer(postgresServerUrl(), [`DROP ROLE IF EXISTS ${role}`]);
      });

      it('should be refused UPDATE, DELETE and TRUNCATE by the trigger, and refused disabling it', async () => {
        await appendSample(ds, 'CB-APP-ROLE', 2);
        const client = await connectAs(db.url, role);
        try {
          await expect(client.query("UPDATE audit_entries SET type = 'x' WHERE chain = 'CB-APP-ROLE'")).rejects.toThrow('audit_entries is append-only: UPDATE refused');
          await expect(client.query("DELETE FROM audit_entries WHERE chain = 'CB-APP-ROLE'")).rejects.toThrow('audit_entries is append-only: DELETE refused');
          await expect(client.query('TRUNCATE audit_entries')).rejects.toThrow('audit_entries is append-only: TRUNCATE refused');
          await expect(client.query('ALTER TABLE audit_entries DISABLE TRIGGER trg_audit_entries_append_only')).rejects.toThrow(/must be owner/);
          await expect(client.query("SELECT count(*)::int AS n FROM audit_entries WHERE chain = 'CB-APP-ROLE'")).resolves.toMatchObject({ rows: [{ n: 2 }] });
        } finally {
          await client.end();
        }
      });
    });
  }
});
