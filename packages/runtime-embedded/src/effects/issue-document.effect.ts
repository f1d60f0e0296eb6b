import { DocumentEntity } from '@chibo/db';
import { defaultDocumentRenderer, issueDocument, prepareDocument, type DocumentRenderer, type PreparedDocument } from '@chibo/documents';
import type { EffectContext, EffectHandler, EffectPrepareContext } from '@chibo/host';

export { issueDocument } from '@chibo/documents';

/**
 * This effect issues a numbered document: it reserves the next number in the register of (issuing body, type, term),
 * renders the HTML with the template the step named (or the committee's override of it) and stores the document with
 * the checksums of its data and its HTML (packages/documents `issueDocument`). The reservation and the document commit
 * together, so a crash leaves no hole; a unique (register, seq) index makes a double issue impossible; the idempotency
 * key makes a retry return the same number. Compensation: none — a cancelled document keeps its number
 * (`cancelDocument`, status `cancelled`). PDF and DOCX are produced from the stored HTML when someone downloads them.
 */
export function createIssueDocumentEffect(renderer: () => DocumentRenderer = defaultDocumentRenderer): EffectHandler {
  return {
    name: 'issue-document',
    async prepare(ctx: EffectPrepareContext, input: Record<string, unknown>) {
      return prepareDocument(ctx.manager, { orgCode: String(input['org']), template: typeof input['template'] === 'string' ? input['template'] : null }, renderer());
    },
    async run(ctx: EffectContext, input: Record<string, unknown>) {
      const existing = ctx.firstRun ? null : await ctx.manager.findOne(DocumentEntity, { where: { idempotencyKey: ctx.idempotencyKey } });
      if (existing) return { document: { id: existing.id, type: existing.type, number: existing.number } };
      const doc = await issueDocument(
        ctx.manager,
        {
          orgCode: String(input['org']),
          type: String(input['type']),
          title: String(input['title'] ?? ''),
          data: input['data'] ?? null,
          at: ctx.at,
          instanceId: ctx.instanceId,
          idempotencyKey: ctx.idempotencyKey,
          template: typeof input['template'] === 'string' ? input['template'] : null,
        },
        renderer(),
        {
          ...(ctx.prepared ? { prepared: ctx.prepared as PreparedDocument } : {}),
          ...(ctx.insertLater ? { insert: (doc: DocumentEntity) => ctx.insertLater!(DocumentEntity, doc) } : {}),
        },
      );
      return { document: { id: doc.id, type: doc.type, number: doc.number } };
    },
  };
}

/** The `issue-document` effect with the templates of the enabled plugins. */
export const issueDocumentEffect: EffectHandler = createIssueDocumentEffect();
