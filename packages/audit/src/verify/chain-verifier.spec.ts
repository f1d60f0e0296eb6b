import { AuditSigner } from '../audit-key';
import { signCheckpoint } from '../checkpoint';
import { bodyPrefix, entryHash } from '../entry-body';
import { buildChain, rehash } from '../test-chains';
import { ChainVerifier } from './chain-verifier';
import type { TestRow as VerifyRow } from '../test-chains';
import type { LocatedCheckpoint } from './problems';

const signer = AuditSigner.generate();

async function verify(rows: VerifyRow[], checkpoints: LocatedCheckpoint[] = []) {
  const sorted = [...rows].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : a.position - b.position));
  const verifier = new ChainVerifier(
    async (chain) => sorted.filter((r) => r.chain === chain).map(({ id, position, prevHash, hash }) => ({ id, position, prevHash, hash })),
    checkpoints,
    [signer.publicOnly()],
  );
  for (const row of sorted) verifier.push({ ...row, computed: row.body.startsWith(bodyPrefix(row.chain)) ? entryHash(row.prevHash, row.body) : '' });
  const problems = await verifier.finish();
  return { problems, verifier };
}

function checkpointOf(rows: VerifyRow[], position: number): LocatedCheckpoint {
  const row = rows.find((r) => r.position === position)!;
  return {
    checkpoint: signCheckpoint(signer, { chain: row.chain, position, hash: row.hash, issuedAt: '2022-04-05T03:00:00.000Z' }),
    origin: { kind: 'report', chain: 'DU-NGOC-LAM', position: 9, entryId: 999 },
  };
}

/** Positions renumbered 1..n in array order (what a tamperer who wants no gap does). */
function renumber(rows: VerifyRow[]): VerifyRow[] {
  return rows.map((row, i) => ({ ...row, position: i + 1 }));
}

describe('ChainVerifier', () => {
  it('should find nothing wrong when every chain is intact and every checkpoint matches', async () => {
    const a = buildChain('CB-A', 20);
    const b = buildChain('CB-B', 5);

    const { problems, verifier } = await verify([...a, ...b], [checkpointOf(a, 10), checkpointOf(a, 20), checkpointOf(b, 5)]);

    expect(problems).toEqual([]);
    expect(verifier.entries).toBe(25);
    expect(verifier.chains).toBe(2);
    expect(verifier.checkpointsCompared).toBe(3);
  });

  it('should name the entry as modified when its content changed and its stored hash did not', async () => {
    const rows = buildChain('CB-A', 10);
    rows[4] = { ...rows[4]!, body: rows[4]!.body.replace('{"i":5}', '{"i":500}') };

    const { problems } = await verify(rows);

    expect(problems).toEqual([expect.objectContaining({ code: 'modified', chain: 'CB-A', position: 5, entryId: rows[4]!.id })]);
    expect(problems[0]!.message).toMatch(/^Chuỗi CB-A, mục #5 \(số \d+\): đã bị sửa/);
  });

  it('should name the entry as modified when its last entry changed', async () => {
    const rows = buildChain('CB-A', 3);
    rows[2] = { ...rows[2]!, body: rows[2]!.body.replace('{"i":3}', '{"i":4}') };

    expect((await verify(rows)).problems).toEqual([expect.objectContaining({ code: 'modified', position: 3 })]);
  });

  it('should name the entry modified and re-hashed when the next entry still points at its old hash', async () => {
    const rows = buildChain('CB-A', 10);
    const changed = { ...rows[4]!, body: rows[4]!.body.replace('{"i":5}', '{"i":500}') };
    rows[4] = rehash([...rows.slice(0, 4), changed])[4]!;

    expect((await verify(rows)).problems).toEqual([expect.objectContaining({ code: 'modified', position: 5, entryId: rows[4]!.id })]);
  });

  it('should say which positions were deleted when entries are missing from the middle', async () => {
    const rows = buildChain('CB-A', 10);
    const kept = rows.filter((r) => r.position !== 4 && r.position !== 5);

    const { problems } = await verify(kept);

    expect(problems).toEqual([expect.objectContaining({ code: 'deleted', chain: 'CB-A', position: 4, entryId: null })]);
    expect(problems[0]!.message).toContain('các mục #4–#5 đã bị xóa');
  });

  it('should say the start was deleted when the first entries are gone', async () => {
    const rows = buildChain('CB-A', 6).slice(2);

    expect((await verify(rows)).problems).toEqual([expect.objectContaining({ code: 'deleted', position: 1 })]);
    expect((await verify(renumber(rows))).problems).toEqual([expect.objectContaining({ code: 'deleted', position: 1 })]);
  });

  it('should name the entry as reordered when two entries swapped positions', async () => {
    const rows = buildChain('CB-A', 10);
    const swapped = rows.map((r) => (r.position === 6 ? { ...r, position: 7 } : r.position === 7 ? { ...r, position: 6 } : r));

    const { problems } = await verify(swapped);

    expect(problems).toEqual([expect.objectContaining({ code: 'reordered', position: 6, entryId: rows[6]!.id })]);
    expect(problems[0]!.message).toContain('phải đứng sau mục #7');
  });

  it('should name the entry as reordered when the global sequence was shuffled within a chain', async () => {
    const rows = buildChain('CB-A', 5);
    const [third, fourth] = [rows[2]!, rows[3]!];
    rows[2] = { ...third, id: fourth.id };
    rows[3] = { ...fourth, id: third.id };

    expect((await verify(rows)).problems).toEqual([expect.objectContaining({ code: 'reordered', position: 4 })]);
  });

  it('should name the inserted entry when a well-hashed entry was slid in and the rest renumbered', async () => {
    const rows = buildChain('CB-A', 10);
    const forged = rehash([...rows.slice(0, 3), { ...rows[3]!, id: 9_999, body: rows[3]!.body.replace('{"i":4}', '{"forged":true}') }])[3]!;
    const tampered = renumber([...rows.slice(0, 3), forged, ...rows.slice(3)]);

    const { problems } = await verify(tampered);

    expect(problems).toEqual([expect.objectContaining({ code: 'inserted', position: 4, entryId: 9_999 })]);
  });

  it('should name the inserted entry when its hash is bogus', async () => {
    const rows = buildChain('CB-A', 10);
    const forged = { ...rows[3]!, id: 9_998, prevHash: rows[2]!.hash, hash: 'f'.repeat(64), body: rows[3]!.body.replace('{"i":4}', '{"forged":1}') };
    const tampered = renumber([...rows.slice(0, 3), forged, ...rows.slice(3)]);

    expect((await verify(tampered)).problems).toEqual([expect.objectContaining({ code: 'inserted', position: 4, entryId: 9_998 })]);
  });

  it('should report a consistent rewrite through a checkpoint, with the range of entries changed', async () => {
    const original = buildChain('CB-A', 30);
    const anchors = [checkpointOf(original, 10), checkpointOf(original, 30)];
    const rewritten = rehash(original.map((r) => (r.position === 17 ? { ...r, body: r.body.replace('{"i":17}', '{"i":"sửa"}') } : r)));

    const { problems } = await verify(rewritten, anchors);

    expect(problems).toEqual([expect.objectContaining({ code: 'rewritten', chain: 'CB-A', position: 11 })]);
    expect(problems[0]!.message).toContain('các mục #11–#30');
    expect(problems[0]!.message).toContain('báo cáo mà DU-NGOC-LAM đã nhận');
  });

  it('should report a chain cut short after a checkpoint', async () => {
    const rows = buildChain('CB-A', 12);

    const { problems } = await verify(rows.slice(0, 8), [checkpointOf(rows, 12)]);

    expect(problems).toEqual([expect.objectContaining({ code: 'truncated', chain: 'CB-A', position: 9 })]);
    expect(problems[0]!.message).toContain('ghi nhận 12 mục, nay chỉ còn 8');
  });

  it('should report a chain deleted entirely when a checkpoint names it', async () => {
    const rows = buildChain('CB-GONE', 3);

    expect((await verify(buildChain('CB-A', 2), [checkpointOf(rows, 3)])).problems).toEqual([expect.objectContaining({ code: 'truncated', chain: 'CB-GONE' })]);
  });

  it('should refuse a forged checkpoint and one signed by an unknown key', async () => {
    const rows = buildChain('CB-A', 5);
    const good = checkpointOf(rows, 5);
    const forged = { ...good, checkpoint: { ...good.checkpoint, position: 4, hash: rows[3]!.hash } };
    const foreign = { ...good, checkpoint: signCheckpoint(AuditSigner.generate(), { chain: 'CB-A', position: 5, hash: rows[4]!.hash, issuedAt: 'x' }) };

    const { problems, verifier } = await verify(rows, [good, forged, foreign]);

    expect(problems.map((p) => p.code).sort()).toEqual(['bad-signature', 'unknown-key']);
    expect(verifier.checkpointsCompared).toBe(1);
  });

  it('should name every bad range of a chain, not only the first, and go on with the other chains', async () => {
    const a = buildChain('CB-A', 10);
    const b = buildChain('CB-B', 10);
    a[2] = { ...a[2]!, body: a[2]!.body.replace('{"i":3}', '{"i":33}') };
    a[7] = { ...a[7]!, body: a[7]!.body.replace('{"i":8}', '{"i":88}') };
    const bKept = b.filter((r) => r.position !== 6);

    const { problems } = await verify([...a, ...bKept], [checkpointOf(a, 10)]);

    expect(problems.map((p) => [p.chain, p.code, p.position])).toEqual([
      ['CB-A', 'modified', 3],
      ['CB-A', 'modified', 8],
      ['CB-B', 'deleted', 6],
    ]);
  });

  it('should name a rewrite signed away in a checkpoint even when an earlier range of the chain is broken too', async () => {
    const rows = buildChain('CB-A', 20);
    const before = [checkpointOf(rows, 5), checkpointOf(rows, 10), checkpointOf(rows, 15)];
    // Entry #3 edited in place (its stored hash kept), then everything from #12 rewritten consistently.
    const edited = rows.map((r) => (r.position === 3 ? { ...r, body: r.body.replace('{"i":3}', '{"i":33}') } : r));
    const forged = edited.slice(0, 11);
    for (const row of edited.slice(11)) {
      const body = row.position === 12 ? row.body.replace('{"i":12}', '{"i":120}') : row.body;
      const prevHash = forged[forged.length - 1]!.hash;
      forged.push({ ...row, body, prevHash, hash: entryHash(prevHash, body) });
    }

    const { problems } = await verify(forged, before);

    expect(problems.map((p) => [p.code, p.position])).toEqual([
      ['modified', 3],
      ['rewritten', 11],
    ]);
    expect(problems[1]!.message).toContain('các mục #11–#15');
  });
});
