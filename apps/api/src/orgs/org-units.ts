import { Member, OrgUnit, type OrgUnitKind, Term, isUniqueViolation } from '@chibo/db';
import type { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import type { OrgView, TermView } from './dto/org.view';

/** Longest materialized path the `org_units.path` column holds. */
export const MAX_ORG_PATH_LENGTH = 500;

/** What creating an org unit needs; `parent` is the already-loaded parent unit (null for a root). */
export interface NewOrgUnit {
  code: string;
  name: string;
  abbr: string;
  kind: OrgUnitKind;
  term?: { from: string; to?: string };
}

/** "Không tìm thấy đơn vị X": the same words whether X is missing or hidden from the caller. */
export function orgNotFound(code: string, noun = 'đơn vị'): NotFoundError {
  // The pages word it by what was looked for (ADR 0034): a cell, a superior unit, or any unit.
  const error = new NotFoundError(`Không tìm thấy ${noun} ${code}`);
  if (noun === 'chi bộ') return error.worded('unknown-cell', { cell: code });
  return error.worded(noun === 'đơn vị cấp trên' ? 'unknown-parent' : 'unknown-org', { org: code });
}

/**
 * Inserts an org unit (and its term) under `parent` inside the caller's transaction. Refuses a cell as parent (422)
 * and a code already taken anywhere (409). Shared by `POST /orgs` and the seeding helpers.
 */
export async function insertOrgUnit(manager: EntityManager, input: NewOrgUnit, parent: OrgUnit | null): Promise<OrgUnit> {
  if (parent && parent.kind !== 'committee') {
    throw new ValidationError([
      { path: 'parent', rule: 'parent-not-committee', message: `${parent.code} là chi bộ; chỉ đảng ủy mới có đơn vị trực thuộc`, params: { parent: parent.code } },
    ]);
  }
  const path = `${parent?.path ?? '/'}${input.code}/`;
  if (path.length > MAX_ORG_PATH_LENGTH) {
    throw new ValidationError([{ path: 'code', rule: 'path-too-long', message: 'Cây tổ chức quá sâu hoặc mã quá dài', params: { max: MAX_ORG_PATH_LENGTH } }]);
  }
  if (await manager.getRepository(OrgUnit).existsBy({ code: input.code })) throw codeTaken(input.code);
  try {
    const unit = await manager.getRepository(OrgUnit).save(
      manager.getRepository(OrgUnit).create({
        code: input.code,
        name: input.name,
        abbr: input.abbr,
        kind: input.kind,
        parentId: parent?.id ?? null,
        path,
      }),
    );
    if (input.term) {
      await manager.getRepository(Term).save(manager.getRepository(Term).create({ orgId: unit.id, from: input.term.from, to: input.term.to ?? null }));
    }
    return unit;
  } catch (error) {
    // Two requests creating the same code at once: the unique index decides, the loser gets 409.
    if (isUniqueViolation(error)) throw codeTaken(input.code);
    throw error;
  }
}

function codeTaken(code: string): ConflictError {
  return new ConflictError(`Mã đơn vị ${code} đã được dùng`, 'org-code-taken').worded('org-code-taken', { code });
}

/** The latest term of each org (by start date), keyed by org id. */
export async function currentTerms(manager: EntityManager, orgIds: readonly string[]): Promise<Map<string, TermView>> {
  const terms = new Map<string, TermView>();
  if (orgIds.length === 0) return terms;
  const rows = await manager
    .getRepository(Term)
    .createQueryBuilder('term')
    .where('term.orgId IN (:...orgIds)', { orgIds: [...orgIds] })
    .orderBy('term.from', 'ASC')
    .getMany();
  for (const row of rows) terms.set(row.orgId, { from: row.from, to: row.to });
  return terms;
}

/** Number of members per org id. */
export async function memberCounts(manager: EntityManager, orgIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (orgIds.length === 0) return counts;
  const rows = await manager
    .getRepository(Member)
    .createQueryBuilder('member')
    .select('member.orgId', 'orgId')
    .addSelect('COUNT(*)', 'count')
    .where('member.orgId IN (:...orgIds)', { orgIds: [...orgIds] })
    .groupBy('member.orgId')
    .getRawMany<{ orgId: string; count: string | number }>();
  for (const row of rows) counts.set(row.orgId, Number(row.count));
  return counts;
}

/** The API shape of an org unit. `parentCode` comes from the path, so no join is needed. */
export function toOrgView(unit: OrgUnit, term: TermView | undefined): OrgView {
  const codes = unit.path.split('/').filter(Boolean);
  return {
    code: unit.code,
    name: unit.name,
    abbr: unit.abbr,
    kind: unit.kind,
    parentCode: codes.length > 1 ? (codes[codes.length - 2] ?? null) : null,
    path: unit.path,
    term: term ?? null,
  };
}
