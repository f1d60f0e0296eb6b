import type { ProcedureRef } from './context';
import { parseKind, procedureDefinitionSchema, type ProcedureDefinition, type StepRef } from './definition';
import type { FieldIssue } from './issues';
import { RegistryError, type StepRegistry } from './registry';
import { parseVi } from './zod-issues';

/**
 * Checks a definition against the registry: shape, unique step ids, known step kinds, parameters that parse with
 * each step's parameter schema, rubrics that exist, loop targets that exist. Returns no issues when it can run.
 */
export function validateDefinition(definition: unknown, registry: StepRegistry): FieldIssue[] {
  const parsed = parseVi(procedureDefinitionSchema, definition);
  if (!parsed.success) return parsed.issues;
  const def = parsed.data;
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  def.steps.forEach((ref, i) => {
    if (seen.has(ref.id)) {
      issues.push({ path: `steps[${i}].id`, rule: 'duplicate-step-id', message: `Mã bước “${ref.id}” bị trùng` });
    }
    seen.add(ref.id);
    if (!registry.hasStep(ref.kind)) {
      issues.push({ path: `steps[${i}].kind`, rule: 'unknown-step-kind', message: `Không có loại bước “${ref.kind}” trong các plugin đang bật` });
      return;
    }
    const step = registry.step(ref.kind);
    const params = parseVi(step.params, ref.params);
    if (!params.success) {
      for (const issue of params.issues) issues.push({ ...issue, path: `steps[${i}].params${issue.path ? `.${issue.path}` : ''}` });
      return;
    }
    if (step.rubricParam) {
      const rubric = (params.data as Record<string, unknown>)[step.rubricParam];
      const pinned = step.pinnedRubric?.(params.data)?.id;
      if (typeof rubric !== 'string' || (!registry.hasRubric(rubric) && rubric !== pinned)) {
        issues.push({
          path: `steps[${i}].params.${step.rubricParam}`,
          rule: 'unknown-rubric',
          message: `Không có thang điểm “${String(rubric)}”; các thang điểm có: ${registry.listRubrics().map((r) => r.id).join(', ')}`,
        });
      }
    }
  });
  return issues;
}

/** What a guidance asks of the base procedure. */
export interface Composition {
  /** Short names of addable steps (e.g. `self-criticism`), inserted where their plugin says. */
  addSteps?: string[];
  /** Rubric id applied to every step that scores. */
  rubric?: string;
  /** Parameter overrides by step id. */
  params?: Record<string, Record<string, unknown>>;
  /** Version number and owner of the result. */
  version?: number;
  owner?: string;
}

/** Thrown when a composition cannot produce a valid definition; carries the field-level issues. */
export class CompositionError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`Quy trình không hợp lệ: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'CompositionError';
  }
}

/**
 * Builds a definition from a base one: adds plugin steps after their anchor, sets the rubric, overrides parameters.
 * Pure data in, data out; the result is validated against the registry and a `CompositionError` lists what is wrong.
 */
export function composeDefinition(base: ProcedureDefinition, composition: Composition, registry: StepRegistry): ProcedureDefinition {
  const steps: StepRef[] = base.steps.map((s) => ({ ...s, params: { ...s.params } }));
  const issues: FieldIssue[] = [];
  (composition.addSteps ?? []).forEach((alias, i) => {
    let step;
    try {
      step = registry.addable(alias);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      issues.push({ path: `addSteps[${i}]`, rule: 'unknown-step', message: `Không có bước “${alias}” trong các plugin đang bật` });
      return;
    }
    const kind = `${step.name}@${step.version}`;
    if (steps.some((s) => s.kind === kind)) return;
    const anchor = findLastIndex(steps, (s) => step.addable!.after.includes(parseKind(s.kind).name));
    if (anchor < 0) {
      issues.push({
        path: `addSteps[${i}]`,
        rule: 'no-anchor',
        message: `Bước “${alias}” cần đứng sau một trong các bước ${step.addable!.after.join(', ')}, nhưng quy trình không có bước nào như vậy`,
      });
      return;
    }
    steps.splice(anchor + 1, 0, { id: alias, kind, params: {} });
  });
  if (composition.rubric) {
    let applied = false;
    for (const ref of steps) {
      const step = registry.hasStep(ref.kind) ? registry.step(ref.kind) : undefined;
      if (step?.rubricParam) {
        ref.params[step.rubricParam] = composition.rubric;
        applied = true;
      }
    }
    if (!applied) issues.push({ path: 'rubric', rule: 'no-scoring-step', message: 'Quy trình không có bước chấm điểm để áp dụng thang điểm' });
  }
  for (const [stepId, params] of Object.entries(composition.params ?? {})) {
    const ref = steps.find((s) => s.id === stepId);
    if (!ref) issues.push({ path: `params.${stepId}`, rule: 'unknown-step-id', message: `Quy trình không có bước “${stepId}”` });
    else Object.assign(ref.params, params);
  }
  const definition: ProcedureDefinition = {
    ...base,
    version: composition.version ?? base.version,
    owner: composition.owner ?? base.owner,
    steps,
  };
  issues.push(...validateDefinition(definition, registry));
  if (issues.length) throw new CompositionError(issues);
  return definition;
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

/**
 * The definition a reference stands for, given its base: each recomposition of the reference (a committee that added
 * steps or chose another rubric when it implemented a guidance, DESIGN §5 "Cascades") applied in order. Every host
 * resolves references this way, so a cell under several levels runs the same definition everywhere.
 */
export function recompose(base: ProcedureDefinition, ref: ProcedureRef, registry: StepRegistry): ProcedureDefinition {
  let definition = base;
  for (const step of ref.compose ?? []) {
    definition = composeDefinition(definition, { addSteps: step.addSteps, ...(step.rubric ? { rubric: step.rubric } : {}), owner: step.owner }, registry);
  }
  return definition;
}
