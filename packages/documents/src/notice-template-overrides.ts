import { DocumentTemplateOverride, type OrgUnit } from '@chibo/db';
import type { EntityManager } from 'typeorm';
import { sha256 } from './document-renderer';
import { TemplateSandbox, type SandboxMode } from './sandbox/template-sandbox';
import { findTemplateOverride } from './template-overrides';
import { checkTemplateShape, type TemplateIssue } from './template-validation';

/** The parts of a notice a committee may word its own way. */
export const NOTICE_FIELDS = ['subject', 'text', 'html'] as const;
export type NoticeField = (typeof NOTICE_FIELDS)[number];

/** Longest notice template accepted per field (the shipped bodies are under 2,000 characters). */
export const NOTICE_TEMPLATE_MAX_CHARS = 20_000;

const MODE: Record<NoticeField, SandboxMode> = { subject: 'plain-text', text: 'plain-text', html: 'plain-html' };

/**
 * Where a committee's notice templates are kept: the same versioned table as its document templates, under the id
 * `notice:<kind>:<field>` (no document template id has that prefix), so versions, retiring and the nearest-unit
 * lookup are the documents' own.
 */
export function noticeTemplateId(kind: string, field: NoticeField): string {
  return `notice:${kind}:${field}`;
}

/** A problem of one field of a notice override: `path` names the field (`subject`, `text`, `html`). */
export interface NoticeTemplateIssue extends Omit<TemplateIssue, 'path'> {
  path: NoticeField;
}

/** Thrown when a notice override cannot be used; nothing was stored. */
export class NoticeTemplateValidationError extends Error {
  override readonly name = 'NoticeTemplateValidationError';
  readonly code = 'template-invalid';

  constructor(readonly issues: readonly NoticeTemplateIssue[]) {
    const first = issues[0];
    super(first ? `Mẫu thông báo không hợp lệ — ${first.path}${first.line ? `, dòng ${first.line}` : ''}: ${first.message}` : 'Mẫu thông báo không hợp lệ');
  }
}

/** The override of each field that applies to notices sent by `org` (the nearest unit's per field); null when none. */
export interface NoticeOverrideSet {
  subject: { ref: string; source: string } | null;
  text: { ref: string; source: string } | null;
  html: { ref: string; source: string } | null;
}

let shared: TemplateSandbox | undefined;
/** The sandbox (worker thread, 2 s limit) that compiles and renders committees' notice templates. */
export function noticeSandbox(): TemplateSandbox {
  return (shared ??= new TemplateSandbox());
}

/** Stops the notice sandbox's worker (tests; a server lets it idle, unreferenced). */
export async function closeNoticeSandbox(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

/** The notice overrides that apply to notices of `kind` sent by `org`: for each field, the nearest unit's on its path. */
export async function findNoticeOverrides(manager: EntityManager, org: OrgUnit, kind: string): Promise<NoticeOverrideSet | null> {
  const [subject, text, html] = await Promise.all(NOTICE_FIELDS.map((field) => findTemplateOverride(manager, org, noticeTemplateId(kind, field))));
  if (!subject && !text && !html) return null;
  return { subject: subject ?? null, text: text ?? null, html: html ?? null };
}

/**
 * Checks each given field in the sandbox: size and nesting, syntax, only Handlebars' built-in helpers, and a strict
 * trial render against each sample view (a variable the notice does not have is refused), within the sandbox's time
 * limit (`too-slow`). Returns every problem with its field; empty means usable.
 */
export async function validateNoticeOverride(
  fields: Partial<Record<NoticeField, string>>,
  samples: Array<Record<string, unknown>>,
  sandbox: TemplateSandbox = noticeSandbox(),
): Promise<NoticeTemplateIssue[]> {
  const issues: NoticeTemplateIssue[] = [];
  for (const field of NOTICE_FIELDS) {
    const source = fields[field];
    if (source === undefined) continue;
    if (!source.trim()) {
      issues.push({ path: field, rule: 'empty-template', message: 'Mẫu đang trống', line: null, column: null });
      continue;
    }
    const shape = checkTemplateShape(source);
    const found = shape.length ? shape : await sandbox.validate(source, samples, MODE[field]);
    issues.push(...found.map((issue) => ({ ...issue, path: field })));
  }
  return issues;
}

/**
 * Validates and stores a committee's notice templates of a kind, one new version per given field (the previous
 * active one retired, both kept). Throws {@link NoticeTemplateValidationError} naming each failing field; nothing is
 * stored then. Must run in a transaction.
 */
export async function saveNoticeOverride(
  manager: EntityManager,
  input: { org: OrgUnit; kind: string; fields: Partial<Record<NoticeField, string>>; samples: Array<Record<string, unknown>>; at: string; by: string | null },
  sandbox: TemplateSandbox = noticeSandbox(),
): Promise<DocumentTemplateOverride[]> {
  const issues = await validateNoticeOverride(input.fields, input.samples, sandbox);
  if (issues.length) throw new NoticeTemplateValidationError(issues);
  const saved: DocumentTemplateOverride[] = [];
  for (const field of NOTICE_FIELDS) {
    const source = input.fields[field];
    if (source === undefined) continue;
    const templateId = noticeTemplateId(input.kind, field);
    const previous = await manager.find(DocumentTemplateOverride, { where: { orgId: input.org.id, templateId }, order: { version: 'DESC' }, take: 1 });
    await manager.update(DocumentTemplateOverride, { orgId: input.org.id, templateId, status: 'active' }, { status: 'retired', retiredAt: input.at });
    saved.push(
      await manager.save(
        manager.create(DocumentTemplateOverride, {
          orgId: input.org.id,
          templateId,
          version: (previous[0]?.version ?? 0) + 1,
          source,
          checksum: sha256(source),
          status: 'active',
          createdBy: input.by,
          createdAt: input.at,
          retiredAt: null,
        }),
      ),
    );
  }
  return saved;
}

/** Retires the org's active notice templates of a kind (all fields); whether there was one. */
export async function retireNoticeOverride(manager: EntityManager, input: { org: OrgUnit; kind: string; at: string }): Promise<boolean> {
  let retired = false;
  for (const field of NOTICE_FIELDS) {
    const result = await manager.update(DocumentTemplateOverride, { orgId: input.org.id, templateId: noticeTemplateId(input.kind, field), status: 'active' }, { status: 'retired', retiredAt: input.at });
    if ((result.affected ?? 0) > 0) retired = true;
  }
  return retired;
}

/**
 * What the notify effect is given to apply committees' notice templates (the `NoticeOverrides` of
 * `@chibo/notifications`): the store's lookup and the sandbox's render (which throws on a failure or past the limit).
 */
export function sandboxedNoticeOverrides(sandbox?: TemplateSandbox) {
  return {
    find: (manager: EntityManager, org: OrgUnit, kind: string) => findNoticeOverrides(manager, org, kind),
    render: (source: string, view: Record<string, unknown>, field: NoticeField) => (sandbox ?? noticeSandbox()).render(source, view, MODE[field]),
  };
}
