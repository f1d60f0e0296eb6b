import { CoalescingLoader, RoleAssignment, User } from '@chibo/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser, Grant } from './auth-user';

/** A user row with what {@link toAuthUser} needs. */
export interface LoadedUser {
  user: User;
  assignments: RoleAssignment[];
}

/** Loads users with their member and grants, as the auth guard and the users endpoints need them. */
@Injectable()
export class AuthUserService {
  /** Requests arriving together (every request loads its user) share one query; nothing is kept between queries. */
  private readonly loader = new CoalescingLoader<string, LoadedUser>((ids) => this.load(this.dataSource.manager, ids));

  constructor(private readonly dataSource: DataSource) {}

  /** The user with this id, or undefined. Includes disabled users (the caller decides). */
  async findById(id: string, manager?: EntityManager): Promise<LoadedUser | undefined> {
    if (!manager || manager === this.dataSource.manager) return this.loader.load(id);
    return (await this.load(manager, [id])).get(id);
  }

  /**
   * Users with their member and grants, in one joined query (findOne with relations would add a DISTINCT id
   * pre-query, and the grants a second query): this runs on every request.
   */
  private async load(manager: EntityManager, ids: string[]): Promise<Map<string, LoadedUser>> {
    const users = (await manager
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.member', 'member')
      .leftJoinAndSelect('member.org', 'org')
      .leftJoinAndMapMany('user.grants', RoleAssignment, 'ra', 'ra.userId = user.id')
      .leftJoinAndSelect('ra.org', 'raOrg')
      .where('user.id IN (:...ids)', { ids })
      .getMany()) as Array<User & { grants?: RoleAssignment[] }>;
    const loaded = new Map<string, LoadedUser>();
    for (const user of users) {
      const assignments = user.grants ?? [];
      delete user.grants;
      loaded.set(user.id, { user, assignments });
    }
    return loaded;
  }

  /** The user with this login (case-insensitive: logins are stored lower-case), or undefined. */
  async findByLogin(login: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedUser | undefined> {
    const user = await manager
      .getRepository(User)
      .findOne({ where: { login: normalizeLogin(login) }, relations: { member: { org: true } } });
    if (!user) return undefined;
    return { user, assignments: await this.assignmentsOf(user.id, manager) };
  }

  private assignmentsOf(userId: string, manager: EntityManager): Promise<RoleAssignment[]> {
    return manager.getRepository(RoleAssignment).find({ where: { userId }, relations: { org: true } });
  }
}

/** Logins compare case-insensitively and ignore surrounding spaces: "Nga " and "nga" are one account. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** Builds the request's {@link AuthUser} from rows loaded with their relations. */
export function toAuthUser({ user, assignments }: LoadedUser): AuthUser {
  const member = user.member ?? null;
  const grants: Grant[] = assignments
    .filter((assignment) => assignment.org !== undefined)
    .map((assignment) => ({
      id: assignment.id,
      role: assignment.role,
      orgId: assignment.orgId,
      orgCode: assignment.org?.code ?? '',
      orgPath: assignment.org?.path ?? '',
    }))
    .sort((a, b) => a.orgPath.localeCompare(b.orgPath) || a.role.localeCompare(b.role));
  return {
    id: user.id,
    login: user.login,
    displayName: user.displayName,
    memberId: user.memberId,
    member: member
      ? {
          id: member.id,
          code: member.code,
          name: member.name,
          orgId: member.orgId,
          orgCode: member.org?.code ?? '',
          roles: [...member.roles],
        }
      : null,
    grants,
  };
}
