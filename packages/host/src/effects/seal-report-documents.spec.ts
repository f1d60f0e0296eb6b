import type { EntityManager } from 'typeorm';
import type { EffectContext, EffectHandler } from './effect';
import { sealReportDocuments } from './seal-report-documents';

describe('sealReportDocuments', () => {
  const prepare = jest.fn(async () => ({ terms: [] }));
  const issue: EffectHandler = { name: 'issue-document', prepare, run: jest.fn(async () => ({ document: { id: 'd1' } })) };
  const notify: EffectHandler = { name: 'notify', run: jest.fn(async () => ({ delivered: true })) };
  const audit = { sealDocumentData: jest.fn(async (_m: EntityManager, _org: string, data: unknown) => ({ ...(data as object), auditCheckpoint: 'cp' })) };
  const [sealed, untouched] = sealReportDocuments([issue, notify], audit);

  beforeEach(() => jest.clearAllMocks());

  it('should keep what the document effect reads before its transaction (prepare), so the host still calls it', async () => {
    expect(sealed!.name).toBe('issue-document');
    expect(sealed!.prepare).toBe(prepare);
    expect(untouched).toBe(notify);
  });

  it('should pass a document that is not a report (BC) straight to the effect on its first run, without a look-up', async () => {
    const manager = { exists: jest.fn() } as unknown as EntityManager;
    const ctx = { manager, idempotencyKey: 'k', firstRun: true } as EffectContext;
    await sealed!.run(ctx, { type: 'NQ', org: 'CB' });
    expect(issue.run).toHaveBeenCalledWith(ctx, { type: 'NQ', org: 'CB' });
    expect((manager as unknown as { exists: jest.Mock }).exists).not.toHaveBeenCalled();
    expect(audit.sealDocumentData).not.toHaveBeenCalled();
  });

  it("should seal a report's data with a checkpoint of its issuer's chain on its first run", async () => {
    const ctx = { manager: {} as EntityManager, idempotencyKey: 'k', firstRun: true } as EffectContext;
    await sealed!.run(ctx, { type: 'BC', org: 'CB', data: { a: 1 } });
    expect(audit.sealDocumentData).toHaveBeenCalledWith(ctx.manager, 'CB', { a: 1 });
    expect(issue.run).toHaveBeenCalledWith(ctx, { type: 'BC', org: 'CB', data: { a: 1, auditCheckpoint: 'cp' } });
  });
});
