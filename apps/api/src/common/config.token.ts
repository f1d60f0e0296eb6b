import { Inject } from '@nestjs/common';

/** DI token of the app's {@link import('@chibo/config').ChiboConfig} (a symbol, so it cannot collide with a string). */
export const CHIBO_CONFIG = Symbol('ChiboConfig');

/** Injects the {@link import('@chibo/config').ChiboConfig}: `constructor(@InjectConfig() config: ChiboConfig)`. */
export const InjectConfig = (): ParameterDecorator => Inject(CHIBO_CONFIG);
