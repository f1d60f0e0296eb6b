import type { ChiboConfig } from '@chibo/config';
import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHIBO_CONFIG } from './common/config.token';

/**
 * What every feature module may inject without importing anything: the TypeORM `DataSource` (token: the class) and
 * the config (`@InjectConfig()`), plus the extra providers given to `createApp`. The caller owns the data source:
 * closing the app does not close it.
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: { config: ChiboConfig; dataSource: DataSource; providers?: Provider[] }): DynamicModule {
    const providers: Provider[] = [
      { provide: DataSource, useValue: options.dataSource },
      { provide: CHIBO_CONFIG, useValue: options.config },
      ...(options.providers ?? []),
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}
