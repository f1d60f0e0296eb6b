import { recordAdminAction, recordAdminActions } from '@chibo/audit';
import { Member, OrgUnit, RoleAssignment, User } from '@chibo/db';
import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AuthUser, Grant, GrantRole } from '../auth/auth-user';
import { AuthUserService, type LoadedUser, toAuthUser } from '../auth/auth-user.service';
import { hashPassword } from '../auth/password';
import { ScopeService } from '../auth/scope.service';
import { SessionsService } from '../auth/sessions.service';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { orgNotFound } from '../orgs/org-units';
import type { AddRoleInput, CreateUserInput, UserView } from './dto/user.dto';
import { insertGrant, insertUser } from './user-records';

/** Managing users is for admins and committees, each within its subtree. */
const MANAGERS: readonly GrantRole[] = ['committee'];

const USER_NOT_FOUND = 'Không tìm thấy người dùng';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    private readonly authUsers: AuthUserService,
    private readonly sessions: SessionsService,
  ) {}

  /** Users the caller manages: tied (by a grant or their member) to the caller's subtrees; every user for a root admin. */
  async list(caller: AuthUser): Promise<UserView[]> {
    const ids = await this.managedUserIds(caller);
    if (ids !== 'all' && ids.length === 0) return [];
    const users = await this.dataSource.getRepository(User).find({
      where: ids === 'all' ? {} : { id: In(ids) },
      relations: { member: { org: true } },
      order: { login: 'ASC' },
    });
    const assignments = await this.dataSource
      .getRepository(RoleAssignment)
      .find({ where: { userId: In(users.map((user) => user.id)) }, relations: { org: true } });
    return users.map((user) => this.toView(caller, { user, assignments: assignments.filter((a) => a.userId === user.id) }));
  }

  async create(caller: AuthUser, input: CreateUserInput): Promise<UserView> {
    const passwordHash = await hashPassword(input.password);
    const id = await this.dataSource.transaction(async (manager) => {
      let member: Member | null = null;
      if (input.member) {
        const cell = await manager.getRepository(OrgUnit).findOneBy({ code: input.member.org });
        this.scope.requireAct(caller, cell, MANAGERS, orgNotFound(input.member.org, 'chi bộ'), manageForbidden(input.member.org));
        member = await manager.getRepository(Member).findOneBy({ orgId: cell?.id ?? '', code: input.member.code });
        if (!member) throw new NotFoundError(`Không tìm thấy đảng viên ${input.member.code} trong chi bộ ${input.member.org}`, 'member-not-found').worded('member-not-found', { member: input.member.code, cell: input.member.org });
      }
      const grants: Array<{ role: GrantRole; org: OrgUnit }> = [];
      for (const grant of input.grants) grants.push({ role: grant.role, org: await this.grantableOrg(caller, grant, manager) });
      if (!member && grants.length === 0 && !this.scope.isRootAdmin(caller)) {
        throw new ForbiddenError('Tài khoản mới phải gắn với một đảng viên hoặc có quyền tại một đơn vị bạn quản lý');
      }
      const user = await insertUser(manager, {
        login: input.login,
        passwordHash,
        displayName: input.displayName,
        memberId: member?.id ?? null,
        grants,
        // Someone else chose this password: the person must choose their own at first login.
        mustChangePassword: true,
      });
      const at = new Date().toISOString();
      const subject = { userId: user.id, login: user.login, displayName: user.displayName };
      // The account is recorded where its member belongs (or in the system chain); each grant where it applies.
      const memberOrg = member ? await manager.getRepository(OrgUnit).findOneBy({ id: member.orgId }) : null;
      const given: string[] = [];
      await recordAdminActions(manager, [
        {
          type: 'user-created',
          org: memberOrg?.code ?? null,
          actorUserId: caller.id,
          at,
          memberId: member?.id ?? null,
          subject,
          before: null,
          after: { ...subject, member: member ? { id: member.id, code: member.code } : null, grants: grants.map(grantLabel) },
        },
        ...grants.map((grant) => {
          const before = [...given];
          given.push(grantLabel(grant));
          return { type: 'role-granted' as const, org: grant.org.code, actorUserId: caller.id, at, memberId: member?.id ?? null, subject: { ...subject, role: grant.role }, before, after: [...given] };
        }),
      ]);
      return user.id;
    });
    return this.toView(caller, await this.load(id));
  }

  async addRole(caller: AuthUser, userId: string, input: AddRoleInput): Promise<Grant> {
    return this.dataSource.transaction(async (manager) => {
      const target = await this.managedUser(caller, userId, manager);
      const org = await this.grantableOrg(caller, input, manager);
      const assignment = await insertGrant(manager, userId, input.role, org);
      const before = grantLabels(target);
      await recordAdminAction(manager, {
        type: 'role-granted',
        org: org.code,
        actorUserId: caller.id,
        at: new Date().toISOString(),
        memberId: target.user.memberId,
        subject: { userId, login: target.user.login, role: input.role, assignmentId: assignment.id },
        before,
        after: [...before, grantLabel({ role: input.role, org })].sort(),
      });
      return { id: assignment.id, role: input.role, orgId: org.id, orgCode: org.code, orgPath: org.path };
    });
  }

  async removeRole(caller: AuthUser, userId: string, assignmentId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const target = await this.managedUser(caller, userId, manager);
      const assignment = target.assignments.find((candidate) => candidate.id === assignmentId);
      const notFound = 'Không tìm thấy quyền này của người dùng';
      if (!assignment?.org) throw new NotFoundError(notFound, 'grant-not-found');
      this.scope.requireAct(caller, assignment.org, requiredToGrant(assignment.role), notFound, manageForbidden(assignment.org.code));
      if (assignment.role === 'admin' && assignment.org.parentId === null) {
        const rootAdmins = await manager.getRepository(RoleAssignment).countBy({ role: 'admin', orgId: assignment.orgId });
        if (rootAdmins <= 1) {
          throw new ConflictError(`Không thể gỡ quản trị viên cuối cùng của ${assignment.org.code}`, 'last-admin').worded('last-admin', { org: assignment.org.code });
        }
      }
      await manager.getRepository(RoleAssignment).delete({ id: assignment.id });
      const before = grantLabels(target);
      await recordAdminAction(manager, {
        type: 'role-revoked',
        org: assignment.org.code,
        actorUserId: caller.id,
        at: new Date().toISOString(),
        memberId: target.user.memberId,
        subject: { userId, login: target.user.login, role: assignment.role, assignmentId: assignment.id },
        before,
        after: before.filter((label) => label !== grantLabel({ role: assignment.role, org: assignment.org! })),
      });
    });
  }

  /**
   * Sets a new temporary password (the given one, or a generated one returned once): every session of the account
   * ends and the person must choose their own password at the next login. Recorded in the audit log.
   */
  async resetPassword(caller: AuthUser, userId: string, password: string | undefined): Promise<{ temporaryPassword: string; mustChangePassword: true }> {
    const temporaryPassword = password ?? generatePassword();
    const passwordHash = await hashPassword(temporaryPassword);
    await this.dataSource.transaction(async (manager) => {
      const target = await this.controlledUser(caller, userId, manager);
      await manager.getRepository(User).update({ id: userId }, { passwordHash, mustChangePassword: true });
      await this.sessions.revokeAll(manager, userId);
      await recordAdminAction(manager, { type: 'password-reset', org: accountOrg(target), actorUserId: caller.id, at: new Date().toISOString(), memberId: target.user.memberId, subject: { userId, login: target.user.login } });
    });
    return { temporaryPassword, mustChangePassword: true };
  }

  /** Disables or re-enables an account; disabling ends its sessions at once. Recorded in the audit log. */
  async setDisabled(caller: AuthUser, userId: string, disabled: boolean): Promise<UserView> {
    if (caller.id === userId && disabled) throw new ConflictError('Không thể tự khóa tài khoản của chính mình', 'self-disable');
    await this.dataSource.transaction(async (manager) => {
      const target = await this.controlledUser(caller, userId, manager);
      if (target.user.disabled === disabled) return;
      await manager.getRepository(User).update({ id: userId }, { disabled });
      if (disabled) await this.sessions.revokeAll(manager, userId);
      await recordAdminAction(manager, {
        type: disabled ? 'user-disabled' : 'user-enabled',
        org: accountOrg(target),
        actorUserId: caller.id,
        at: new Date().toISOString(),
        memberId: target.user.memberId,
        subject: { userId, login: target.user.login },
        before: { disabled: !disabled },
        after: { disabled },
      });
    });
    return this.toView(caller, await this.load(userId));
  }

  /**
   * A managed user whose every grant the caller could hand out: a committee cannot take over (reset, disable) an
   * account that holds admin, or a grant outside the committee's subtree. 404 when not managed, 403 otherwise.
   */
  private async controlledUser(caller: AuthUser, userId: string, manager: EntityManager): Promise<LoadedUser> {
    const target = await this.managedUser(caller, userId, manager);
    for (const assignment of target.assignments) {
      if (!assignment.org || !this.scope.canAct(caller, assignment.org.path, requiredToGrant(assignment.role))) {
        throw new ForbiddenError(`Bạn không có quyền quản lý tài khoản ${target.user.login}: tài khoản có quyền ngoài phạm vi của bạn`, 'account-out-of-scope');
      }
    }
    return target;
  }

  /** The org a grant names, if the caller may hand out that role there: 404 when hidden, 403 when not allowed. */
  private async grantableOrg(caller: AuthUser, grant: { role: GrantRole; org: string }, manager: EntityManager): Promise<OrgUnit> {
    const org = await manager.getRepository(OrgUnit).findOneBy({ code: grant.org });
    return this.scope.requireAct(
      caller,
      org,
      requiredToGrant(grant.role),
      orgNotFound(grant.org),
      grant.role === 'admin' ? 'Chỉ quản trị viên mới cấp được quyền quản trị' : manageForbidden(grant.org),
    );
  }

  /** The user if the caller manages them; 404 otherwise (existence of other users is not revealed). */
  private async managedUser(caller: AuthUser, userId: string, manager: EntityManager): Promise<LoadedUser> {
    const loaded = await this.authUsers.findById(userId, manager);
    if (!loaded || !this.manages(caller, loaded)) throw new NotFoundError(USER_NOT_FOUND, 'user-not-found');
    return loaded;
  }

  private manages(caller: AuthUser, { user, assignments }: LoadedUser): boolean {
    if (this.scope.isRootAdmin(caller)) return true;
    const anchors = [...assignments.map((a) => a.org?.path), user.member?.org?.path].filter((p): p is string => p !== undefined);
    return anchors.some((path) => this.scope.canAct(caller, path, MANAGERS));
  }

  private async managedUserIds(caller: AuthUser): Promise<string[] | 'all'> {
    if (this.scope.isRootAdmin(caller)) return 'all';
    const paths = this.scope.actingOrgPaths(caller, MANAGERS);
    if (paths.length === 0) return [];
    const filter = this.scope.subtreeFilter(caller, 'org.path', paths);
    const viaGrants = await this.dataSource
      .getRepository(RoleAssignment)
      .createQueryBuilder('ra')
      .innerJoin('ra.org', 'org')
      .select('DISTINCT ra.userId', 'id')
      .where(filter.where, filter.params)
      .getRawMany<{ id: string }>();
    const viaMembers = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('u.member', 'member')
      .innerJoin('member.org', 'org')
      .select('u.id', 'id')
      .where(filter.where, filter.params)
      .getRawMany<{ id: string }>();
    return [...new Set([...viaGrants, ...viaMembers].map((row) => row.id))];
  }

  private async load(id: string): Promise<LoadedUser> {
    const loaded = await this.authUsers.findById(id);
    if (!loaded) throw new NotFoundError(USER_NOT_FOUND, 'user-not-found');
    return loaded;
  }

  private toView(caller: AuthUser, loaded: LoadedUser): UserView {
    const auth = toAuthUser(loaded);
    return {
      id: auth.id,
      login: auth.login,
      displayName: auth.displayName,
      disabled: loaded.user.disabled,
      member: auth.member ? { id: auth.member.id, code: auth.member.code, name: auth.member.name, orgCode: auth.member.orgCode } : null,
      // Grants elsewhere in the tree are none of the caller's business.
      grants: auth.grants.filter((grant) => this.scope.canSee(caller, grant.orgPath)),
      createdAt: loaded.user.createdAt,
    };
  }
}

/** A temporary password: 16 characters (about 92 random bits), readable over the phone (no look-alike characters). */
function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** The chain an account's action is recorded in: its member's cell, else the system chain. */
function accountOrg(target: LoadedUser): string | null {
  return target.user.member?.org?.code ?? null;
}

/** A grant as audit entries show it: "secretary@CB-THCS-AI-MO". */
function grantLabel(grant: { role: string; org: { code: string } }): string {
  return `${grant.role}@${grant.org.code}`;
}

/** Every grant of a user, as labels, sorted. */
function grantLabels(loaded: LoadedUser): string[] {
  return loaded.assignments.filter((a) => a.org).map((a) => grantLabel({ role: a.role, org: a.org! })).sort();
}

/** Handing out admin takes an admin; any other role, a committee (or admin) over the org. */
function requiredToGrant(role: GrantRole): readonly GrantRole[] {
  return role === 'admin' ? ['admin'] : MANAGERS;
}

function manageForbidden(orgCode: string): string {
  return `Bạn không có quyền quản lý tài khoản tại ${orgCode}`;
}
