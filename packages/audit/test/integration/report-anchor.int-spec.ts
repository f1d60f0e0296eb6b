import { DocumentEntity } from '@chibo/db';
import { driveScenario, loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuditSigner,
  BUNDLE_FILES,
  documentChecksum,
  embeddedCheckpoint,
  entryBody,
  entryHash,
  exportBundle,
  isSignedCheckpoint,
  readCheckpointsFile,
  verifyBundle,
  verifyDatabase,
} from '../../src';
import { fieldsOf, type EntryRow } from '../../src/verify/verify-database';
import { bootAuditedRuntime } from './runtime-support';
import { asSuperuser, codesOf, signer, verifyChains } from './tamper-support';

const fixture = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!;
const CELL = 'CB-THCS-AI-MO';
const COMMITTEE = 'DU-NGOC-LAM';

describe.each(databaseKinds())('a cell whose report reached its superior (%s)', (kind) => {
  describeWith(['redis'], `the Ái Mộ scenario with the audit log (${kind})`, () => {
    let boot: Awaited<ReturnType<typeof bootAuditedRuntime>>;
    let out: string;

    beforeAll(async () => {
      out = mkdtempSync(join(tmpdir(), 'chibo-audit-bundle-'));
      boot = await bootAuditedRuntime(kind, fixture.scenario);
      const driven = await driveScenario(fixture.scenario, boot.port);
      expect(driven.errors).toEqual([]);
      expect(driven.mismatches).toEqual([]);
    });
    afterAll(async () => {
      await boot?.close();
      rmSync(out, { recursive: true, force: true });
    });

    it('should chain every event of the cell and of the committee, and verify them as intact', async () => {
      const report = await verifyChains(boot.ds);

      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.chains).toBe(2);
      expect(report.entries).toBeGreaterThan(60);
      expect(report.documents).toBeGreaterThanOrEqual(6);
      expect(report.checkpoints.fromReports).toBe(1);
      expect(report.checkpoints.fromDocuments).toBe(2);
    });

    it('should embed a signed checkpoint of the cell chain in the report the committee received and in the BC documents', async () => {
      const [received] = (await boot.ds.query("SELECT chain, payload FROM audit_entries WHERE type = 'child-reported'")) as Array<{ chain: string; payload: string }>;
      const fromReport = embeddedCheckpoint(received!.payload);
      const bc = await boot.ds.getRepository(DocumentEntity).find({ where: { type: 'BC' }, order: { issuedAt: 'ASC' } });

      expect(received!.chain).toBe(COMMITTEE);
      expect(fromReport).toMatchObject({ chain: CELL, keyId: signer.keyId });
      expect(bc.map((d) => (d.data as { auditCheckpoint?: { chain: string } }).auditCheckpoint?.chain)).toEqual([CELL, COMMITTEE]);
      expect(bc.every((d) => d.checksum === documentChecksum(d.data))).toBe(true);
    });

    it('should export a bundle that the standalone verifier finds intact with the key the auditor holds', async () => {
      const manifest = await exportBundle(boot.ds, out, { publicKey: signer.publicOnly() });

      const result = await verifyBundle(out, { keys: [signer.publicOnly()] });

      expect(manifest.heads[CELL]!.position).toBeGreaterThan(30);
      expect(result).toMatchObject({ ok: true, problems: [], keySource: 'given', entries: manifest.entries, chains: 2 });
      expect(result.checkpoints).toMatchObject({ fromReports: 1, fromDocuments: 2 });
      // Members' names and documents: nobody but the exporting account may read them (issue 18: they were 0644).
      for (const file of readdirSync(out)) expect({ file, mode: (statSync(join(out, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    });

    it('should refuse every signature of the bundle when the auditor holds another key', async () => {
      const result = await verifyBundle(out, { keys: [AuditSigner.generate().publicOnly()] });

      expect(result.ok).toBe(false);
      expect(new Set(result.problems.map((p) => p.code))).toEqual(new Set(['unknown-key']));
    });

    it('should name the entry when one line of the bundle was edited', async () => {
      const copy = mkdtempSync(join(tmpdir(), 'chibo-audit-bundle-edited-'));
      try {
        for (const file of Object.values(BUNDLE_FILES)) writeFileSync(join(copy, file), readFileSync(join(out, file)));
        const lines = readFileSync(join(copy, BUNDLE_FILES.entries), 'utf8').split('\n');
        const index = lines.findIndex((l) => l.includes(`"chain":"${CELL}","position":20,`));
        lines[index] = lines[index]!.replace('"at":"2022-', '"at":"2021-');
        writeFileSync(join(copy, BUNDLE_FILES.entries), lines.join('\n'));

        const result = await verifyBundle(copy, { keys: [signer.publicOnly()] });

        expect(codesOf(result.problems)).toEqual([{ code: 'modified', chain: CELL, position: 20, entryId: expect.any(Number) }]);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });

    it('should detect a consistent rewrite of the cell chain through the checkpoint in the report the committee received', async () => {
      // What a database superuser could do: change the cell's record of its session, recompute every hash after it,
      // remove the stored checkpoints, and strip the checkpoint from the cell's BC (fixing its checksum too).
      const rows = (await boot.ds.query(`SELECT * FROM audit_entries WHERE chain = '${CELL}' ORDER BY position`)) as EntryRow[];
      const held = rows.find((r) => r.type === 'task-submitted' && r.payload.includes('"minutes":120'))!;
      const bc = await boot.ds.getRepository(DocumentEntity).findOneByOrFail({ type: 'BC', instanceId: held.instance_id! });
      const { auditCheckpoint: _removed, ...stripped } = bc.data as Record<string, unknown>;
      const strippedChecksum = documentChecksum(stripped);
      const statements: Array<[string, unknown[]?]> = [['DELETE FROM audit_checkpoints']];
      let prev = rows[Number(held.position) - 2]!.hash;
      for (const row of rows.slice(Number(held.position) - 1)) {
        const changed: EntryRow = {
          ...row,
          payload: row.id === held.id ? row.payload.replace('"minutes":120', '"minutes":150') : row.payload,
          document_checksum: row.document_id === bc.id ? strippedChecksum : row.document_checksum,
        };
        const hash = entryHash(prev, entryBody(fieldsOf(changed)));
        statements.push(['UPDATE audit_entries SET payload = $1, document_checksum = $2, prev_hash = $3, hash = $4 WHERE id = $5', [changed.payload, changed.document_checksum, prev, hash, row.id]]);
        prev = hash;
      }
      statements.push(['UPDATE documents SET data = $1, checksum = $2 WHERE id = $3', [JSON.stringify(stripped), strippedChecksum, bc.id]]);
      await asSuperuser(boot.ds, kind, statements);

      const report = await verifyChains(boot.ds);

      expect(codesOf(report.problems)).toEqual([{ code: 'rewritten', chain: CELL, position: 1, entryId: null }]);
      expect(report.problems[0]!.message).toContain(`Chuỗi ${CELL} đã bị viết lại`);
      expect(report.problems[0]!.message).toContain(`báo cáo mà ${COMMITTEE} đã nhận`);
      expect(report.checkpoints.stored).toBe(0);
    });

    it('should also detect the rewrite from a checkpoint file kept outside the database (--from)', async () => {
      const anchors = readCheckpointsFile(out);

      const report = await verifyDatabase(boot.ds, { keys: [signer.publicOnly()], anchors });

      expect(anchors.every((a) => isSignedCheckpoint(a.checkpoint))).toBe(true);
      expect(report.problems.filter((p) => p.code === 'rewritten').map((p) => p.chain)).toEqual([CELL]);
    });
  });
});
