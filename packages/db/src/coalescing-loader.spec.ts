import { CoalescingLoader } from './coalescing-loader';

/** A fake table whose queries the test releases by hand, recording the keys of each. */
function table(rows: Record<string, string>) {
  const queries: string[][] = [];
  const held: Array<() => void> = [];
  const fetch = (keys: string[]) => {
    queries.push([...keys]);
    return new Promise<Map<string, string>>((resolve, reject) => {
      held.push(() => (keys.includes('boom') ? reject(new Error(`cannot read ${keys.join(',')}`)) : resolve(new Map(keys.filter((k) => k in rows).map((k) => [k, rows[k]!])))));
    });
  };
  const releaseAll = async () => {
    while (held.length) {
      held.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { fetch, queries, releaseAll };
}

describe('CoalescingLoader', () => {
  it('should read the first key at once and the keys asked for meanwhile together in the next query', async () => {
    const t = table({ a: 'A', b: 'B', c: 'C' });
    const loader = new CoalescingLoader(t.fetch);
    const results = [loader.load('a'), loader.load('b'), loader.load('c'), loader.load('b')];
    await t.releaseAll();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'B']);
    expect(t.queries).toEqual([['a'], ['b', 'c']]);
  });

  it('should answer undefined for a key without a row', async () => {
    const t = table({ a: 'A' });
    const loader = new CoalescingLoader(t.fetch);
    const results = [loader.load('a'), loader.load('missing')];
    await t.releaseAll();
    expect(await Promise.all(results)).toEqual(['A', undefined]);
  });

  it('should keep nothing: a key asked for again is read again', async () => {
    const t = table({ a: 'A' });
    const loader = new CoalescingLoader(t.fetch);
    const first = loader.load('a');
    await t.releaseAll();
    await first;
    const second = loader.load('a');
    await t.releaseAll();
    expect(await second).toBe('A');
    expect(t.queries).toEqual([['a'], ['a']]);
  });

  it('should fail only the callers of the key that fails, reading the others again alone', async () => {
    const t = table({ a: 'A', b: 'B' });
    const loader = new CoalescingLoader(t.fetch);
    const first = loader.load('a');
    const rest = ['b', 'boom'].map((k) => loader.load(k).then((v) => ({ ok: v }), (e: Error) => ({ error: e.message })));
    await t.releaseAll();
    await first;
    expect(await Promise.all(rest)).toEqual([{ ok: 'B' }, { error: 'cannot read boom' }]);
    expect(t.queries).toEqual([['a'], ['b', 'boom'], ['b'], ['boom']]);
  });

  it('should not put more than maxKeys keys in one query', async () => {
    const t = table({ a: 'A', b: 'B', c: 'C', d: 'D' });
    const loader = new CoalescingLoader(t.fetch, { maxKeys: 2 });
    const results = ['a', 'b', 'c', 'd'].map((k) => loader.load(k));
    await t.releaseAll();
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
    expect(t.queries).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});
