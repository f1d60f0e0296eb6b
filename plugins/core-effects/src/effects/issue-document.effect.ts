import { DocumentEntity } from '@chibo/db';
import { defaultDocumentRenderer, issueDocument, prepareDocument, type DocumentRenderer, type PreparedDocument } from '@chibo/documents';
import { defineEffect } from '@chibo/host';
import { ISSUE_DOCUMENT, issueDocumentInput } from '../index';

/**
 * This effect issues a numbered document: it reserves the next number in the register of (issuing body, type, term),
 * renders the HTML with the template the step named (or the committee's override of it) and stores the document with
 * the checksums of its data and its HTML (packages/documents `issueDocument`). The reservation and the document commit
 * together, so a crash leaves no hole; a unique (register, seq) index makes a double issue impossible; the idempotency
 * key makes a retry return the same number. Compensation: none — a cancelled document keeps its number
 * (`cancelDocument`, status `cancelled`). PDF and DOCX are produced from the stored HTML when someone downloads them.
 */
export function createIssueDocumentEffect(renderer: () => DocumentRenderer = defaultDocumentRenderer) {
  return defineEffect({
    name: ISSUE_DOCUMENT,
    description: 'Issues a numbered document (register of issuing body, type and term) rendered from its template',
    input: issueDocumentInput,
    async prepare(ctx, input) {
      return prepareDocument(ctx.manager, { orgCode: input.org, template: input.template ?? null }, renderer());
    },
    async run(ctx, input) {
      const existing = ctx.firstRun ? null : await ctx.manager.findOne(DocumentEntity, { where: { idempotencyKey: ctx.idempotencyKey } });
      if (existing) return { document: { id: existing.id, type: existing.type, number: existing.number } };
      const doc = await issueDocument(
        ctx.manager,
        {
          orgCode: input.org,
          type: input.type,
          title: input.title,
          data: input.data ?? null,
          at: ctx.at,
          instanceId: ctx.instanceId,
          idempotencyKey: ctx.idempotencyKey,
          template: input.template ?? null,
        },
        renderer(),
        {
          ...(ctx.prepared ? { prepared: ctx.prepared as PreparedDocument } : {}),
          ...(ctx.insertLater ? { insert: (doc: DocumentEntity) => ctx.insertLater!(DocumentEntity, doc) } : {}),
        },
      );
      return { document: { id: doc.id, type: doc.type, number: doc.number } };
    },
  });
}

/** The `issue-document` effect with the templates of the enabled plugins. */
export const issueDocumentEffect = createIssueDocumentEffect();
