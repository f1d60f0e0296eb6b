import { DocumentEntity } from '@chibo/db';
import { driveScenario, loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith, freshDatabase } from '@chibo/testing';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditJournal, AuditLog, documentChecksum, journalEvidence, readCheckpointsFile, type RefusedChain, verifyDatabase } from '../../src';
import { bootAuditedRuntime } from './runtime-support';
import { appendSample, asSuperuser, codesOf, consistentRewrite, signer, verifyChains } from './tamper-support';

/** The payload edit every rewrite below makes: the minutes of one meeting. */
const lengthen = (position: number) => <R extends { position: number; payload: string }>(row: R): R =>
  Number(row.position) === position ? { ...row, payload: row.payload.replace(/"minutes":(\d+)/, '"minutes":999') } : row;

describe.each(databaseKinds())('the audit journal outside the database (%s)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;
  let dir: string;
  let journal: AuditJournal;
  let audit: AuditLog;
  const refused: RefusedChain[] = [];

  /** The bounded-time checkpoint (the periodic job), then its journal lines on disk. */
  const periodic = async () => {
    const signed = await ds.transaction((m) => audit.checkpointMoved(m, 'periodic'));
    await journal.flush();
    return signed;
  };
  const withJournal = (chains?: string[]) => verifyDatabase(ds, { keys: [signer.publicOnly()], journal: journalEvidence(journal.path), ...(chains ? { chains } : {}) });

  beforeAll(async () => {
    db = await freshDatabase(kind);
    ds = db.dataSource;
    dir = mkdtempSync(join(tmpdir(), 'chibo-audit-journal-'));
    journal = AuditJournal.open(join(dir, 'so-moc', 'journal.jsonl'), { witnessPath: join(dir, 'cap-tren', 'journal.jsonl') });
    audit = new AuditLog({ signer, journal, onRefused: (chains) => refused.push(...chains) });
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should append a checkpoint to the journal and its witness once its transaction commits, and nothing for one that rolls back', async () => {
    await appendSample(ds, 'CB-J-COMMIT', 3);

    await ds.transaction((m) => audit.checkpoint(m, 'CB-J-COMMIT', 'report'));
    await expect(
      ds.transaction(async (m) => {
        await audit.checkpoint(m, 'CB-J-COMMIT', 'document');
        throw new Error('the report was refused');
      }),
    ).rejects.toThrow('the report was refused');
    await journal.flush();

    const lines = readFileSync(journal.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { reason: string; checkpoint: { chain: string; position: number } });
    expect(lines.map((l) => [l.reason, l.checkpoint.chain, l.checkpoint.position])).toEqual([['report', 'CB-J-COMMIT', 3]]);
    expect(readFileSync(journal.witnessPath!, 'utf8')).toBe(readFileSync(journal.path, 'utf8'));
    expect((statSync(journal.path).mode & 0o777).toString(8)).toBe('600');
  });

  it('should detect a consistent rewrite before the chain’s first checkpoint, with the database’s checkpoints deleted', async () => {
    await appendSample(ds, 'CB-J-FIRST', 12);
    await periodic();
    await appendSample(ds, 'CB-J-FIRST', 6);
    await periodic();
    const statements = await consistentRewrite(ds, 'CB-J-FIRST', 2, lengthen(2));
    await asSuperuser(ds, kind, [...statements, ['DELETE FROM audit_checkpoints WHERE chain = $1', ['CB-J-FIRST']]]);

    const databaseOnly = await verifyChains(ds, ['CB-J-FIRST']);
    const report = await withJournal(['CB-J-FIRST']);

    // What the issue reproduced: the database alone cannot tell.
    expect(databaseOnly).toMatchObject({ ok: true, problems: [] });
    expect(report.ok).toBe(false);
    expect(codesOf(report.problems)).toEqual([{ code: 'rewritten', chain: 'CB-J-FIRST', position: 1, entryId: null }]);
    expect(report.problems[0]!.message).toContain('các mục #1–#12');
    expect(report.problems[0]!.message).toContain('sổ mốc ngoài cơ sở dữ liệu');
    expect(report.checkpoints).toMatchObject({ stored: 0, fromJournal: 2 });
  });

  it('should detect a consistent rewrite after the chain’s last report checkpoint, once the periodic checkpoint covered it', async () => {
    await appendSample(ds, 'CB-J-LAST', 10);
    await ds.transaction((m) => audit.checkpoint(m, 'CB-J-LAST', 'report'));
    await appendSample(ds, 'CB-J-LAST', 5);
    await periodic();
    const statements = await consistentRewrite(ds, 'CB-J-LAST', 13, lengthen(13));
    await asSuperuser(ds, kind, [...statements, ['DELETE FROM audit_checkpoints WHERE chain = $1', ['CB-J-LAST']]]);

    const databaseOnly = await verifyChains(ds, ['CB-J-LAST']);
    const report = await withJournal(['CB-J-LAST']);

    expect(databaseOnly.ok).toBe(true);
    expect(codesOf(report.problems)).toEqual([{ code: 'rewritten', chain: 'CB-J-LAST', position: 11, entryId: null }]);
    expect(report.problems[0]!.message).toContain('các mục #11–#15');
  });

  it('should not sign the new head of a rewritten chain when it moves again', async () => {
    await appendSample(ds, 'CB-J-FIRST', 2);
    await appendSample(ds, 'CB-J-FRESH', 2);
    refused.length = 0;

    const signed = await periodic();

    expect(signed.map((cp) => cp.chain)).toEqual(['CB-J-FRESH']);
    expect(refused).toEqual([{ chain: 'CB-J-FIRST', position: 18, journaled: expect.any(String), found: expect.any(String) }]);
    expect((await journal.lastCheckpoints()).get('CB-J-FIRST')?.position).toBe(18);
  });

  it('should name every bad range of every chain in one run, not only the first of each chain', async () => {
    await appendSample(ds, 'CB-J-MANY', 20);
    await periodic();
    // Two entries edited in place (stored hashes kept): two ranges of one chain.
    await asSuperuser(ds, kind, [
      ["UPDATE audit_entries SET payload = replace(payload, '\"minutes\":93', '\"minutes\":1') WHERE chain = 'CB-J-MANY' AND position = 4"],
      ["UPDATE audit_entries SET payload = replace(payload, '\"minutes\":98', '\"minutes\":1') WHERE chain = 'CB-J-MANY' AND position = 9"],
    ]);

    const report = await withJournal();

    expect(report.problems.map((p) => [p.chain, p.code, p.position]).sort()).toEqual([
      ['CB-J-FIRST', 'rewritten', 1],
      ['CB-J-LAST', 'rewritten', 11],
      ['CB-J-MANY', 'modified', 4],
      ['CB-J-MANY', 'modified', 9],
    ]);
  });

  it('should say the journal is gone when it was deleted, and still detect the rewrites from the witness copy', async () => {
    rmSync(journal.path);

    const report = await withJournal(['CB-J-FIRST']);
    const fromWitness = await verifyDatabase(ds, { keys: [signer.publicOnly()], chains: ['CB-J-FIRST'], anchors: readCheckpointsFile(journal.witnessPath!) });

    expect(report.problems.map((p) => p.code)).toEqual(['journal-missing']);
    expect(codesOf(fromWitness.problems)).toEqual([{ code: 'rewritten', chain: 'CB-J-FIRST', position: 1, entryId: null }]);
  });
});

const fixture = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!;
const CELL = 'CB-THCS-AI-MO';
const COMMITTEE = 'DU-NGOC-LAM';

describe.each(databaseKinds())('a superuser rewriting a cell, its superior and every checkpoint they hold (%s)', (kind) => {
  describeWith(['redis'], `the Ái Mộ scenario with the journal (${kind})`, () => {
    let boot: Awaited<ReturnType<typeof bootAuditedRuntime>>;
    let dir: string;
    let journal: AuditJournal;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'chibo-audit-journal-run-'));
      journal = AuditJournal.open(join(dir, 'journal.jsonl'));
      boot = await bootAuditedRuntime(kind, fixture.scenario, { journal });
      const driven = await driveScenario(fixture.scenario, boot.port);
      expect(driven.errors).toEqual([]);
      await boot.runtime.write((m) => boot.audit.checkpointMoved(m, 'periodic'));
      await journal.flush();
    });
    afterAll(async () => {
      await boot?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('should be detected from the journal although a database-only verify passes', async () => {
      const ds = boot.ds;
      // Strip the signed checkpoints from both BC documents (their checksums fixed), from the report the committee
      // received, and from the checkpoints table; rewrite both chains from the changed entry on.
      const bcs = await ds.getRepository(DocumentEntity).find({ where: { type: 'BC' } });
      const stripped = new Map(
        bcs.map((bc) => {
          const { auditCheckpoint: _removed, ...data } = bc.data as Record<string, unknown>;
          return [bc.id, { data, checksum: documentChecksum(data) }];
        }),
      );
      const fixDocuments = <R extends { document_id: string | null; document_checksum: string | null }>(row: R): R =>
        row.document_id && stripped.has(row.document_id) ? { ...row, document_checksum: stripped.get(row.document_id)!.checksum } : row;
      const [held] = (await ds.query(`SELECT position FROM audit_entries WHERE chain = '${CELL}' AND type = 'task-submitted' AND payload LIKE '%"minutes":120%'`)) as Array<{ position: number }>;
      const [received] = (await ds.query(`SELECT position FROM audit_entries WHERE chain = '${COMMITTEE}' AND type = 'child-reported'`)) as Array<{ position: number }>;
      const cell = await consistentRewrite(ds, CELL, Number(held!.position), (row) =>
        fixDocuments(Number(row.position) === Number(held!.position) ? { ...row, payload: row.payload.replace('"minutes":120', '"minutes":150') } : row),
      );
      const committee = await consistentRewrite(ds, COMMITTEE, Number(received!.position), (row) =>
        fixDocuments(Number(row.position) === Number(received!.position) ? { ...row, payload: JSON.stringify(withoutCheckpoint(JSON.parse(row.payload))) } : row),
      );
      await asSuperuser(ds, kind, [
        ...cell,
        ...committee,
        ['DELETE FROM audit_checkpoints'],
        ...[...stripped].map(([id, s]): [string, unknown[]] => ['UPDATE documents SET data = $1, checksum = $2 WHERE id = $3', [JSON.stringify(s.data), s.checksum, id]]),
      ]);

      const databaseOnly = await verifyChains(ds);
      const report = await verifyDatabase(ds, { keys: [signer.publicOnly()], journal: journalEvidence(journal.path) });

      expect(databaseOnly.problems).toEqual([]);
      expect(databaseOnly.checkpoints).toMatchObject({ stored: 0, fromReports: 0, fromDocuments: 0 });
      expect(report.problems.map((p) => [p.chain, p.code]).sort()).toEqual([
        [CELL, 'rewritten'],
        [COMMITTEE, 'rewritten'],
      ]);
    });
  });
});

/** A `child-reported` event without the checkpoint its report carried (canonical JSON: keys stay sorted). */
function withoutCheckpoint(event: { report: Record<string, unknown> }): unknown {
  const { auditCheckpoint: _removed, ...report } = event.report;
  return { ...event, report };
}
