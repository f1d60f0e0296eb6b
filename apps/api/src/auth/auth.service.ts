import { User } from '@chibo/db';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnauthorizedError } from '../common/errors';
import { AuthUserService, toAuthUser } from './auth-user.service';
import type { AuthUser } from './auth-user';
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';
import { TokenService } from './token.service';

/** What a successful login returns. */
export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  /** ISO instant after which the token is refused. */
  expiresAt: string;
  user: AuthUser;
}

const BAD_CREDENTIALS = 'Sai tên đăng nhập hoặc mật khẩu';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: AuthUserService,
    private readonly tokens: TokenService,
  ) {}

  /** Checks the password and issues a token. An unknown login and a wrong password get the same 401, in the same time. */
  async login(login: string, password: string): Promise<LoginResult> {
    const loaded = await this.users.findByLogin(login);
    if (!loaded) {
      await verifyPassword(password, await decoyPasswordHash());
      throw new UnauthorizedError(BAD_CREDENTIALS, 'invalid-credentials');
    }
    if (!(await verifyPassword(password, loaded.user.passwordHash))) {
      throw new UnauthorizedError(BAD_CREDENTIALS, 'invalid-credentials');
    }
    if (loaded.user.disabled) throw new UnauthorizedError('Tài khoản đã bị khóa', 'account-disabled');
    if (needsRehash(loaded.user.passwordHash)) {
      await this.dataSource.getRepository(User).update({ id: loaded.user.id }, { passwordHash: await hashPassword(password) });
    }
    const { token, expiresAt } = await this.tokens.issue(loaded.user.id);
    return { token, tokenType: 'Bearer', expiresAt, user: toAuthUser(loaded) };
  }
}
