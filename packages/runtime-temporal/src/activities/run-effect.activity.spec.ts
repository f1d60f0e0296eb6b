import { defineEffect } from '@chibo/host';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { runEffectActivity } from './run-effect.activity';

const manager = { findOne: async () => null, insert: async () => undefined } as unknown as EntityManager;
const dataSource = { options: { type: 'postgres' }, transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager) } as unknown as DataSource;
const notify = defineEffect({ name: 'notify', input: z.object({ kind: z.string().min(1) }), run: async (_ctx, input) => ({ kind: input.kind }) });
const runEffect = runEffectActivity({ dataSource, registry: {} as never, effects: [notify] });
const args = { instanceId: 'i', name: 'notify', idempotencyKey: 'i/s.1.n', at: '2024-01-01T00:00:00.000Z' };

describe('the run-effect activity', () => {
  it('should run a well-formed effect once and return its result', async () => {
    await expect(runEffect({ ...args, input: { kind: 'report-reminder' } })).resolves.toEqual({ kind: 'report-reminder' });
  });

  it('should fail an input the effect refuses without retrying it (non-retryable, with the field issues)', async () => {
    const error = (await runEffect({ ...args, input: { kind: '' } }).catch((e: unknown) => e)) as ApplicationFailure;
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error.nonRetryable).toBe(true);
    expect(error.type).toBe('ChiboEffectInput');
    expect(error.message).toMatch(/^Effect "notify" refused its input: kind \[too_small\]/);
    expect(error.details?.[0]).toEqual([expect.objectContaining({ path: 'kind', rule: 'too_small' })]);
  });
});
