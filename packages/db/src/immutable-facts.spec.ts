import type { DataSource, EntityManager } from 'typeorm';
import { ImmutableFacts } from './immutable-facts';

const database = () => ({ connection: {} as DataSource }) as EntityManager;

describe('ImmutableFacts', () => {
  it('should keep each database’s facts apart', () => {
    const facts = new ImmutableFacts<string, string>(10);
    const [a, b] = [database(), database()];
    facts.set(a, 'k', 'from a');
    expect(facts.get(a, 'k')).toBe('from a');
    expect(facts.has(b, 'k')).toBe(false);
  });

  it('should remember a null fact as known', () => {
    const facts = new ImmutableFacts<string, string | null>(10);
    const db = database();
    facts.set(db, 'k', null);
    expect([facts.has(db, 'k'), facts.get(db, 'k')]).toEqual([true, null]);
  });

  it('should forget the oldest facts past its limit, and only those', () => {
    const facts = new ImmutableFacts<number, number>(3);
    const db = database();
    for (let i = 1; i <= 4; i++) facts.set(db, i, i * 10);
    expect([1, 2, 3, 4].map((i) => facts.get(db, i))).toEqual([undefined, 20, 30, 40]);
  });
});
