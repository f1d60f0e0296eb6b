import { findOrgUnit, ProcedureDefinitionEntity } from '@chibo/db';
import { recompose, type ProcedureDefinition, type ProcedureRef, type StepRegistry } from '@chibo/procedure';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors';

/**
 * Resolves a reference to a definition: a committee's stored version, or a plugin default (`owner` absent or
 * `default`), recomposed by the committees that implemented the guidance on the way down (cascades, `recompose`).
 */
export async function loadDefinition(manager: EntityManager, registry: StepRegistry, ref: ProcedureRef): Promise<ProcedureDefinition> {
  return recompose(await loadBase(manager, registry, ref), ref, registry);
}

async function loadBase(manager: EntityManager, registry: StepRegistry, ref: ProcedureRef): Promise<ProcedureDefinition> {
  if (!ref.owner || ref.owner === 'default') return registry.procedure(ref.key, ref.version);
  const owner = await findOrgUnit(manager, { code: ref.owner });
  const row = owner ? await manager.findOne(ProcedureDefinitionEntity, { where: { key: ref.key, version: ref.version, ownerOrgId: owner.id } }) : null;
  if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${ref.key}@${ref.version} của ${ref.owner}`, { rule: 'owner-procedure-not-found', params: { procedure: `${ref.key}@${ref.version}`, owner: ref.owner } });
  return toDefinition(row, ref.owner);
}

/** A stored row as the core's definition. */
export function toDefinition(row: ProcedureDefinitionEntity, ownerCode: string): ProcedureDefinition {
  return { key: row.key, version: row.version, owner: ownerCode, title: row.title, steps: row.steps as ProcedureDefinition['steps'] };
}

/**
 * Stores a composed definition as the owner's next version of that key, unless an identical version exists already
 * (re-issuing the same composition reuses it). Returns the reference children will start from.
 */
export async function storeDefinition(manager: EntityManager, definition: ProcedureDefinition, ownerOrgId: string, at: string): Promise<ProcedureRef & { version: number }> {
  const existing = await manager.find(ProcedureDefinitionEntity, { where: { key: definition.key, ownerOrgId }, order: { version: 'DESC' } });
  const same = existing.find((row) => row.status === 'published' && JSON.stringify(row.steps) === JSON.stringify(definition.steps));
  if (same) return { key: same.key, version: same.version, owner: definition.owner };
  const version = (existing[0]?.version ?? 0) + 1;
  await manager.save(
    manager.create(ProcedureDefinitionEntity, {
      key: definition.key,
      version,
      ownerOrgId,
      title: definition.title,
      steps: definition.steps,
      status: 'published',
      createdAt: at,
      publishedAt: at,
    }),
  );
  return { key: definition.key, version, owner: definition.owner };
}
