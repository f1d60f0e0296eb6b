import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditSigner } from './audit-key';
import { BUNDLE_FILES, verifyBundle } from './bundle';
import { signCheckpoint } from './checkpoint';
import { buildChain, type TestRow } from './test-chains';

const signer = AuditSigner.generate();

function line(row: TestRow): string {
  return `{"id":${row.id},"chain":${JSON.stringify(row.chain)},"position":${row.position},"prev":"${row.prevHash}","hash":"${row.hash}","entry":${row.body}}`;
}

describe('verifyBundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chibo-bundle-'));
    writeFileSync(join(dir, BUNDLE_FILES.publicKey), signer.pem);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (lines: string[], checkpoints: object[] = []) => {
    writeFileSync(join(dir, BUNDLE_FILES.entries), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, BUNDLE_FILES.checkpoints), checkpoints.map((c) => `${JSON.stringify(c)}\n`).join(''));
  };

  it('should verify chains whose names and contents need JSON escaping, against a checkpoint', async () => {
    const odd = buildChain('ĐU "Ngọc Lâm"\\1', 30, (i) => `{"text":"Tự soi, tự sửa \\"${i}\\"","emoji":"🚩"}`);
    const plain = buildChain('CB-A', 5);
    write([...odd, ...plain].map(line), [signCheckpoint(signer, { chain: odd[29]!.chain, position: 30, hash: odd[29]!.hash, issuedAt: '2022-05-01T00:00:00.000Z' })]);

    const report = await verifyBundle(dir);

    expect(report).toMatchObject({ ok: true, entries: 35, chains: 2, keySource: 'bundle', checkpoints: { compared: 1 } });
  });

  it('should report a line that is not an entry, with its number, and go on', async () => {
    const rows = buildChain('CB-A', 4);
    write([line(rows[0]!), line(rows[1]!), '{"id":"x"}', line(rows[2]!), line(rows[3]!)]);

    const report = await verifyBundle(dir);

    expect(report.problems.map((p) => p.code)).toEqual(['unreadable']);
    expect(report.problems[0]!.message).toContain('Dòng 3 của entries.jsonl');
    expect(report.entries).toBe(4);
  });

  it('should name the entry whose line claims one chain while its hashed body names another', async () => {
    const rows = buildChain('CB-A', 3);
    write([line(rows[0]!), line({ ...rows[1]!, chain: 'CB-B' }), line(rows[2]!)]);

    const report = await verifyBundle(dir);

    expect(report.problems.map((p) => [p.code, p.chain])).toEqual([
      ['deleted', 'CB-A'],
      ['modified', 'CB-B'],
    ]);
  });
});
