import type { ChiboConfig } from '@chibo/config';
import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AuthModule } from './auth/auth.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { InputNormalisationGuard } from './common/input/input-normalisation.guard';
import { ZodValidationPipe } from './common/zod-validation.pipe';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { MembersModule } from './members/members.module';
import { OrgsModule } from './orgs/orgs.module';
import { UsersModule } from './users/users.module';

/**
 * The feature modules of the API. Adding a feature is adding its module here: it can inject `DataSource`,
 * `@InjectConfig()` and `ScopeService`, use `@CurrentUser()`, `@Roles()`, `@Public()`, and throw the errors of
 * `common/errors.ts`; its routes land under `/api/v1` behind the auth guard.
 */
export const FEATURE_MODULES: ReadonlyArray<Type | DynamicModule> = [AuthModule, HealthModule, OrgsModule, MembersModule, UsersModule];

export interface AppModuleOptions {
  config: ChiboConfig;
  dataSource: DataSource;
  /** Modules added after {@link FEATURE_MODULES} (tests, the CLI, engine-backed modules wired at run time). */
  extraModules?: ReadonlyArray<DynamicModule | Type>;
  /** Providers made available to every module (global), e.g. a clock or an engine client. */
  providers?: Provider[];
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot({ config: options.config, dataSource: options.dataSource, providers: options.providers }),
        ...FEATURE_MODULES,
        ...(options.extraModules ?? []),
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        // Before authentication and every pipe: no string reaches a handler or SQL unchecked (common/input).
        { provide: APP_GUARD, useClass: InputNormalisationGuard },
        // Validates every handler argument declared with a zod schema: `@Body({ schema })`.
        { provide: APP_PIPE, useValue: new ZodValidationPipe() },
      ],
    };
  }
}
