import { findOrgUnit, Member, MemberAssignment, OrgUnit } from '@chibo/db';
import type { InstanceContext, MemberRole, OrgRef } from '@chibo/procedure';
import { In, type EntityManager } from 'typeorm';
import { NotFoundError } from '../errors';

/** An org unit as the core sees it. */
export function orgRef(org: OrgUnit): OrgRef {
  return { code: org.code, name: org.name, abbr: org.abbr, kind: org.kind };
}

/**
 * Builds the snapshot an instance of `orgCode` starts from: the org, its parent, its roster and each member's last
 * topic-draft assignment (for fair rotation). See docs/adr/0002-instance-context-snapshot.md.
 */
export async function buildContext(manager: EntityManager, orgCode: string, extra: Omit<InstanceContext, 'org'> = {}): Promise<{ context: InstanceContext; org: OrgUnit }> {
  const org = await findOrgUnit(manager, { code: orgCode });
  if (!org) throw new NotFoundError(`Không tìm thấy tổ chức ${orgCode}`, { rule: 'unknown-org', params: { org: orgCode } });
  const parent = org.parentId ? await findOrgUnit(manager, { id: org.parentId }) : null;
  const members = await manager.find(Member, { where: { orgId: org.id }, order: { createdAt: 'ASC', code: 'ASC' } });
  const lastAssigned: Record<string, string> = {};
  if (members.length) {
    const rows = await manager.find(MemberAssignment, { where: { memberId: In(members.map((m) => m.id)), kind: 'topic-draft' } });
    const codeOf = new Map(members.map((m) => [m.id, m.code]));
    for (const row of rows) {
      const code = codeOf.get(row.memberId);
      if (code && (!lastAssigned[code] || lastAssigned[code]! < row.at)) lastAssigned[code] = row.at;
    }
  }
  return {
    org,
    context: {
      org: {
        ...orgRef(org),
        ...(parent ? { parent: orgRef(parent) } : {}),
        members: members.map((m) => ({ id: m.code, name: m.name, status: m.status, roles: m.roles as MemberRole[] })),
      },
      ...extra,
      ...(Object.keys(lastAssigned).length ? { lastAssigned } : {}),
    },
  };
}


/** `buildContext` for many org units at once (a fan-out batch): a handful of queries instead of four per unit. */
export async function buildContexts(
  manager: EntityManager,
  orgCodes: readonly string[],
  extra: Omit<InstanceContext, 'org'> = {},
): Promise<Map<string, { context: InstanceContext; org: OrgUnit; members: Member[] }>> {
  const out = new Map<string, { context: InstanceContext; org: OrgUnit; members: Member[] }>();
  if (!orgCodes.length) return out;
  const orgs = await manager.find(OrgUnit, { where: { code: In([...orgCodes]) } });
  const parentIds = [...new Set(orgs.map((o) => o.parentId).filter((id): id is string => Boolean(id)))];
  const parents = new Map((parentIds.length ? await manager.find(OrgUnit, { where: { id: In(parentIds) } }) : []).map((p) => [p.id, p]));
  const members = orgs.length ? await manager.find(Member, { where: { orgId: In(orgs.map((o) => o.id)) }, order: { createdAt: 'ASC', code: 'ASC' } }) : [];
  const byOrg = new Map<string, Member[]>();
  for (const m of members) byOrg.set(m.orgId, [...(byOrg.get(m.orgId) ?? []), m]);
  const assignments = members.length ? await manager.find(MemberAssignment, { where: { memberId: In(members.map((m) => m.id)), kind: 'topic-draft' } }) : [];
  const lastById = new Map<string, string>();
  for (const a of assignments) if ((lastById.get(a.memberId) ?? '') < a.at) lastById.set(a.memberId, a.at);
  for (const org of orgs) {
    const roster = byOrg.get(org.id) ?? [];
    const parent = org.parentId ? parents.get(org.parentId) : undefined;
    const lastAssigned: Record<string, string> = {};
    for (const m of roster) {
      const at = lastById.get(m.id);
      if (at) lastAssigned[m.code] = at;
    }
    out.set(org.code, {
      org,
      members: roster,
      context: {
        org: {
          ...orgRef(org),
          ...(parent ? { parent: orgRef(parent) } : {}),
          members: roster.map((m) => ({ id: m.code, name: m.name, status: m.status, roles: m.roles as MemberRole[] })),
        },
        ...extra,
        ...(Object.keys(lastAssigned).length ? { lastAssigned } : {}),
      },
    });
  }
  return out;
}
