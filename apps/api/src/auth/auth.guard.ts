import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError } from '../common/errors';
import { toAuthUser } from './auth-user.service';
import { OWN_ACCOUNT_KEY } from './own-account.decorator';
import type { AuthenticatedRequest } from './auth-user';
import { IS_PUBLIC_KEY } from './public.decorator';
import { ScopeService } from './scope.service';
import { SessionsService } from './sessions.service';
import { readCookie, TOKEN_COOKIE } from '../web/session/web-session';

const BEARER = /^Bearer\s+(\S+)$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()` (reads also take the web pages' login
 * cookie). Loads the {@link AuthUser} from the database (a disabled or deleted account, or a revoked session, is
 * refused with 401; an account that must change its initial password may only do that, 403 otherwise) and
 * enforces that auditors only read: any method other than GET/HEAD/OPTIONS from a user whose grants are all auditor
 * grants is 403, whatever the route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly scope: ScopeService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    // A browser logged in to the web pages sends its login cookie instead; it is accepted for reads only (documents
    // opened from a page), so a write always needs the bearer header no other site can set (docs/adr/0011-web-ui.md).
    const cookie = header ? undefined : SAFE_METHODS.has(request.method) ? readCookie(request, TOKEN_COOKIE) : undefined;
    if (!header && !cookie) throw new UnauthorizedError('Bạn cần đăng nhập để tiếp tục', 'missing-token');
    const token = cookie ?? BEARER.exec(header!)?.[1];
    if (!token) throw new UnauthorizedError('Tiêu đề Authorization phải có dạng "Bearer <mã đăng nhập>"', 'invalid-token');

    const loaded = await this.sessions.authenticate(token);
    const user = toAuthUser(loaded);
    request.user = user;
    // An account whose password someone else set may only change it (and see who it is, and log out) until it has.
    const ownAccount = this.reflector.getAllAndOverride<boolean | undefined>(OWN_ACCOUNT_KEY, [context.getHandler(), context.getClass()]);
    if (loaded.user.mustChangePassword && !ownAccount) {
      throw new ForbiddenError('Bạn cần đổi mật khẩu ban đầu trước khi tiếp tục (POST /api/v1/auth/password)', 'password-change-required');
    }
    if (!ownAccount && this.scope.refusesMethod(user, request.method)) {
      throw new ForbiddenError('Tài khoản kiểm tra viên chỉ được xem, không được thay đổi dữ liệu', 'read-only');
    }
    return true;
  }
}
