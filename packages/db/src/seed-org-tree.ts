import type { EntityManager } from 'typeorm';
import { Member, type MemberStatus } from './entities/member.entity';
import { OrgUnit, type OrgUnitKind } from './entities/org-unit.entity';
import { Term } from './entities/term.entity';

/** An org unit to create, with its term, members and children (the shape of a scenario's `org`). */
export interface OrgSeed {
  code: string;
  name: string;
  kind: OrgUnitKind;
  abbr: string;
  term?: { from: string; to?: string };
  members?: Array<{ id: string; name: string; status: MemberStatus; roles?: string[] }>;
  children?: OrgSeed[];
}

/**
 * Creates an org tree (units with their materialized paths, terms and members) under an optional parent, inside the
 * caller's transaction. Returns the created units by code. Codes that exist already are an error (unique index).
 */
export async function seedOrgTree(manager: EntityManager, root: OrgSeed, at: string, parent: OrgUnit | null = null): Promise<Map<string, OrgUnit>> {
  const created = new Map<string, OrgUnit>();
  const walk = async (seed: OrgSeed, parentUnit: OrgUnit | null) => {
    const unit = await manager.save(
      manager.create(OrgUnit, {
        code: seed.code,
        name: seed.name,
        kind: seed.kind,
        abbr: seed.abbr,
        parentId: parentUnit?.id ?? null,
        path: `${parentUnit?.path ?? '/'}${seed.code}/`,
        createdAt: at,
      }),
    );
    created.set(seed.code, unit);
    if (seed.term) await manager.save(manager.create(Term, { orgId: unit.id, from: seed.term.from, to: seed.term.to ?? null }));
    const members = (seed.members ?? []).map((m, i) =>
      manager.create(Member, {
        orgId: unit.id,
        code: m.id,
        name: m.name,
        status: m.status,
        roles: m.roles ?? [],
        // Roster order is the order members were listed in; keep it through created_at.
        createdAt: new Date(Date.parse(at) + i).toISOString(),
        updatedAt: at,
      }),
    );
    if (members.length) await manager.save(members, { chunk: 200 });
    for (const child of seed.children ?? []) await walk(child, unit);
  };
  await walk(root, parent);
  return created;
}
