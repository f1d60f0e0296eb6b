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
  // A guidance's reminder names the secretaries of hundreds of cells: a few batched queries, not two per cell.
  const named = new Map<string, Set<string>>(); // org id → member codes
  const everyone = new Set<string>(); // org ids whose members are all addressed
  const secretaries = new Set<string>(); // org ids whose secretaries are addressed
  const grants = new Map<string, Set<string>>(); // role → org ids
  for (const spec of specs) {
    const org = orgId.get(spec.org ?? defaultOrg ?? '');
    if (!org) continue;
    if ('member' in spec) named.set(org, (named.get(org) ?? new Set()).add(spec.member));
    else {
      if (spec.role === 'member') everyone.add(org);
      if (spec.role === 'secretary') secretaries.add(org);
      if (spec.role !== 'member') grants.set(spec.role, (grants.get(spec.role) ?? new Set()).add(org));
    }
  }
  const memberOrgs = [...new Set([...named.keys(), ...everyone, ...secretaries])];
  const memberIds = new Set<string>();
  for (const chunk of chunks(memberOrgs, 500)) {
    for (const m of await manager.find(Member, { where: { orgId: In(chunk) } })) {
      if (named.get(m.orgId)?.has(m.code)) memberIds.add(m.id);
      else if (m.status === 'suspended') continue;
      else if (everyone.has(m.orgId) || (secretaries.has(m.orgId) && m.roles.includes('secretary'))) memberIds.add(m.id);
    }
  }
  const userIds = new Set<string>();
  for (const [role, orgIds] of grants) {
    for (const chunk of chunks([...orgIds], 500)) {
      for (const grant of await manager.find(RoleAssignment, { where: { orgId: In(chunk), role: role as RoleAssignment['role'] } })) userIds.add(grant.userId);
    }
  }
  const users: User[] = [];
  for (const chunk of chunks([...memberIds], 500)) users.push(...(await manager.find(User, { where: { memberId: In(chunk) } })));
  for (const chunk of chunks([...userIds], 500)) users.push(...(await manager.find(User, { where: { id: In(chunk) } })));
  const seen = new Map<string, ResolvedRecipient>();
  for (const user of users) if (!user.disabled && !seen.has(user.id)) seen.set(user.id, { userId: user.id, name: user.displayName });
  return [...seen.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
