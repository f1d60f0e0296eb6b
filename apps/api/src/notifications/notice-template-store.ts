import { recordAdminAction } from '@chibo/audit';
import { DocumentTemplateOverride, type OrgUnit } from '@chibo/db';
import { findNoticeOverrides, NOTICE_FIELDS, noticeTemplateId, retireNoticeOverride, saveNoticeOverride, type NoticeField } from '@chibo/documents';
import { defaultNotificationTemplates, noticeSample } from '@chibo/notifications';
import { sqliteWriteLock } from '@chibo/runtime-embedded';
import { In, type DataSource } from 'typeorm';

/** Where the template of one field of a unit's notices comes from: its own, a unit above it, or the shipped one. */
export interface AppliedNoticeField {
  /** `override:<org>:notice:<kind>:<field>@<version>`, or `shipped`. */
  ref: string;
  /** The code of the unit whose override applies (the unit itself or one above it); null for the shipped template. */
  from: string | null;
  source: string;
}

/** What applies to notices of `kind` sent by `org`, field by field, and the unit's stored versions (newest first). */
export async function noticeTemplatesOf(ds: DataSource, org: OrgUnit, kind: string): Promise<{ applies: Record<NoticeField, AppliedNoticeField>; versions: DocumentTemplateOverride[] }> {
  const found = await findNoticeOverrides(ds.manager, org, kind);
  const shipped = defaultNotificationTemplates().shippedSources(kind);
  const versions = await ds.manager.find(DocumentTemplateOverride, { where: { orgId: org.id, templateId: In(NOTICE_FIELDS.map((f) => noticeTemplateId(kind, f))) }, order: { templateId: 'ASC', version: 'DESC' } });
  const applies = Object.fromEntries(
    NOTICE_FIELDS.map((f) => {
      const own = found?.[f];
      // `override:<org code>:notice:…` names the unit it comes from.
      return [f, own ? { ref: own.ref, from: /^override:([^:]+):/.exec(own.ref)?.[1] ?? null, source: own.source } : { ref: 'shipped', from: null, source: shipped[f] }];
    }),
  ) as Record<NoticeField, AppliedNoticeField>;
  return { applies, versions };
}

/**
 * Saves a unit's own templates of a kind (the fields given), tried in the sandbox first: throws
 * `NoticeTemplateValidationError` naming each failing field, and nothing is stored. Recorded in the audit journal.
 */
export async function saveNoticeTemplates(ds: DataSource, input: { org: OrgUnit; kind: string; fields: Partial<Record<NoticeField, string>>; at: string; by: string }): Promise<DocumentTemplateOverride[]> {
  return sqliteWriteLock(ds).run('write', () =>
    ds.transaction(async (m) => {
      const saved = await saveNoticeOverride(m, { org: input.org, kind: input.kind, fields: input.fields, samples: [noticeSample(input.kind)], at: input.at, by: input.by });
      await recordAdminAction(m, { type: 'template-overridden', org: input.org.code, actorUserId: input.by, at: input.at, subject: { template: `notice:${input.kind}`, fields: Object.keys(input.fields) }, after: { checksums: saved.map((s) => s.checksum) } });
      return saved;
    }),
  );
}

/** Stops using the unit's own templates of a kind (a unit above's or the shipped ones apply again); whether it had any. */
export async function retireNoticeTemplates(ds: DataSource, input: { org: OrgUnit; kind: string; at: string; by: string }): Promise<boolean> {
  return sqliteWriteLock(ds).run('write', () =>
    ds.transaction(async (m) => {
      const done = await retireNoticeOverride(m, { org: input.org, kind: input.kind, at: input.at });
      if (done) await recordAdminAction(m, { type: 'template-overridden', org: input.org.code, actorUserId: input.by, at: input.at, subject: { template: `notice:${input.kind}`, retired: true } });
      return done;
    }),
  );
}
