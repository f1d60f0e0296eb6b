import { createUser, seedAdmin } from '@chibo/api';
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
  for (const user of users) {
    let memberId: string | null = null;
    if (user.member) {
      const cell = await dataSource.manager.findOneByOrFail(OrgUnit, { code: user.member.cell });
      memberId = (await dataSource.manager.findOneByOrFail(Member, { orgId: cell.id, code: user.member.id })).id;
    }
    await createUser(dataSource, { login: user.login, password: password(user.login), displayName: user.displayName, memberId, grants: user.grants });
  }
}
