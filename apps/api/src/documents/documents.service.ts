import { recordAdminAction } from '@chibo/audit';
import { DocumentEntity, NumberingRegister, OrgUnit } from '@chibo/db';
import { cancelDocument, DocumentAlreadyCancelledError, DocumentNotFoundError, registerEntries, shortDate, stampCancelled } from '@chibo/documents';
import { sqliteWriteLock } from '@chibo/runtime-embedded';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { ScopeService } from '../auth/scope.service';
import { ConflictError, NotFoundError, unknownOrg } from '../common/errors';
import { ProcedureEngine } from '../engine/procedure-engine';

/** A document with the org unit that issued it. */
export interface VisibleDocument {
  doc: DocumentEntity;
  org: OrgUnit;
}

/** The metadata of a document as `GET /documents/:id` answers it. */
export function documentView(doc: DocumentEntity, org: OrgUnit, pdfAvailable: boolean) {
  const base = `/api/v1/documents/${doc.id}`;
  return {
    id: doc.id,
    org: org.code,
    orgName: org.name,
    instanceId: doc.instanceId,
    type: doc.type,
    number: doc.number,
    seq: doc.seq,
    title: doc.title,
    status: doc.status,
    issuedAt: doc.issuedAt,
    checksum: doc.checksum,
    rendering: { available: doc.html !== null, htmlChecksum: doc.htmlChecksum, template: doc.templateRef, note: doc.renderNote },
    cancelled: doc.status === 'cancelled' ? { at: doc.cancelledAt, reason: doc.cancelReason, by: doc.cancelledBy } : null,
    formats: { html: doc.html !== null, pdf: doc.html !== null && pdfAvailable, docx: doc.html !== null },
    links: { html: `${base}/html`, pdf: `${base}/pdf`, docx: `${base}/docx` },
  };
}

/**
 * Reading and cancelling issued documents, within the caller's scope: a document of a unit the caller cannot see is
 * answered 404 exactly like a missing one (docs/adr/0006).
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  async visible(user: AuthUser, id: string, manager: EntityManager = this.ds.manager): Promise<VisibleDocument> {
    const doc = await manager.findOne(DocumentEntity, { where: { id } });
    const org = doc ? await manager.findOne(OrgUnit, { where: { id: doc.orgId } }) : null;
    if (!doc || !org || !this.scope.canSee(user, org.path)) throw new NotFoundError(`Không tìm thấy văn bản ${id}`, 'document-not-found').worded('document-not-found', { document: id });
    return { doc, org };
  }

  /** The HTML as issued; for a cancelled document, with a banner saying so (the stored HTML is not changed). */
  async html(user: AuthUser, id: string): Promise<VisibleDocument & { html: string }> {
    const found = await this.visible(user, id);
    const { doc } = found;
    if (doc.html === null) {
      throw new ConflictError(`Văn bản ${doc.number} chưa dựng được: ${doc.renderNote ?? 'không rõ lý do'}`, 'document-not-rendered').worded('document-not-rendered', { number: doc.number });
    }
    const html = doc.status === 'cancelled' ? stampCancelled(doc.html, { at: doc.cancelledAt, reason: doc.cancelReason, date: shortDate }) : doc.html;
    return { ...found, html };
  }

  /**
   * Cancels a document: the issuing cell's secretary, a committee above it or an admin. The number stays taken (the
   * register shows it cancelled, with the reason); the cancellation is recorded in the audit log.
   */
  async cancel(user: AuthUser, id: string, reason: string): Promise<VisibleDocument> {
    const { org } = await this.visible(user, id);
    this.scope.requireAct(user, org, ['secretary', 'committee'], new NotFoundError(`Không tìm thấy văn bản ${id}`).worded('document-not-found', { document: id }), 'Chỉ bí thư chi bộ hoặc cấp ủy cấp trên được hủy văn bản');
    const at = this.engine.clock.now();
    try {
      return await sqliteWriteLock(this.ds).run('write', () =>
        this.ds.transaction(async (m) => {
          const doc = await cancelDocument(m, { id, reason, at, by: user.id });
          await recordAdminAction(m, {
            type: 'document-cancelled',
            org: org.code,
            actorUserId: user.id,
            at,
            subject: { document: doc.id, number: doc.number, type: doc.type },
            before: { status: 'issued' },
            after: { status: 'cancelled', reason },
          });
          return { doc, org };
        }),
      );
    } catch (error) {
      if (error instanceof DocumentAlreadyCancelledError) throw new ConflictError(error.message, 'document-cancelled');
      if (error instanceof DocumentNotFoundError) throw new NotFoundError(error.message, 'document-not-found');
      throw error;
    }
  }

  /** The numbering registers of an org unit the caller may see, each number with its document (and the holes: none). */
  async registers(user: AuthUser, orgCode: string) {
    const org = this.scope.requireVisible(user, await this.ds.manager.findOne(OrgUnit, { where: { code: orgCode } }), unknownOrg(orgCode));
    const registers = await this.ds.manager.find(NumberingRegister, { where: { orgId: org.id }, order: { type: 'ASC', termFrom: 'DESC' } });
    return Promise.all(
      registers.map(async (r) => {
        const { entries, holes } = await registerEntries(this.ds.manager, r.id);
        return { id: r.id, org: org.code, type: r.type, termFrom: r.termFrom, lastSeq: r.lastSeq, holes, entries };
      }),
    );
  }
}
