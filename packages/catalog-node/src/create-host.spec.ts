import { EffectInputError, EffectRegistryError, type EffectContext, type HostAudit } from '@chibo/host';
import type { EntityManager } from 'typeorm';
import { createHost } from './create-host';
import { ENABLED_EFFECTS, enabledEffects } from './enabled-effects';

function fakeAudit() {
  return {
    recordEvents: jest.fn(async () => undefined),
    sealReport: jest.fn(async (_m: EntityManager, _s: unknown, report: Record<string, unknown>) => ({ ...report, sealed: true })),
    sealDocumentData: jest.fn(async (_m: EntityManager, _org: string, data: unknown) => ({ ...(data as object), auditCheckpoint: 'cp' })),
  } satisfies HostAudit;
}

describe('createHost', () => {
  it('should cover every step of the enabled plugins with the enabled effects (the start-up check passes)', () => {
    const host = createHost({ audit: null });
    expect(host.effectRegistry.names().sort()).toEqual(['issue-document', 'notify', 'submit-upward']);
    const requested = new Set(host.registry.listSteps().flatMap((s) => [...(s.effects ?? [])]));
    expect([...requested].sort()).toEqual(['issue-document', 'notify', 'submit-upward']);
  });

  it('should wire the audit log: events chained, reports to the parent sealed, report documents (BC) sealed', async () => {
    const audit = fakeAudit();
    const host = createHost({ audit });
    const manager = {} as EntityManager;
    await host.onEvents!(manager, { instanceId: 'i', orgId: 'o', guidanceId: null, fromSeq: 1, events: [], recordedAt: 'now' });
    expect(audit.recordEvents).toHaveBeenCalledTimes(1);
    await expect(host.sealReport!(manager, { instanceId: 'i' }, { a: 1 })).resolves.toEqual({ a: 1, sealed: true });

    const issued: unknown[] = [];
    const original = ENABLED_EFFECTS.find((e) => e.name === 'issue-document')!;
    const spy = jest.spyOn(original, 'run').mockImplementation(async (_ctx, input) => (issued.push(input), { document: { type: 'BC', number: '1-BC/CB' } }));
    try {
      const sealed = host.effectRegistry.get('issue-document')!;
      await sealed.run({ manager, at: 'now', instanceId: 'i', idempotencyKey: 'k', firstRun: true } as EffectContext, { type: 'BC', org: 'CB', title: 'Báo cáo', data: { rollup: 1 } });
      expect(audit.sealDocumentData).toHaveBeenCalledWith(manager, 'CB', { rollup: 1 });
      expect(issued).toEqual([{ type: 'BC', org: 'CB', title: 'Báo cáo', data: { rollup: 1, auditCheckpoint: 'cp' } }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('should seal nothing and add no hooks when told on purpose that nothing is audited', () => {
    const host = createHost({ audit: null });
    expect(host.onEvents).toBeUndefined();
    expect(host.effects).toEqual([...ENABLED_EFFECTS]);
  });

  it('should refuse to start when a step requests an effect nobody registered', () => {
    const notify = ENABLED_EFFECTS.filter((e) => e.name === 'notify');
    expect(() => createHost({ audit: fakeAudit(), effects: notify })).toThrow(EffectRegistryError);
    expect(() => createHost({ audit: fakeAudit(), effects: notify })).toThrow(/step \S+@1 requests effect "issue-document"/);
  });

  it('should fail an effect whose input does not parse before anything is written', async () => {
    const host = createHost({ audit: null });
    const ctx = { manager: {} as EntityManager, at: 'now', instanceId: 'i', idempotencyKey: 'k', firstRun: true } as EffectContext;
    await expect(host.effectRegistry.get('notify')!.run(ctx, { to: [{ role: 'secretary' }], kind: 'report-reminder' })).rejects.toThrow(EffectInputError);
    await expect(host.effectRegistry.get('submit-upward')!.run(ctx, { from: 'CB', to: 'DU', guidance: '1-HD/DU', rollup: {} })).resolves.toEqual({ delivered: true, at: 'now', to: 'DU' });
  });

  it('should keep the enabled effects, notify replaced, and pass the start-up check when e-mail is configured', () => {
    expect(enabledEffects()).toBe(ENABLED_EFFECTS);
    const withEmail = enabledEffects({ smtpUrl: 'smtp://127.0.0.1:2525', smtpFrom: '"chibo" <no-reply@chibo.vn>', publicUrl: 'https://chibo.vn' });
    expect(withEmail.map((e) => e.name)).toEqual(ENABLED_EFFECTS.map((e) => e.name));
    expect(withEmail.find((e) => e.name === 'notify')).not.toBe(ENABLED_EFFECTS.find((e) => e.name === 'notify'));
    expect(() => createHost({ audit: null, effects: withEmail })).not.toThrow();
  });
});
