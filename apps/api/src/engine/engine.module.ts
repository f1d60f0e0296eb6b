import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ProcedureEngine } from './procedure-engine';
import { ActorService } from './actor.service';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EngineErrorsInterceptor } from './engine-errors.interceptor';

/** Provides the procedure engine (embedded or Temporal) to every feature module. */
@Global()
@Module({})
export class EngineModule {
  static forRoot(engine: ProcedureEngine): DynamicModule {
    return {
      module: EngineModule,
      providers: [{ provide: ProcedureEngine, useValue: engine }, ActorService, { provide: APP_INTERCEPTOR, useClass: EngineErrorsInterceptor }],
      exports: [ProcedureEngine, ActorService],
    };
  }
}
