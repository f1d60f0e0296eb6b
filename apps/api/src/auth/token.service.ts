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
}

/**
 * Login tokens: HS256 JWTs signed with AUTH_SECRET, carrying only the user id (`sub`) and their lifetime. Everything
 * else (grants, disabled) is read from the database per request, so a change takes effect at once.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  async issue(userId: string): Promise<{ token: string; expiresAt: string }> {
    const expiresInSeconds = Math.round(this.config.tokenTtlHours * 3600);
    const token = await this.jwt.signAsync({ sub: userId } satisfies TokenClaims, { expiresIn: expiresInSeconds });
    const payload = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  /** The user id in a valid token; 401 for a malformed, tampered, foreign or expired one. */
  async verify(token: string): Promise<string> {
    try {
      const claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token);
      if (typeof claims.sub !== 'string' || claims.sub === '') throw new Error('no subject');
      return claims.sub;
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new UnauthorizedError(
        expired ? 'Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại' : 'Mã đăng nhập không hợp lệ; vui lòng đăng nhập lại',
        expired ? 'token-expired' : 'invalid-token',
      );
    }
  }
}
