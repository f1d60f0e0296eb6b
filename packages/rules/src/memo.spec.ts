import { memo } from './memo';
import { addDays, endOfDeadline } from './time';

describe('memo', () => {
  it('computes once per distinct arguments and returns the same answer after', () => {
    let calls = 0;
    const twice = memo((a: string, n: number) => {
      calls++;
      return `${a}×${n * 2}`;
    });
    expect([twice('x', 1), twice('x', 1), twice('x', 2), twice('x', 1)]).toEqual(['x×2', 'x×2', 'x×4', 'x×2']);
    expect(calls).toBe(2);
  });

  it('keeps answering correctly past its size limit', () => {
    const square = memo((n: number) => n * n);
    for (let i = 0; i < 10_000; i++) expect(square(i)).toBe(i * i);
    expect(square(3)).toBe(9);
  });

  it('does not remember failures: a bad input throws on every call', () => {
    expect(() => endOfDeadline('2026-02-30')).toThrow(/deadline date "2026-02-30"/);
    expect(() => endOfDeadline('2026-02-30')).toThrow(/deadline date "2026-02-30"/);
    expect(() => addDays(42 as unknown as string, 1)).toThrow('Invalid instant: expected a string, got number');
  });

  it('does not confuse arguments that join alike', () => {
    expect(addDays('2026-01-05T01:00:00.000Z', 1)).toBe('2026-01-06T01:00:00.000Z');
    expect(addDays('2026-01-05T01:00:00.000Z', 1, 'UTC')).toBe('2026-01-06T01:00:00.000Z');
    expect(endOfDeadline('2026-01-05', 'UTC')).toBe('2026-01-06T00:00:00.000Z');
    expect(endOfDeadline('2026-01-05')).toBe('2026-01-05T17:00:00.000Z');
  });
});
