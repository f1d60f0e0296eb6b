import { SetMetadata } from '@nestjs/common';
import type { GrantRole } from './auth-user';

export const ROLES_KEY = 'chibo:roles';

/**
 * Requires the user to hold at least one of `roles` somewhere (admin always qualifies). This is the coarse gate;
 * whether the grant covers the org being touched is the service's check, through `ScopeService`.
 */
export const Roles = (...roles: GrantRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
