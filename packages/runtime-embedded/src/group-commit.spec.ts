import type { EntityManager } from 'typeorm';
import { GroupCommit } from './group-commit';

/** A transaction log: which writes each transaction carried, and whether it committed. */
class FakeDatabase {
  readonly transactions: Array<{ writes: string[]; committed: boolean }> = [];
  private gate?: Promise<void>;
  private open?: () => void;

  /** Holds every transaction open until `release()` (to let writes pile up behind it). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const tx = { writes: [] as string[], committed: false };
    this.transactions.push(tx);
    const result = await work({ tx } as unknown as EntityManager);
    await this.gate;
    tx.committed = true;
    return result;
  }
}

function group(db: FakeDatabase, options: { maxBatch?: number; maxInFlight?: number; finish?: (names: string[]) => void } = {}) {
  return new GroupCommit<string[]>({
    transaction: (work) => db.transaction(work),
    scope: () => [],
    finish: async (_m, names) => options.finish?.(names),
    maxBatch: options.maxBatch ?? 32,
    maxInFlight: options.maxInFlight ?? 1,
  });
}

/** A write that records its name in its transaction (and in the scope that `finish` sees). */
const named = (name: string, fail = false) => async (m: EntityManager, scope: string[]) => {
  (m as unknown as { tx: { writes: string[] } }).tx.writes.push(name);
  if (fail) throw new Error(`${name} failed`);
  scope.push(name);
  return name.toUpperCase();
};

describe('GroupCommit', () => {
  it('should start a write at once when nothing is in flight, and carry the writes that arrive meanwhile in one transaction', async () => {
    const db = new FakeDatabase();
    const commits = group(db);
    db.hold();
    const first = commits.write(named('a'));
    const rest = ['b', 'c', 'd'].map((n) => commits.write(named(n)));
    await new Promise((r) => setImmediate(r));
    db.release();
    expect(await Promise.all([first, ...rest])).toEqual(['A', 'B', 'C', 'D']);
    expect(db.transactions.map((t) => t.writes)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(db.transactions.every((t) => t.committed)).toBe(true);
  });

  it('should give finish every write of its transaction, after their work', async () => {
    const db = new FakeDatabase();
    const finished: string[][] = [];
    const commits = group(db, { finish: (names) => finished.push([...names]) });
    db.hold();
    const all = ['a', 'b', 'c'].map((n) => commits.write(named(n)));
    await new Promise((r) => setImmediate(r));
    db.release();
    await Promise.all(all);
    expect(finished).toEqual([['a'], ['b', 'c']]);
  });

  it('should not put more than maxBatch writes in one transaction', async () => {
    const db = new FakeDatabase();
    const commits = group(db, { maxBatch: 2 });
    db.hold();
    const all = ['a', 'b', 'c', 'd', 'e'].map((n) => commits.write(named(n)));
    await new Promise((r) => setImmediate(r));
    db.release();
    await Promise.all(all);
    expect(db.transactions.map((t) => t.writes)).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('should run the writes of one transaction side by side, so that what they ask for at the same moment can go together', async () => {
    const db = new FakeDatabase();
    const commits = group(db);
    db.hold();
    const first = commits.write(named('a'));
    // b waits for something c provides: run one after the other, b would never finish.
    let provide!: () => void;
    const provided = new Promise<void>((resolve) => (provide = resolve));
    const b = commits.write(async (m, scope) => {
      await provided;
      return named('b')(m, scope);
    });
    const c = commits.write(async (m, scope) => {
      provide();
      return named('c')(m, scope);
    });
    await new Promise((r) => setImmediate(r));
    db.release();
    expect(await Promise.all([first, b, c])).toEqual(['A', 'B', 'C']);
    expect(db.transactions.map((t) => t.writes)).toEqual([['a'], ['c', 'b']]);
  });

  it('should fail only the write that failed: the shared transaction is dropped and the others commit alone', async () => {
    const db = new FakeDatabase();
    const commits = group(db);
    db.hold();
    const first = commits.write(named('a'));
    const results = ['b', 'c', 'd'].map((n) => commits.write(named(n, n === 'c')).then(
      (value) => ({ ok: value }),
      (error: Error) => ({ error: error.message }),
    ));
    await new Promise((r) => setImmediate(r));
    db.release();
    await first;
    expect(await Promise.all(results)).toEqual([{ ok: 'B' }, { error: 'c failed' }, { ok: 'D' }]);
    // The shared one (whose writes all ran, side by side) never committed; b and d committed alone; c's own
    // transaction failed too.
    expect(db.transactions.map((t) => [t.writes.join(''), t.committed])).toEqual([
      ['a', true],
      ['bcd', false],
      ['b', true],
      ['c', false],
      ['d', true],
    ]);
  });

  it('should fail only the write whose part of the shared end fails (a lost race), and commit the others alone', async () => {
    const db = new FakeDatabase();
    const commits = group(db, {
      finish: (names) => {
        if (names.includes('x')) throw new Error('lost race on x');
      },
    });
    db.hold();
    const first = commits.write(named('a'));
    const results = ['x', 'y'].map((n) => commits.write(named(n)).then(
      (value) => ({ ok: value }),
      (error: Error) => ({ error: error.message }),
    ));
    await new Promise((r) => setImmediate(r));
    db.release();
    await first;
    expect(await Promise.all(results)).toEqual([{ error: 'lost race on x' }, { ok: 'Y' }]);
  });

  it('should keep at most maxInFlight transactions open', async () => {
    const db = new FakeDatabase();
    const commits = group(db, { maxInFlight: 2 });
    db.hold();
    const all = ['a', 'b', 'c', 'd'].map((n) => commits.write(named(n)));
    await new Promise((r) => setImmediate(r));
    expect(db.transactions.map((t) => t.writes)).toEqual([['a'], ['b']]);
    db.release();
    await Promise.all(all);
    expect(db.transactions.map((t) => t.writes)).toEqual([['a'], ['b'], ['c', 'd']]);
  });
});
