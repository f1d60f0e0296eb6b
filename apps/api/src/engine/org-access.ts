import { findOrgUnit, type OrgUnit, ProcedureInstance } from '@chibo/db';
import type { DataSource } from 'typeorm';
import type { AuthUser, GrantRole } from '../auth/auth-user';
import type { ScopeService } from '../auth/scope.service';
import { procedureNotFound, unknownOrg } from '../common/errors';

/** An org unit the user may see, by code (404 for missing or out of scope, so existence is not leaked). */
export async function visibleOrg(ds: DataSource, scope: ScopeService, user: AuthUser, code: string): Promise<OrgUnit> {
  const org = await findOrgUnit(ds.manager, { code });
  return scope.requireVisible(user, org, unknownOrg(code));
}

/** An org unit the user may act on with one of `roles` (404 when not visible, 403 when visible but not allowed). */
export async function actingOrg(ds: DataSource, scope: ScopeService, user: AuthUser, code: string, roles: GrantRole[]): Promise<OrgUnit> {
  const org = await findOrgUnit(ds.manager, { code });
  return scope.requireAct(user, org, roles, unknownOrg(code));
}

/** An instance whose org the user may see (its row without the state snapshot, which can be large), with that org. */
export async function visibleInstance(ds: DataSource, scope: ScopeService, user: AuthUser, id: string): Promise<{ instance: Omit<ProcedureInstance, 'state'>; org: OrgUnit }> {
  const instance = await ds.manager.findOne(ProcedureInstance, {
    select: { id: true, businessKey: true, definitionKey: true, definitionVersion: true, orgId: true, guidanceId: true, parentInstanceId: true, status: true, version: true, createdAt: true, updatedAt: true },
    where: { id },
  });
  const org = instance ? await findOrgUnit(ds.manager, { id: instance.orgId }) : null;
  scope.requireVisible(user, org, procedureNotFound(id));
  return { instance: instance!, org: org! };
}
