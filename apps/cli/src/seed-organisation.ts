import { createUser, hashPassword, seedAdmin } from '@chibo/api';
import { Member, OrgUnit, seedOrgTree, type OrgSeed } from '@chibo/db';
import type { DataSource } from 'typeorm';

/** Creates an org tree and its users (admin, one per committee, one per member); returns the logins. */
export async function seedOrganisation(
  dataSource: DataSource,
  root: OrgSeed,
  users: Array<{ login: string; displayName: string; member?: { cell: string; id: string }; grants: Array<{ role: 'committee' | 'secretary' | 'member'; orgCode: string }> }>,
  password: (login: string) => string,
  at: string,
  admin: string,
): Promise<void> {
  await dataSource.transaction((m) => seedOrgTree(m, root, at));
  await seedAdmin(dataSource, { login: admin, password: password(admin), orgCode: root.code });
  // Accounts given the same password (the demo's) share one hash: hashing is deliberately slow, once is enough.
  const hashes = new Map<string, string>();
  const hashOf = async (plain: string): Promise<string> => {
    const known = hashes.get(plain);
    if (known !== undefined) return known;
    const hash = await hashPassword(plain);
    hashes.set(plain, hash);
    return hash;
  };
  for (const user of users) {
    let memberId: string | null = null;
    if (user.member) {
      const cell = await dataSource.manager.findOneByOrFail(OrgUnit, { code: user.member.cell });
      memberId = (await dataSource.manager.findOneByOrFail(Member, { orgId: cell.id, code: user.member.id })).id;
    }
    const plain = password(user.login);
    await createUser(dataSource, { login: user.login, password: plain, passwordHash: await hashOf(plain), displayName: user.displayName, memberId, grants: user.grants });
  }
}
