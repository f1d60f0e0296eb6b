import { DocumentEntity } from '@chibo/db';
import type { EntityManager } from 'typeorm';
import type { AppendedEvents, HostHooks } from '../instances/appended-events';
import type { EffectHandler } from './effect';

/**
 * What a host needs of the audit log (packages/audit's `AuditLog` has it): chain appended events, seal a report on
 * its way to the parent, seal the data of a report document. The host names the port; the audit log implements it.
 */
export interface HostAudit {
  recordEvents(manager: EntityManager, batch: AppendedEvents): Promise<void>;
  sealReport(manager: EntityManager, sender: { instanceId: string; orgId?: string }, report: Record<string, unknown>): Promise<Record<string, unknown>>;
  sealDocumentData(manager: EntityManager, orgCode: string, data: unknown): Promise<unknown>;
}

/** Document types that are reports sent upward: each carries a signed checkpoint of its issuer's chain. */
export const REPORT_DOCUMENT_TYPES: readonly string[] = ['BC'];

/**
 * The audit hooks every host calls: `onEvents` chains every appended event (inside the append transaction) and
 * `sealReport` adds a signed checkpoint of the sender's chain to every report delivered to a parent instance.
 */
export function auditHooks(audit: HostAudit): Required<HostHooks> {
  return {
    onEvents: (manager, batch) => audit.recordEvents(manager, batch),
    sealReport: (manager, sender, report) => audit.sealReport(manager, sender, report),
  };
}

/**
 * Wraps the `issue-document` effect so that every report document (BC) it issues carries, in its data, a signed
 * checkpoint of the issuing org unit's chain (`auditCheckpoint`); the document's checksum then covers it. Other
 * effects and other document types pass through unchanged, and so does a retry of a document already issued.
 */
export function sealReportDocuments(effects: readonly EffectHandler[], audit: Pick<HostAudit, 'sealDocumentData'>, types: readonly string[] = REPORT_DOCUMENT_TYPES): EffectHandler[] {
  return effects.map((effect) =>
    effect.name !== 'issue-document'
      ? effect
      : {
          // Everything else the effect has (its `prepare`, which reads outside the transaction) is kept.
          ...effect,
          async run(ctx, input) {
            if (!types.includes(String(input['type']))) return effect.run(ctx, input);
            // On its first run an effect has issued nothing yet; a retry may have, and then returns that document.
            if (!ctx.firstRun && (await ctx.manager.exists(DocumentEntity, { where: { idempotencyKey: ctx.idempotencyKey } }))) return effect.run(ctx, input);
            const data = await audit.sealDocumentData(ctx.manager, String(input['org']), input['data'] ?? null);
            return effect.run(ctx, { ...input, data });
          },
        },
  );
}
