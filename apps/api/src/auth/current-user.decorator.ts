import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { UnauthorizedError } from '../common/errors';
import type { AuthenticatedRequest, AuthUser } from './auth-user';

/** The logged-in {@link AuthUser}: `me(@CurrentUser() user: AuthUser)`. Throws 401 on a route without a user. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new UnauthorizedError();
  return user;
});
