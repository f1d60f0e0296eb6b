import { SetMetadata } from '@nestjs/common';

export const OWN_ACCOUNT_KEY = 'chibo:own-account';

/**
 * A route that concerns only the caller's own account (who am I, logout, password change): allowed before the initial
 * password someone else set has been changed, and to auditors, who otherwise only read.
 */
export const OwnAccount = () => SetMetadata(OWN_ACCOUNT_KEY, true);
