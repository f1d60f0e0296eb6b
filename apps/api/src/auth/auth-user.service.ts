import { RoleAssignment, User } from '@chibo/db';
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
  constructor(private readonly dataSource: DataSource) {}

  /** The user with this id, or undefined. Includes disabled users (the caller decides). */
  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<LoadedUser | undefined> {
    // One joined query, grants included (findOne with relations would add a DISTINCT id pre-query, and the grants a
    // second query): this runs on every request.
    const user = (await manager
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.member', 'member')
      .leftJoinAndSelect('member.org', 'org')
      .leftJoinAndMapMany('user.grants', RoleAssignment, 'ra', 'ra.userId = user.id')
      .leftJoinAndSelect('ra.org', 'raOrg')
      .where('user.id = :id', { id })
      .getOne()) as (User & { grants?: RoleAssignment[] }) | null;
    if (!user) return undefined;
    const assignments = user.grants ?? [];
    delete user.grants;
    return { user, assignments };
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
