import type { ChiboConfig } from '@chibo/config';
import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { CHIBO_CONFIG } from '../common/config.token';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthUserService } from './auth-user.service';
import { LoginThrottle } from './login-throttle.service';
import { RolesGuard } from './roles.guard';
import { ScopeService } from './scope.service';
import { SessionsService } from './sessions.service';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from './token.service';

/**
 * Login, the global guards (authentication + auditor read-only, then roles) and the {@link ScopeService}.
 * Global, so feature modules inject ScopeService without importing anything.
 */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [CHIBO_CONFIG],
      useFactory: (config: ChiboConfig) => ({
        // A KeyObject, not a string: jsonwebtoken otherwise tries (and fails) to parse the secret as a PEM public key
        // on every verification, which costs more than the HMAC itself.
        secret: createSecretKey(Buffer.from(config.authSecret, 'utf8')) as unknown as string,
        signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    AuthUserService,
    TokenService,
    SessionsService,
    LoginThrottle,
    ScopeService,
    // Order matters: Nest runs global guards in the order they are provided.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [ScopeService, AuthUserService, TokenService, SessionsService, AuthService],
})
export class AuthModule {}
