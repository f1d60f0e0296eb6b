import { User } from '@chibo/db';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UnauthorizedError } from '../common/errors';
import { AuthUserService, type LoadedUser } from './auth-user.service';
import { TokenService } from './token.service';

/**
 * Login sessions: a token is valid while the account exists, is enabled and still has the token version the token
 * was issued at. Logout, a password change or reset and disabling the account bump the version, which ends every
 * session of the account at once, on every process (the version is read from the database on each request).
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly users: AuthUserService,
  ) {}

  /** The account a token belongs to; 401 for an invalid, expired or revoked token and for a disabled account. */
  async authenticate(token: string): Promise<LoadedUser> {
    const { userId, version } = await this.tokens.verify(token);
    const loaded = await this.users.findById(userId);
    if (!loaded) throw new UnauthorizedError('Tài khoản không còn tồn tại; vui lòng đăng nhập lại', 'invalid-token');
    if (loaded.user.disabled) throw new UnauthorizedError('Tài khoản đã bị khóa', 'account-disabled');
    if (loaded.user.tokenVersion !== version) throw new UnauthorizedError('Phiên đăng nhập đã kết thúc; vui lòng đăng nhập lại', 'session-revoked');
    return loaded;
  }

  /** Ends every session of the account (in the caller's transaction); returns the new version. */
  async revokeAll(manager: EntityManager, userId: string): Promise<number> {
    await manager.getRepository(User).increment({ id: userId }, 'tokenVersion', 1);
    const row = await manager.getRepository(User).findOneOrFail({ where: { id: userId }, select: { id: true, tokenVersion: true } });
    return row.tokenVersion;
  }

  /** A token for the account at its current version. */
  async issue(userId: string, manager: EntityManager = this.dataSource.manager): Promise<{ token: string; expiresAt: string }> {
    const row = await manager.getRepository(User).findOneOrFail({ where: { id: userId }, select: { id: true, tokenVersion: true } });
    return this.tokens.issue(userId, row.tokenVersion);
  }
}
