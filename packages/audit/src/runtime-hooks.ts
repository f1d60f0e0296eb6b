import { DocumentEntity } from '@chibo/db';
import type { EntityManager } from 'typeorm';
import type { AuditLog, EventBatch } from './audit-log';

/** The part of a runtime effect the audit log wraps (structurally the embedded runtime's `EffectHandler`). */
export interface EffectLike<C extends { manager: EntityManager; idempotencyKey: string }> {
  name: string;
  run(ctx: C, input: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Document types that are reports sent upward: each carries a signed checkpoint of its issuer's chain. */
export const REPORT_DOCUMENT_TYPES: readonly string[] = ['BC'];

/**
 * The embedded runtime's audit hooks: `onEvents` chains every appended event (inside the append transaction) and
 * `sealReport` adds a signed checkpoint of the sender's chain to every report delivered to a parent instance.
 */
export function auditRuntimeHooks(audit: AuditLog): {
  onEvents: (manager: EntityManager, batch: EventBatch) => Promise<void>;
  sealReport: (manager: EntityManager, sender: { instanceId: string; orgId?: string }, report: Record<string, unknown>) => Promise<Record<string, unknown>>;
} {
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
export function sealReportDocuments<C extends { manager: EntityManager; idempotencyKey: string; firstRun?: boolean }>(
  effects: ReadonlyArray<EffectLike<C>>,
  audit: AuditLog,
  types: readonly string[] = REPORT_DOCUMENT_TYPES,
): Array<EffectLike<C>> {
  return effects.map((effect) =>
    effect.name !== 'issue-document'
      ? effect
      : {
          // Everything else the effect has (its `prepare`, which reads outside the transaction) is kept.
          ...effect,
          async run(ctx: C, input: Record<string, unknown>) {
            if (!types.includes(String(input['type']))) return effect.run(ctx, input);
            // On its first run an effect has issued nothing yet; a retry may have, and then returns that document.
            if (!ctx.firstRun && (await ctx.manager.exists(DocumentEntity, { where: { idempotencyKey: ctx.idempotencyKey } }))) return effect.run(ctx, input);
            const data = await audit.sealDocumentData(ctx.manager, String(input['org']), input['data'] ?? null);
            return effect.run(ctx, { ...input, data });
          },
        },
  );
}
