import type { UserRole } from '@chibo/db';
import type { Request } from 'express';

/** Roles a user can be granted over an org unit and its subtree. */
export const GRANT_ROLES = ['admin', 'committee', 'secretary', 'member', 'auditor'] as const satisfies readonly UserRole[];
export type GrantRole = (typeof GRANT_ROLES)[number];

/** A role over an org unit and everything below it (`orgPath` is a prefix of every covered path). */
export interface Grant {
  /** The role assignment's id. */
  id: string;
  role: GrantRole;
  orgId: string;
  orgCode: string;
  /** Materialized path, e.g. "/DU-NGOC-LAM/CB-THCS-AI-MO/". */
  orgPath: string;
}

/** The Party member a user is, when the user is one. */
export interface AuthMember {
  id: string;
  code: string;
  name: string;
  orgId: string;
  orgCode: string;
  /** Cell roles: "secretary", "deputy-secretary", "committee". */
  roles: string[];
}

/** The logged-in user, loaded from the database on every request (so a disabled account stops at once). */
export interface AuthUser {
  id: string;
  login: string;
  displayName: string;
  memberId: string | null;
  member: AuthMember | null;
  grants: Grant[];
}

/** An Express request after the auth guard ran. */
export interface AuthenticatedRequest extends Request {
  user?: AuthUser;
}
