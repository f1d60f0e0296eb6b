import { type OrgUnit, RoleAssignment, User, isUniqueViolation } from '@chibo/db';
import type { EntityManager } from 'typeorm';
import type { GrantRole } from '../auth/auth-user';
import { normalizeLogin } from '../auth/auth-user.service';
import { ConflictError } from '../common/errors';

/** A user row to insert, with its grants on already-loaded org units. */
export interface NewUserRecord {
  login: string;
  passwordHash: string;
  displayName: string;
  memberId: string | null;
  disabled?: boolean;
  /** The password was chosen by someone else (the account's creator): changed at first login. */
  mustChangePassword?: boolean;
  grants: ReadonlyArray<{ role: GrantRole; org: OrgUnit }>;
}

/** Inserts a user and its role assignments in the caller's transaction; 409 when the login is taken. */
export async function insertUser(manager: EntityManager, record: NewUserRecord): Promise<User> {
  const login = normalizeLogin(record.login);
  const users = manager.getRepository(User);
  if (await users.existsBy({ login })) throw loginTaken(login);
  try {
    const user = await users.save(
      users.create({
        login,
        passwordHash: record.passwordHash,
        displayName: record.displayName,
        memberId: record.memberId,
        disabled: record.disabled ?? false,
        mustChangePassword: record.mustChangePassword ?? false,
      }),
    );
    const assignments = manager.getRepository(RoleAssignment);
    const unique = new Map(record.grants.map((grant) => [`${grant.role} ${grant.org.id}`, grant]));
    for (const grant of unique.values()) {
      await assignments.save(assignments.create({ userId: user.id, role: grant.role, orgId: grant.org.id }));
    }
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) throw loginTaken(login);
    throw error;
  }
}

/** Adds one grant; 409 when the user already holds that role on that org. */
export async function insertGrant(manager: EntityManager, userId: string, role: GrantRole, org: OrgUnit): Promise<RoleAssignment> {
  const assignments = manager.getRepository(RoleAssignment);
  const taken = () => new ConflictError(`Người dùng đã có quyền ${role} tại ${org.code}`, 'grant-exists').worded('grant-exists', { role, org: org.code });
  if (await assignments.existsBy({ userId, role, orgId: org.id })) throw taken();
  try {
    return await assignments.save(assignments.create({ userId, role, orgId: org.id }));
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

function loginTaken(login: string): ConflictError {
  return new ConflictError(`Tên đăng nhập ${login} đã được dùng`, 'login-taken').worded('login-taken', { login });
}
