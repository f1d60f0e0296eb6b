import type { EntityManager } from 'typeorm';
import { AuditLog } from './audit-log';
import { sealReportDocuments } from './runtime-hooks';

interface Ctx {
  manager: EntityManager;
  idempotencyKey: string;
  firstRun?: boolean;
}

describe('sealReportDocuments', () => {
  const prepare = jest.fn(async () => ({ terms: [] }));
  const issue = { name: 'issue-document', prepare, run: jest.fn(async () => ({ document: { id: 'd1' } })) };
  const notify = { name: 'notify', run: jest.fn(async () => ({ delivered: true })) };
  const [sealed, untouched] = sealReportDocuments<Ctx>([issue, notify], new AuditLog());

  it('should keep what the document effect reads before its transaction (prepare), so the host still calls it', async () => {
    expect(sealed!.name).toBe('issue-document');
    expect((sealed as typeof issue).prepare).toBe(prepare);
    expect(untouched).toBe(notify);
  });

  it('should pass a document that is not a report (BC) straight to the effect on its first run, without a look-up', async () => {
    const manager = { exists: jest.fn() } as unknown as EntityManager;
    await sealed!.run({ manager, idempotencyKey: 'k', firstRun: true }, { type: 'NQ', org: 'CB' });
    expect(issue.run).toHaveBeenCalledWith({ manager, idempotencyKey: 'k', firstRun: true }, { type: 'NQ', org: 'CB' });
    expect((manager as unknown as { exists: jest.Mock }).exists).not.toHaveBeenCalled();
  });
});
