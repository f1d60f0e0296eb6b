import { createDataSource, NotificationSettings, seedOrgTree, User, type OrgSeed } from '@chibo/db';
import { Member, OrgUnit, RoleAssignment } from '@chibo/db';
import type { DataSource } from 'typeorm';

export const CELL: OrgSeed = {
  code: 'CB-THU',
  name: 'Chi bộ Trường THCS Thử',
  kind: 'cell',
  abbr: 'CB',
  members: [
    { id: 'nga', name: 'Nguyễn Thị Nga', status: 'official', roles: ['secretary'] },
    { id: 'hung', name: 'Trần Văn Hùng', status: 'official' },
    { id: 'lan', name: 'Lê Thị Lan', status: 'probationary' },
    { id: 'tam', name: 'Phạm Minh Tâm', status: 'suspended' },
  ],
};

/** The cell, a login per member (e-mail `<code>@thu.vn`), and the superior committee's login. */
export async function seedCell(dataSource: DataSource): Promise<Record<string, string>> {
  const at = '2022-03-01T00:00:00.000Z';
  const units = await dataSource.transaction((m) => seedOrgTree(m, { code: 'DU-THU', name: 'Đảng ủy xã Thử', kind: 'committee', abbr: 'ĐU', children: [CELL] }, at));
  const cell = units.get('CB-THU')!;
  const users: Record<string, string> = {};
  for (const member of await dataSource.manager.find(Member, { where: { orgId: cell.id } })) {
    const user = await dataSource.manager.save(dataSource.manager.create(User, { login: `thu.${member.code}`, passwordHash: 'x', displayName: member.name, memberId: member.id }));
    users[member.code] = user.id;
    await dataSource.manager.save(Object.assign(new NotificationSettings(), { userId: user.id, email: `${member.code}@thu.vn`, emailVerified: true, emailBounced: null, preferences: {}, updatedAt: at }));
  }
  const committee = await dataSource.manager.save(dataSource.manager.create(User, { login: 'du-thu', passwordHash: 'x', displayName: 'Văn phòng Đảng ủy xã Thử', memberId: null }));
  await dataSource.manager.save(dataSource.manager.create(RoleAssignment, { userId: committee.id, role: 'committee', orgId: (await dataSource.manager.findOneByOrFail(OrgUnit, { code: 'DU-THU' })).id }));
  users['committee'] = committee.id;
  await dataSource.manager.save(Object.assign(new NotificationSettings(), { userId: committee.id, email: 'vanphong@du-thu.vn', emailVerified: true, emailBounced: null, preferences: {}, updatedAt: at }));
  return users;
}

export { createDataSource };
