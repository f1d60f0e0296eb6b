import { OrgUnit, ProcedureDefinitionEntity, ProcedureInstance } from '@chibo/db';
import type { ProcedureDefinition, ProcedureInput, StepRegistry } from '@chibo/procedure';
import type { EntityManager } from 'typeorm';
import { buildContext } from '../context/context-builder';
import { DuplicateError, NotFoundError, RejectedError } from '../errors';

/** A top-level instance an org unit runs for itself (a cell's year): which unit, its business key, which definition. */
export interface OrgInstanceInput {
  org: string;
  instanceId: string;
  /** A plugin definition key (e.g. `cell-year`). */
  procedure: string;
  /** The kind of unit that may run it (a cell's year is a cell's). */
  kind?: 'cell' | 'committee';
}

/** What starting an org's own instance writes and starts, for every host. */
export interface PreparedOrgInstance {
  instanceId: string;
  orgId: string;
  start: Extract<ProcedureInput, { type: 'start' }>;
}

/**
 * The database half of starting an instance an org unit runs for itself, not under a guidance: the unit's context
 * (roster, rotation history) and the plugin definition. 404 for an unknown unit, 422 for a unit of the wrong kind,
 * 409 when that business key exists already.
 */
export async function prepareOrgInstance(m: EntityManager, registry: StepRegistry, input: OrgInstanceInput, at: string): Promise<PreparedOrgInstance> {
  const org = await m.findOne(OrgUnit, { where: { code: input.org } });
  if (!org) throw new NotFoundError(`Không tìm thấy tổ chức ${input.org}`, { rule: 'unknown-org', params: { org: input.org } });
  if (input.kind && org.kind !== input.kind) {
    throw new RejectedError({
      code: 'validation',
      message: `${org.code} không phải là ${input.kind === 'cell' ? 'chi bộ' : 'cấp ủy'}`,
      issues: [{ path: 'cell', rule: input.kind === 'cell' ? 'not-a-cell' : 'not-a-committee', message: `${org.code} không phải là ${input.kind === 'cell' ? 'chi bộ' : 'cấp ủy'}` }],
    });
  }
  if (await m.exists(ProcedureInstance, { where: { id: input.instanceId } })) throw new DuplicateError(`Quy trình ${input.instanceId} đã được khởi tạo`, { rule: 'instance-exists', params: { instance: input.instanceId } });
  const { context } = await buildContext(m, org.code);
  return { instanceId: input.instanceId, orgId: org.id, start: { type: 'start', at, instanceId: input.instanceId, definition: await definitionFor(m, registry, input.procedure, org), context } };
}

/**
 * The definition an org's own instance runs: the nearest committee's (or its own) latest published version of the
 * key — where a committee sets its rules (the plan's due date, the regular day, the year rule) — else the plugin's.
 */
async function definitionFor(m: EntityManager, registry: StepRegistry, key: string, org: OrgUnit): Promise<ProcedureDefinition> {
  for (let unit: OrgUnit | null = org; unit; unit = unit.parentId ? await m.findOne(OrgUnit, { where: { id: unit.parentId } }) : null) {
    const row = await m.findOne(ProcedureDefinitionEntity, { where: { key, ownerOrgId: unit.id, status: 'published' }, order: { version: 'DESC' } });
    if (row) return { key: row.key, version: row.version, owner: unit.code, title: row.title, steps: row.steps as ProcedureDefinition['steps'] };
  }
  return registry.procedure(key);
}
