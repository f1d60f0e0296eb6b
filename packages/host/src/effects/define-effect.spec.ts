import { z } from 'zod';
import type { EffectContext } from './effect';
import { defineEffect, EffectInputError, isPermanentEffectError } from './define-effect';

const ctx = { manager: {}, at: '2024-01-01T00:00:00.000Z', instanceId: 'i1', idempotencyKey: 'i1/s.1.k' } as unknown as EffectContext;

describe('defineEffect', () => {
  const run = jest.fn(async (_ctx: EffectContext, input: { to: string[]; kind: string }) => ({ kind: input.kind, count: input.to.length }));
  const prepare = jest.fn(async () => 'read');
  const effect = defineEffect({ name: 'notify', description: 'Notifies', input: z.object({ to: z.array(z.string()), kind: z.string().min(1) }), run, prepare });

  beforeEach(() => jest.clearAllMocks());

  it('should hand run and prepare the parsed input (unknown keys stripped)', async () => {
    await expect(effect.run(ctx, { to: ['a', 'b'], kind: 'reminder', extra: 1 })).resolves.toEqual({ kind: 'reminder', count: 2 });
    expect(run).toHaveBeenCalledWith(ctx, { to: ['a', 'b'], kind: 'reminder' });
    await effect.prepare!(ctx, { to: [], kind: 'x' });
    expect(prepare).toHaveBeenCalledWith(ctx, { to: [], kind: 'x' });
    expect(effect.name).toBe('notify');
    expect(effect.description).toBe('Notifies');
  });

  it('should refuse an input that does not parse, naming every field and rule, before prepare or run', async () => {
    const failure = effect.run(ctx, { to: ['a', 3], kind: '' });
    await expect(failure).rejects.toThrow(EffectInputError);
    const error = (await failure.catch((e: unknown) => e)) as EffectInputError;
    expect(error.message).toMatch(/^Effect "notify" refused its input: /);
    expect(error.message).toContain('to[1] [invalid_type]');
    expect(error.message).toContain('kind [too_small]');
    expect(error.issues.map((i) => [i.path, i.rule])).toEqual([
      ['to[1]', 'invalid_type'],
      ['kind', 'too_small'],
    ]);
    expect(error.effect).toBe('notify');
    await expect(effect.prepare!(ctx, {})).rejects.toThrow(/to \[invalid_type\].*kind \[invalid_type\]/);
    expect(run).not.toHaveBeenCalled();
    expect(prepare).not.toHaveBeenCalled();
  });

  it('should mark the input error permanent, so runtimes do not retry it', () => {
    const error = new EffectInputError('notify', [{ path: 'to', rule: 'invalid_type', message: 'm' }]);
    expect(error.permanent).toBe(true);
    expect(isPermanentEffectError(error)).toBe(true);
    expect(isPermanentEffectError(new Error('database is locked'))).toBe(false);
  });
});
