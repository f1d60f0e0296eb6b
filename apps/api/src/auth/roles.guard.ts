import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError } from '../common/errors';
import type { AuthenticatedRequest, GrantRole } from './auth-user';
import { ROLES_KEY } from './roles.decorator';

/**
 * Global guard (runs after {@link AuthGuard}): on a route marked `@Roles(...)`, the user must hold one of the roles
 * on some org unit; an admin grant always qualifies. Which org the grant covers is checked by the service.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<GrantRole[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles || roles.length === 0 || context.getType() !== 'http') return true;
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    const allowed = user?.grants.some((grant) => grant.role === 'admin' || roles.includes(grant.role)) ?? false;
    if (!allowed) throw new ForbiddenError();
    return true;
  }
}
