import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '../common/errors';
import type { AuthUser, GrantRole } from './auth-user';

/** The part of an org unit scope checks need. */
export interface ScopedOrg {
  code: string;
  /** Materialized path, e.g. "/DU-NGOC-LAM/CB-THCS-AI-MO/". */
  path: string;
}

/** A SQL condition (for a TypeORM query builder) restricting rows to the org subtrees a user may see. */
export interface SubtreeFilter {
  where: string;
  params: Record<string, string>;
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Answers "may this user see / act on this org unit?" from the user's grants. A grant on an org covers its whole
 * subtree (its path is a prefix); an admin grant satisfies any role; auditor grants only ever give sight.
 *
 * Convention for callers (docs/adr/0006): an org the user cannot see is answered 404 with the same message as a
 * missing one, so existence is not leaked; an org the user can see but not act on is answered 403.
 */
@Injectable()
export class ScopeService {
  /** True when some grant of the user covers `orgPath`. */
  canSee(user: AuthUser, orgPath: string): boolean {
    return user.grants.some((grant) => orgPath.startsWith(grant.orgPath));
  }

  /** True when a grant with one of `roles` (or admin) covers `orgPath`. Auditor grants never allow acting. */
  canAct(user: AuthUser, orgPath: string, roles: readonly GrantRole[]): boolean {
    return user.grants.some(
      (grant) =>
        grant.role !== 'auditor' && (grant.role === 'admin' || roles.includes(grant.role)) && orgPath.startsWith(grant.orgPath),
    );
  }

  /** The roots of the subtrees the user may see, without paths already covered by another (sorted). */
  visibleOrgPaths(user: AuthUser): string[] {
    const paths = [...new Set(user.grants.map((grant) => grant.orgPath))].sort();
    return paths.filter((path) => !paths.some((other) => other !== path && path.startsWith(other)));
  }

  /** The subtree roots where the user may act with one of `roles` (or admin). */
  actingOrgPaths(user: AuthUser, roles: readonly GrantRole[]): string[] {
    const paths = [
      ...new Set(
        user.grants
          .filter((grant) => grant.role !== 'auditor' && (grant.role === 'admin' || roles.includes(grant.role)))
          .map((grant) => grant.orgPath),
      ),
    ].sort();
    return paths.filter((path) => !paths.some((other) => other !== path && path.startsWith(other)));
  }

  /** True when every grant of the user is an auditor grant: such a user may only read. */
  isReadOnly(user: AuthUser): boolean {
    return user.grants.length > 0 && user.grants.every((grant) => grant.role === 'auditor');
  }

  /** True when a read-only user would be refused `method`. */
  refusesMethod(user: AuthUser, method: string): boolean {
    return this.isReadOnly(user) && !READ_ONLY_METHODS.has(method.toUpperCase());
  }

  /** True when the user is admin on a root org unit: may create root units and manage users tied to no unit. */
  isRootAdmin(user: AuthUser): boolean {
    return user.grants.some((grant) => grant.role === 'admin' && grant.orgPath.split('/').filter(Boolean).length === 1);
  }

  /**
   * Throws 404 (`notFound`: its message, or the error with its words, see `unknownOrg`) unless the user can see `org`;
   * `org` undefined means it does not exist.
   */
  requireVisible<T extends ScopedOrg>(user: AuthUser, org: T | null | undefined, notFound: string | NotFoundError): T {
    if (!org || !this.canSee(user, org.path)) throw typeof notFound === 'string' ? new NotFoundError(notFound) : notFound;
    return org;
  }

  /** 404 unless visible (same as {@link requireVisible}), then 403 unless the user may act on it with `roles`. */
  requireAct<T extends ScopedOrg>(
    user: AuthUser,
    org: T | null | undefined,
    roles: readonly GrantRole[],
    notFound: string | NotFoundError,
    forbiddenMessage?: string,
  ): T {
    const visible = this.requireVisible(user, org, notFound);
    if (!this.canAct(user, visible.path, roles)) throw new ForbiddenError(forbiddenMessage);
    return visible;
  }

  /**
   * A condition for a query builder that keeps rows whose `pathColumn` lies in a subtree the user may see:
   * `qb.andWhere(filter.where, filter.params)`. Matches nothing when the user has no grant.
   */
  subtreeFilter(user: AuthUser, pathColumn: string, paths: readonly string[] = this.visibleOrgPaths(user)): SubtreeFilter {
    if (paths.length === 0) return { where: '1 = 0', params: {} };
    const params: Record<string, string> = {};
    const clauses = paths.map((path, i) => {
      const name = `scopePath${i}`;
      params[name] = `${escapeLike(path)}%`;
      return `${pathColumn} LIKE :${name} ESCAPE '\\'`;
    });
    return { where: `(${clauses.join(' OR ')})`, params };
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
