import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'chibo:public';

/** Marks a route (or a whole controller) as reachable without a login token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
