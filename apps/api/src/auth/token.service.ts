import type { ChiboConfig } from '@chibo/config';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectConfig } from '../common/config.token';
import { UnauthorizedError } from '../common/errors';

/** Issuer and audience of chibo login tokens; a token minted for anything else is refused. */
export const TOKEN_ISSUER = 'chibo';
export const TOKEN_AUDIENCE = 'chibo-api';

interface TokenClaims {
  sub: string;
  /** The account's token version when the token was issued (users.token_version): logout, password change and
   * disabling bump it, which revokes every token issued before. */
  ver: number;
}

/** What a valid token says. */
export interface VerifiedToken {
  userId: string;
  version: number;
}

/**
 * Login tokens: HS256 JWTs signed with AUTH_SECRET, carrying only the user id (`sub`), the account's token version
 * (`ver`) and their lifetime (`exp`, required). Everything else (grants, disabled) is read from the database per
 * request, so a change takes effect at once.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  async issue(userId: string, version: number): Promise<{ token: string; expiresAt: string }> {
    const expiresInSeconds = Math.round(this.config.tokenTtlHours * 3600);
    const token = await this.jwt.signAsync({ sub: userId, ver: version } satisfies TokenClaims, { expiresIn: expiresInSeconds });
    const payload = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  /**
   * The user id and version in a valid token; 401 for a malformed, tampered, foreign or expired one, and for one
   * without an expiry or a version (a token that never expires would outlive every revocation).
   */
  async verify(token: string): Promise<VerifiedToken> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<TokenClaims> & { exp?: unknown }>(token);
      if (typeof claims.sub !== 'string' || claims.sub === '') throw new Error('no subject');
      if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw new Error('no expiry');
      if (typeof claims.ver !== 'number' || !Number.isSafeInteger(claims.ver)) throw new Error('no version');
      return { userId: claims.sub, version: claims.ver };
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new UnauthorizedError(
        expired ? 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại' : 'Mã đăng nhập không hợp lệ; vui lòng đăng nhập lại',
        expired ? 'token-expired' : 'invalid-token',
      );
    }
  }
}
