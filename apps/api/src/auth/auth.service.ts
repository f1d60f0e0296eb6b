import type { FieldIssue } from '@chibo/procedure';
import { recordAdminAction } from '@chibo/audit';
import { User } from '@chibo/db';
import { sqliteWriteLock } from '@chibo/runtime-embedded';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { UnauthorizedError, ValidationError } from '../common/errors';
import { AuthUserService, type LoadedUser, toAuthUser } from './auth-user.service';
import type { AuthUser } from './auth-user';
import { LoginThrottle } from './login-throttle.service';
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';
import { SessionsService } from './sessions.service';

/** What a successful login returns. */
export interface LoginResult {
  token: string;
  tokenType: 'Bearer';
  /** ISO instant after which the token is refused. */
  expiresAt: string;
  /** The password was set by someone else: only changing it is allowed until it is (POST /auth/password). */
  mustChangePassword: boolean;
  user: AuthUser;
}

const BAD_CREDENTIALS = 'Sai tên đăng nhập hoặc mật khẩu';

/** Shortest password a person may choose. */
export const MIN_CHOSEN_PASSWORD_LENGTH = 10;

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: AuthUserService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Checks the password and issues a token. An unknown login and a wrong password get the same 401, in the same time;
   * both count towards the throttle (429 with Retry-After while the account or the address waits).
   */
  async login(login: string, password: string, address: string): Promise<LoginResult> {
    await this.throttle.beforeAttempt(login, address);
    const loaded = await this.users.findByLogin(login);
    if (!loaded) {
      await verifyPassword(password, await decoyPasswordHash());
      await this.throttle.failed(login, address);
      throw new UnauthorizedError(BAD_CREDENTIALS, 'invalid-credentials');
    }
    if (!(await verifyPassword(password, loaded.user.passwordHash))) {
      await this.throttle.failed(login, address);
      throw new UnauthorizedError(BAD_CREDENTIALS, 'invalid-credentials');
    }
    await this.throttle.succeeded(login, address);
    if (loaded.user.disabled) throw new UnauthorizedError('Tài khoản đã bị khóa', 'account-disabled');
    if (needsRehash(loaded.user.passwordHash)) {
      await this.dataSource.getRepository(User).update({ id: loaded.user.id }, { passwordHash: await hashPassword(password) });
    }
    const { token, expiresAt } = await this.sessions.issue(loaded.user.id);
    return { token, tokenType: 'Bearer', expiresAt, mustChangePassword: loaded.user.mustChangePassword, user: toAuthUser(loaded) };
  }

  /**
   * The account holder changes their password (the current one is checked): every other session ends, and the
   * returned token is the only valid one. Recorded in the audit log.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, address: string): Promise<LoginResult> {
    const loaded = await this.users.findById(user.id);
    if (!loaded) throw new UnauthorizedError();
    if (!(await verifyPassword(currentPassword, loaded.user.passwordHash))) {
      // A stolen session must not be able to guess the password either: the same throttle as logins.
      await this.throttle.beforeAttempt(loaded.user.login, address);
      await this.throttle.failed(loaded.user.login, address);
      throw new ValidationError([{ path: 'currentPassword', rule: 'wrong-password', message: 'Mật khẩu hiện tại không đúng' }]);
    }
    const issues = passwordIssues(newPassword, loaded.user.login, 'newPassword');
    if (currentPassword === newPassword) issues.push({ path: 'newPassword', rule: 'same-password', message: 'Mật khẩu mới phải khác mật khẩu hiện tại' });
    if (issues.length) throw new ValidationError(issues);
    const passwordHash = await hashPassword(newPassword);
    await this.write(async (m) => {
      await m.getRepository(User).update({ id: user.id }, { passwordHash, mustChangePassword: false });
      await this.sessions.revokeAll(m, user.id);
      await recordAdminAction(m, { type: 'password-changed', org: memberOrgCode(loaded), actorUserId: user.id, at: new Date().toISOString(), memberId: loaded.user.memberId, subject: { userId: user.id, login: loaded.user.login } });
    });
    const { token, expiresAt } = await this.sessions.issue(user.id);
    const fresh = (await this.users.findById(user.id))!;
    return { token, tokenType: 'Bearer', expiresAt, mustChangePassword: false, user: toAuthUser(fresh) };
  }

  /** Ends every session of the account at once (token version), recorded in the audit log. */
  async logout(user: AuthUser): Promise<void> {
    const loaded = await this.users.findById(user.id);
    if (!loaded) return;
    await this.write(async (m) => {
      await this.sessions.revokeAll(m, user.id);
      await recordAdminAction(m, { type: 'user-logged-out', org: memberOrgCode(loaded), actorUserId: user.id, at: new Date().toISOString(), memberId: loaded.user.memberId, subject: { userId: user.id, login: loaded.user.login } });
    });
  }

  private write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return sqliteWriteLock(this.dataSource).run('write', () => this.dataSource.transaction(work));
  }
}

/** What is wrong with a password a person chose (empty: nothing). */
export function passwordIssues(password: string, login: string, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (password.length < MIN_CHOSEN_PASSWORD_LENGTH) {
    issues.push({ path, rule: 'min', message: `Mật khẩu cần ít nhất ${MIN_CHOSEN_PASSWORD_LENGTH} ký tự`, params: { origin: 'string', minimum: MIN_CHOSEN_PASSWORD_LENGTH } });
  } else if (password.length > 1024) issues.push({ path, rule: 'max', message: 'Mật khẩu tối đa 1024 ký tự', params: { origin: 'string', maximum: 1024 } });
  else if (password.toLowerCase().includes(login.toLowerCase())) issues.push({ path, rule: 'contains-login', message: 'Mật khẩu không được chứa tên đăng nhập' });
  return issues;
}

/** The chain an account's action is recorded in: its member's cell, else the system chain. */
function memberOrgCode(loaded: LoadedUser): string | null {
  return loaded.user.member?.org?.code ?? null;
}
