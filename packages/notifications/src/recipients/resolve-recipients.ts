import { Member, OrgUnit, RoleAssignment, User } from '@chibo/db';
import { In, type EntityManager } from 'typeorm';

/** Who a step addressed: one member of a cell, or the holders of a role in an org unit (the notify input's `to`). */
export type RecipientSpec = { member: string; org?: string | undefined } | { role: string; org: string };

/** A user the notice reaches: their login's id and display name. */
export interface ResolvedRecipient {
  userId: string;
  name: string;
}

/**
 * Turns what a step addressed into user accounts, each once however many specs name them:
 * - `{ member, org }`: the user linked to that member of the cell;
 * - `{ role: 'member', org }`: every member of the cell who is not suspended (the convene notice goes to all of them,
 *   exempt members included: they are told even if excused);
 * - `{ role: 'secretary', org }`: the members whose cell role is secretary, and users granted `secretary` on the unit;
 * - any other role (`committee`, …): the users granted it on that unit.
 * A member without a login is not reachable (nothing to notify, nothing lost: the effect's record lists who was).
 */
export async function resolveRecipients(manager: EntityManager, specs: readonly RecipientSpec[], defaultOrg: string | undefined): Promise<ResolvedRecipient[]> {
  const codes = [...new Set(specs.map((s) => s.org ?? defaultOrg).filter((c): c is string => Boolean(c)))];
  const orgs = codes.length ? await manager.find(OrgUnit, { where: { code: In(codes) } }) : [];
  const orgId = new Map(orgs.map((o) => [o.code, o.id]));
  const memberIds = new Set<string>();
  const userIds = new Set<string>();
  for (const spec of specs) {
    const org = orgId.get(spec.org ?? defaultOrg ?? '');
    if (!org) continue;
    if ('member' in spec) {
      const member = await manager.findOne(Member, { where: { orgId: org, code: spec.member } });
      if (member) memberIds.add(member.id);
      continue;
    }
    if (spec.role === 'member' || spec.role === 'secretary') {
      const members = await manager.find(Member, { where: { orgId: org } });
      for (const m of members) {
        if (m.status === 'suspended') continue;
        if (spec.role === 'member' || m.roles.includes('secretary')) memberIds.add(m.id);
      }
    }
    if (spec.role !== 'member') {
      for (const grant of await manager.find(RoleAssignment, { where: { orgId: org, role: spec.role as RoleAssignment['role'] } })) userIds.add(grant.userId);
    }
  }
  const users = [
    ...(memberIds.size ? await manager.find(User, { where: { memberId: In([...memberIds]) } }) : []),
    ...(userIds.size ? await manager.find(User, { where: { id: In([...userIds]) } }) : []),
  ];
  const seen = new Map<string, ResolvedRecipient>();
  for (const user of users) if (!user.disabled && !seen.has(user.id)) seen.set(user.id, { userId: user.id, name: user.displayName });
  return [...seen.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}
