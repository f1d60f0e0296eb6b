import { Member, type MemberStatus, OrgUnit } from '@chibo/db';
import type { DataSource } from 'typeorm';
import { type AuthUser, type GrantRole, createOrgUnit, createUser, seedAdmin } from '../../src';
import type { TestApp } from './test-app';

/**
 * The organisation every suite starts from:
 *
 *   DU-NGOC-LAM (committee, root)
 *   ├── DU-KHOI-A (committee) ── CB-A1 (cell: nga secretary, m02, m03 probationary), CB-A2 (cell)
 *   └── DU-KHOI-B (committee) ── CB-B1 (cell: b01 secretary)
 */
export const ORG = {
  root: 'DU-NGOC-LAM',
  committeeA: 'DU-KHOI-A',
  cellA1: 'CB-A1',
  cellA2: 'CB-A2',
  committeeB: 'DU-KHOI-B',
  cellB1: 'CB-B1',
} as const;

export const PASSWORD = 'mat-khau-an-toan';

/** Who acts in the tests, by the grant they hold. */
export const ACTORS = [
  'admin', // admin on the root
  'committeeA', // committee on DU-KHOI-A
  'secretaryA1', // secretary on CB-A1 (member nga)
  'memberA1', // member on CB-A1 (member m02)
  'auditor', // auditor on the root: sees everything, changes nothing
  'committeeB', // committee on DU-KHOI-B
  'secretaryB1', // secretary on CB-B1 (member b01)
  'nobody', // an account with no grant at all
] as const;
export type Actor = (typeof ACTORS)[number];

export interface Fixture {
  users: Record<Actor, AuthUser>;
  tokens: Record<Actor, string>;
}

/** Seeds the org tree, members and one account per actor, and logs each in through the API. */
export async function seedFixture(t: TestApp): Promise<Fixture> {
  const { ds } = t;
  await createOrgUnit(ds, { code: ORG.root, name: 'Đảng ủy phường Ngọc Lâm', abbr: 'ĐU', kind: 'committee', term: { from: '2020-08-01' } });
  await createOrgUnit(ds, { code: ORG.committeeA, name: 'Đảng ủy khối trường học', abbr: 'ĐU', kind: 'committee', parentCode: ORG.root });
  await createOrgUnit(ds, { code: ORG.cellA1, name: 'Chi bộ Trường THCS Ái Mộ', abbr: 'CB', kind: 'cell', parentCode: ORG.committeeA });
  await createOrgUnit(ds, { code: ORG.cellA2, name: 'Chi bộ Trường Tiểu học Ngọc Lâm', abbr: 'CB', kind: 'cell', parentCode: ORG.committeeA });
  await createOrgUnit(ds, { code: ORG.committeeB, name: 'Đảng ủy khối dân cư', abbr: 'ĐU', kind: 'committee', parentCode: ORG.root });
  await createOrgUnit(ds, { code: ORG.cellB1, name: 'Chi bộ Tổ dân phố 1', abbr: 'CB', kind: 'cell', parentCode: ORG.committeeB });

  const nga = await addMember(ds, ORG.cellA1, 'nga', 'Ngô Thị Nga', 'official', ['secretary']);
  const m02 = await addMember(ds, ORG.cellA1, 'm02', 'Trần Văn Hùng', 'official');
  await addMember(ds, ORG.cellA1, 'm03', 'Lê Thị Hoa', 'probationary');
  const b01 = await addMember(ds, ORG.cellB1, 'b01', 'Phạm Văn Bình', 'official', ['secretary']);

  const user = (login: string, displayName: string, grants: Array<{ role: GrantRole; orgCode: string }>, memberId?: string) =>
    createUser(ds, { login, password: PASSWORD, displayName, grants, memberId });
  const users: Record<Actor, AuthUser> = {
    admin: await seedAdmin(ds, { login: 'admin', password: PASSWORD }),
    committeeA: await user('cap-uy-a', 'Cấp ủy khối A', [{ role: 'committee', orgCode: ORG.committeeA }]),
    secretaryA1: await user('nga', 'Ngô Thị Nga', [{ role: 'secretary', orgCode: ORG.cellA1 }], nga.id),
    memberA1: await user('hung', 'Trần Văn Hùng', [{ role: 'member', orgCode: ORG.cellA1 }], m02.id),
    auditor: await user('kiem-tra', 'Ủy ban kiểm tra', [{ role: 'auditor', orgCode: ORG.root }]),
    committeeB: await user('cap-uy-b', 'Cấp ủy khối B', [{ role: 'committee', orgCode: ORG.committeeB }]),
    secretaryB1: await user('binh', 'Phạm Văn Bình', [{ role: 'secretary', orgCode: ORG.cellB1 }], b01.id),
    nobody: await user('khach', 'Tài khoản chưa được cấp quyền', []),
  };

  const tokens = {} as Record<Actor, string>;
  for (const actor of ACTORS) {
    const response = await t.http().post('/api/v1/auth/login').send({ login: users[actor].login, password: PASSWORD }).expect(200);
    tokens[actor] = (response.body as { token: string }).token;
  }
  return { users, tokens };
}

export async function addMember(
  ds: DataSource,
  orgCode: string,
  code: string,
  name: string,
  status: MemberStatus,
  roles: string[] = [],
): Promise<Member> {
  const org = await ds.getRepository(OrgUnit).findOneByOrFail({ code: orgCode });
  // Distinct instants keep the roster order (created_at) deterministic even when two inserts share a millisecond.
  const createdAt = new Date(Date.now() + ++memberSeq).toISOString();
  return ds.getRepository(Member).save(ds.getRepository(Member).create({ orgId: org.id, code, name, status, roles, createdAt, updatedAt: createdAt }));
}
let memberSeq = 0;

/** `Authorization` header for an actor. */
export function bearer(fixture: Fixture, actor: Actor): { Authorization: string } {
  return { Authorization: `Bearer ${fixture.tokens[actor]}` };
}
