import { OrgUnit, RoleAssignment, User } from '@chibo/db';
import { type DataSource, IsNull } from 'typeorm';
import type { AuthUser, GrantRole } from '../auth/auth-user';
import { AuthUserService, normalizeLogin, toAuthUser } from '../auth/auth-user.service';
import { hashPassword } from '../auth/password';
import { NotFoundError } from '../common/errors';
import { insertOrgUnit, type NewOrgUnit } from '../orgs/org-units';
import { insertUser } from '../users/user-records';

// Seeding helpers for tests and the CLI: they write straight to the database, without a caller's scope.

export interface SeedUserInput {
  login: string;
  password: string;
  /**
   * `password` already hashed (hashPassword), stored as given. For many accounts that share one known password (the
   * demo's): each scrypt hash costs a sixth of a second of CPU, and the demo has over a hundred accounts.
   */
  passwordHash?: string;
  displayName: string;
  /** The member this account belongs to (`members.id`). */
  memberId?: string | null;
  grants: ReadonlyArray<{ role: GrantRole; orgCode: string }>;
  disabled?: boolean;
  /** The person must choose their own password at first login (an initial password someone else chose). */
  mustChangePassword?: boolean;
}

/** Creates a user with hashed password and grants; throws 409 `ConflictError` when the login exists. */
export async function createUser(dataSource: DataSource, input: SeedUserInput): Promise<AuthUser> {
  const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
  const id = await dataSource.transaction(async (manager) => {
    const grants: Array<{ role: GrantRole; org: OrgUnit }> = [];
    for (const grant of input.grants) {
      const org = await manager.getRepository(OrgUnit).findOneBy({ code: grant.orgCode });
      if (!org) throw new NotFoundError(`Không tìm thấy đơn vị ${grant.orgCode}`);
      grants.push({ role: grant.role, org });
    }
    const user = await insertUser(manager, {
      login: input.login,
      passwordHash,
      displayName: input.displayName,
      memberId: input.memberId ?? null,
      disabled: input.disabled,
      mustChangePassword: input.mustChangePassword,
      grants,
    });
    return user.id;
  });
  return loadAuthUser(dataSource, id);
}

export interface SeedAdminInput {
  login: string;
  password: string;
  displayName?: string;
  /** Org unit the admin grant is on; default every root unit (an admin on the roots covers everything). */
  orgCode?: string;
}

/**
 * Makes sure an admin account exists with an admin grant on the root unit(s). Idempotent, so `npm start` can call it
 * every time: an existing account keeps its password and only gains the missing grants. Needs the org tree first.
 */
export async function seedAdmin(dataSource: DataSource, input: SeedAdminInput): Promise<AuthUser> {
  const units = input.orgCode
    ? await dataSource.getRepository(OrgUnit).findBy({ code: input.orgCode })
    : await dataSource.getRepository(OrgUnit).findBy({ parentId: IsNull() });
  if (units.length === 0) {
    throw new Error(
      input.orgCode
        ? `seedAdmin: no org unit ${input.orgCode}`
        : 'seedAdmin: there is no org unit yet; create the root committee first (createOrgUnit)',
    );
  }
  const existing = await dataSource.getRepository(User).findOneBy({ login: normalizeLogin(input.login) });
  if (!existing) {
    return createUser(dataSource, {
      login: input.login,
      password: input.password,
      displayName: input.displayName ?? 'Quản trị viên',
      grants: units.map((unit) => ({ role: 'admin' as const, orgCode: unit.code })),
    });
  }
  const assignments = dataSource.getRepository(RoleAssignment);
  for (const unit of units) {
    if (!(await assignments.existsBy({ userId: existing.id, role: 'admin', orgId: unit.id }))) {
      await assignments.save(assignments.create({ userId: existing.id, role: 'admin', orgId: unit.id }));
    }
  }
  return loadAuthUser(dataSource, existing.id);
}

export interface SeedOrgUnitInput extends NewOrgUnit {
  /** Code of the parent committee; omitted for a root. */
  parentCode?: string;
}

/** Creates an org unit (with its term) under `parentCode`; 409 when the code exists, 422 when the parent is a cell. */
export async function createOrgUnit(dataSource: DataSource, input: SeedOrgUnitInput): Promise<OrgUnit> {
  return dataSource.transaction(async (manager) => {
    let parent: OrgUnit | null = null;
    if (input.parentCode !== undefined) {
      parent = await manager.getRepository(OrgUnit).findOneBy({ code: input.parentCode });
      if (!parent) throw new NotFoundError(`Không tìm thấy đơn vị ${input.parentCode}`);
    }
    return insertOrgUnit(manager, input, parent);
  });
}

async function loadAuthUser(dataSource: DataSource, id: string): Promise<AuthUser> {
  const loaded = await new AuthUserService(dataSource).findById(id);
  if (!loaded) throw new Error(`user ${id} vanished`);
  return toAuthUser(loaded);
}
