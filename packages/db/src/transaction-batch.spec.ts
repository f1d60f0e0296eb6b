import type { EntityManager } from 'typeorm';
import { batchedInTransaction } from './transaction-batch';

const inTransaction = () => ({ queryRunner: { isTransactionActive: true } }) as unknown as EntityManager;
const outside = { queryRunner: undefined } as unknown as EntityManager;

describe('batchedInTransaction', () => {
  it('should answer the requests one transaction makes at the same moment with one run, in the order asked', async () => {
    const m = inTransaction();
    const run = jest.fn(async (_m: EntityManager, requests: number[]) => requests.map((r) => r * 10));
    const answers = await Promise.all([1, 2, 3].map((r) => batchedInTransaction(m, 'k', r, run)));
    expect(answers).toEqual([10, 20, 30]);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.calls[0]![1]).toEqual([1, 2, 3]);
  });

  it('should keep kinds and transactions apart, and run again for requests made later', async () => {
    const a = inTransaction();
    const b = inTransaction();
    const run = jest.fn(async (_m: EntityManager, requests: string[]) => requests.map((r) => r.toUpperCase()));
    expect(await Promise.all([batchedInTransaction(a, 'x', 'a', run), batchedInTransaction(b, 'x', 'b', run), batchedInTransaction(a, 'y', 'c', run)])).toEqual(['A', 'B', 'C']);
    expect(await batchedInTransaction(a, 'x', 'd', run)).toBe('D');
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('should run a request made outside a transaction alone, at once', async () => {
    const run = jest.fn(async (_m: EntityManager, requests: number[]) => requests.map(() => 'alone'));
    expect(await Promise.all([batchedInTransaction(outside, 'k', 1, run), batchedInTransaction(outside, 'k', 2, run)])).toEqual(['alone', 'alone']);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('should fail every request of a failed run, and a run that answers too few', async () => {
    const m = inTransaction();
    const failing = async () => {
      throw new Error('statement failed');
    };
    const results = await Promise.allSettled([1, 2].map((r) => batchedInTransaction(m, 'f', r, failing)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const short = await Promise.allSettled([1, 2].map((r) => batchedInTransaction(m, 's', r, async () => [1])));
    expect(short.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([expect.stringContaining('1 answers for 2'), expect.stringContaining('1 answers for 2')]);
  });
});
