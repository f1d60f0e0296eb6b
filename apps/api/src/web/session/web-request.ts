import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser, GrantRole } from '../../auth/auth-user';
import type { Lang } from '../i18n/i18n';

/** Marks a web route reachable without logging in (the login page). The web guard still reads the cookie. */
export const WEB_PUBLIC_KEY = 'chibo:web-public';
export const WebPublic = (): MethodDecorator & ClassDecorator => SetMetadata(WEB_PUBLIC_KEY, true);

/** The grant roles a web route needs (one of them somewhere; admin always qualifies). Scope is checked per unit. */
export const WEB_ROLES_KEY = 'chibo:web-roles';
export const WebRoles = (...roles: GrantRole[]): MethodDecorator & ClassDecorator => SetMetadata(WEB_ROLES_KEY, roles);

/** One entry of the navigation bar. */
export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** What every page's layout needs; the web guard puts it in `res.locals`, so every render has it. */
export interface WebLocals {
  lang: Lang;
  /** The other language, for the switch link. */
  otherLang: { code: Lang; label: string; href: string };
  user: { displayName: string; login: string; roles: string } | null;
  nav: NavItem[];
  /** The CSRF token to put in forms (null when logged out: the login form relies on SameSite and Origin). */
  csrf: string | null;
  /** The engine's time (simulated in demos and tests), and whether it is simulated. */
  now: string;
  simulated: boolean;
  isAdmin: boolean;
  readOnly: boolean;
}

/** A request after the web guard ran. */
export interface WebRequest extends Request {
  user?: AuthUser;
  web?: WebLocals;
  /** The account must change the password someone else set before using any other page. */
  mustChangePassword?: boolean;
}
