import { Member, MemberAssignment, OrgUnit } from '@chibo/db';
import type { InstanceContext, MemberRole, OrgRef } from '@chibo/procedure';
import { In, type EntityManager } from 'typeorm';
import { NotFoundError } from './errors';

/** An org unit as the core sees it. */
export function orgRef(org: OrgUnit): OrgRef {
  return { code: org.code, name: org.name, abbr: org.abbr, kind: org.kind };
}

/**
 * Builds the snapshot an instance of `orgCode` starts from: the org, its parent, its roster and each member's last
 * topic-draft assignment (for fair rotation). See docs/adr/0002-instance-context-snapshot.md.
 */
export async function buildContext(manager: EntityManager, orgCode: string, extra: Omit<InstanceContext, 'org'> = {}): Promise<{ context: InstanceContext; org: OrgUnit }> {
  const org = await manager.findOne(OrgUnit, { where: { code: orgCode } });
  if (!org) throw new NotFoundError(`Không tìm thấy tổ chức ${orgCode}`);
  const parent = org.parentId ? await manager.findOne(OrgUnit, { where: { id: org.parentId } }) : null;
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

