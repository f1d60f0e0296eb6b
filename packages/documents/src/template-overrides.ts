import { DocumentEntity, DocumentTemplateOverride, OrgUnit } from '@chibo/db';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { In, type EntityManager } from 'typeorm';
import { sha256, type DocumentRenderer, type TemplateOverrideSource } from './document-renderer';
import { DocumentNotFoundError, TemplateValidationError } from './errors';
import { checkTemplateShape } from './template-validation';
import type { RenderInput } from './render-model';

/** `override:DU-NGOC-LAM:thematic:minutes@2`: what a document records as the template that rendered it. */
export function overrideRef(orgCode: string, templateId: string, version: number): string {
  return `override:${orgCode}:${templateId}@${version}`;
}

/**
 * The committee override of `templateId` that applies to documents of `org`: the active one of the nearest unit on
 * the path from the org up to the root (a cell's own, else its committee's, else the committee above…); null when
 * none. One query, using the materialized path.
 */
export async function findTemplateOverride(manager: EntityManager, org: OrgUnit, templateId: string): Promise<TemplateOverrideSource | null> {
  const codes = org.path.split('/').filter(Boolean);
  if (!codes.length) return null;
  const rows = await manager
    .createQueryBuilder(DocumentTemplateOverride, 't')
    .innerJoin(OrgUnit, 'o', 'o.id = t.org_id')
    .where('t.template_id = :templateId', { templateId })
    .andWhere("t.status = 'active'")
    .andWhere('o.code IN (:...codes)', { codes })
    .addSelect('o.code', 'org_code')
    .getRawAndEntities();
  return nearestOverride(
    org,
    templateId,
    rows.entities.map((row, i) => ({ code: String((rows.raw[i] as { org_code: string }).org_code), version: row.version, source: row.source })),
  );
}

/** Of the active overrides of units on `org`'s path, the one of the nearest unit (the deepest on the path). */
export function nearestOverride(org: OrgUnit, templateId: string, rows: ReadonlyArray<{ code: string; version: number; source: string }>): TemplateOverrideSource | null {
  const codes = org.path.split('/').filter(Boolean);
  let best: { depth: number; code: string; version: number; source: string } | undefined;
  for (const row of rows) {
    const depth = codes.indexOf(row.code);
    if (depth >= 0 && (!best || depth > best.depth)) best = { depth, ...row };
  }
  return best ? { ref: overrideRef(best.code, templateId, best.version), source: best.source } : null;
}

/**
 * Validates and stores a committee's version of a template: the new version becomes active and the previous one is
 * retired (both kept). Throws {@link TemplateValidationError} with every problem and its line when the source cannot
 * be used; nothing is stored then. Must run in a transaction.
 */
export async function saveTemplateOverride(
  manager: EntityManager,
  renderer: DocumentRenderer,
  input: { org: OrgUnit; templateId: string; source: string; at: string; by: string | null },
): Promise<DocumentTemplateOverride> {
  if (!renderer.template(input.templateId)) throw new DocumentNotFoundError(`Không có mẫu văn bản ${input.templateId}`);
  // Size and nesting first, before the samples are even loaded: a hostile template costs one linear scan.
  const shape = checkTemplateShape(input.source);
  if (shape.length) throw new TemplateValidationError(shape);
  // Compiled and rendered in the sandbox's worker thread, within its time limit: a slow template is refused (too-slow).
  const issues = await renderer.validateAsync(input.source, await templateSamples(manager, input.templateId));
  if (issues.length) throw new TemplateValidationError(issues);
  const previous = await manager.find(DocumentTemplateOverride, { where: { orgId: input.org.id, templateId: input.templateId }, order: { version: 'DESC' }, take: 1 });
  const version = (previous[0]?.version ?? 0) + 1;
  await manager.update(DocumentTemplateOverride, { orgId: input.org.id, templateId: input.templateId, status: 'active' }, { status: 'retired', retiredAt: input.at });
  const row = manager.create(DocumentTemplateOverride, {
    orgId: input.org.id,
    templateId: input.templateId,
    version,
    source: input.source,
    checksum: sha256(input.source),
    status: 'active',
    createdBy: input.by,
    createdAt: input.at,
    retiredAt: null,
  });
  return manager.save(row);
}

/** Retires the org's active override of a template (its documents go back to the plugin's, or an ancestor's). */
export async function retireTemplateOverride(manager: EntityManager, input: { org: OrgUnit; templateId: string; at: string }): Promise<boolean> {
  const result = await manager.update(DocumentTemplateOverride, { orgId: input.org.id, templateId: input.templateId, status: 'active' }, { status: 'retired', retiredAt: input.at });
  return (result.affected ?? 0) > 0;
}

/** The overrides (active and retired) of the given org units, newest version first. */
export async function listTemplateOverrides(manager: EntityManager, orgIds: readonly string[]): Promise<DocumentTemplateOverride[]> {
  if (!orgIds.length) return [];
  return manager.find(DocumentTemplateOverride, { where: { orgId: In([...orgIds]) }, order: { templateId: 'ASC', version: 'DESC' } });
}

/** Documents to render a candidate template against: the shipped samples, and the latest issued with the template. */
export async function templateSamples(manager: EntityManager, templateId: string): Promise<RenderInput[]> {
  const recent = await manager.find(DocumentEntity, { where: { templateRef: `plugin:${templateId}` }, order: { issuedAt: 'DESC' }, take: 3 });
  return [
    ...shippedSamples(templateId),
    ...recent.map((d) => ({ template: templateId, type: d.type, number: d.number, title: d.title, issuedAt: d.issuedAt, data: d.data })),
  ];
}

/** Sample documents shipped with this package (`samples/<template id>.json`, written by the golden tests). */
export function shippedSamples(templateId: string, dir = join(__dirname, 'samples')): RenderInput[] {
  const file = join(dir, `${templateId.replace(/[^A-Za-z0-9-]/g, '_')}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RenderInput[]) : [];
}
