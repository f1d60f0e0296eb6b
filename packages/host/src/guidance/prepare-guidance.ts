import { Guidance, isUniqueViolation, OrgUnit, ProcedureDefinitionEntity } from '@chibo/db';
import { composeDefinition, CompositionError, guidanceInstanceId, type ProcedureDefinition, type ProcedureInput, type StepRegistry } from '@chibo/procedure';
import type { EntityManager } from 'typeorm';
import { buildContext, orgRef } from '../context/context-builder';
import { storeDefinition } from '../definitions/definitions';
import { DuplicateError, NotFoundError } from '../errors';

/** What the API asks to start a guidance with. */
export interface IssueGuidanceInput {
  issuer: string;
  number: string;
  issuedOn: string;
  title: string;
  procedure: string;
  basedOn?: Array<{ number: string; issuedOn: string }>;
  addSteps?: string[];
  rubric?: string;
  /**
   * A committee score sheet chosen by the guidance (ADR 0020, addendum): pinned on every step that can hold a sheet
   * (`pinnedRubric`), as a procedure pins one — `rubric` becomes `ref` and the step keeps the definition — so a later
   * version of the sheet never changes the cells' running instances. The API resolves and checks it first.
   */
  sheet?: { ref: string; definition: unknown };
  sessionBy?: string;
  reportBy?: string;
  cells?: 'all' | string[];
  /**
   * Cascades (DESIGN §5): the guidance goes to the issuer's directly subordinate committees, each of which implements
   * it for its subtree, and to the cells directly under the issuer that are in scope.
   */
  cascade?: boolean;
}

/** What issuing a guidance writes before its workflow starts, and the start input of that workflow. */
export interface PreparedGuidance {
  guidanceId: string;
  instanceId: string;
  orgId: string;
  start: Extract<ProcedureInput, { type: 'start' }>;
}

/**
 * The database half of issuing a guidance, for every host: compose the cells' procedure from the issuer's (or an
 * ancestor's, or the plugin's) definition, store it as the issuer's next version, record the guidance (409 when its
 * number and date exist), and build the guidance instance's start input from the issuer's context and the cells in
 * scope. Runs in the caller's transaction, so a start that fails afterwards leaves no guidance behind.
 */
export async function prepareGuidance(m: EntityManager, registry: StepRegistry, input: IssueGuidanceInput, at: string): Promise<PreparedGuidance> {
  const instanceId = guidanceInstanceId(input.issuer, input.number, input.issuedOn);
  const issuer = await m.findOne(OrgUnit, { where: { code: input.issuer } });
  if (!issuer) throw new NotFoundError(`Không tìm thấy cấp ủy ${input.issuer}`, { rule: 'unknown-issuer', params: { issuer: input.issuer } });
  const base = await baseDefinition(m, registry, input.procedure, issuer);
  const rubric = input.sheet?.ref ?? input.rubric;
  const child = composeDefinition(base, { addSteps: input.addSteps ?? [], ...(rubric ? { rubric } : {}), ...(input.sheet ? { params: sheetParams(registry, base, input.sheet) } : {}), owner: issuer.code }, registry);
  const childRef = await storeDefinition(m, child, issuer.id, at);
  const cells = await cellsInScope(m, issuer, input.cells ?? 'all', input.cascade ?? false);
  const committees = input.cascade ? await m.find(OrgUnit, { where: { parentId: issuer.id, kind: 'committee' }, order: { path: 'ASC' } }) : [];
  const guidance = m.create(Guidance, {
    issuerOrgId: issuer.id,
    number: input.number,
    issuedOn: input.issuedOn,
    title: input.title,
    basedOn: input.basedOn ?? [],
    procedureKey: childRef.key,
    procedureVersion: childRef.version,
    addSteps: input.addSteps ?? [],
    rubric: rubric ?? String(child.steps.find((s) => typeof s.params['rubric'] === 'string')?.params['rubric'] ?? ''),
    sessionBy: input.sessionBy ?? null,
    reportBy: input.reportBy ?? null,
    scope: input.cells ?? 'all',
    rollupAt: null,
    instanceId,
    status: 'issued',
    createdAt: at,
  });
  try {
    await m.save(guidance);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateGuidance(input);
    throw error;
  }
  const { context } = await buildContext(m, issuer.code, {
    guidance: {
      number: input.number,
      issuedOn: input.issuedOn,
      title: input.title,
      issuer: orgRef(issuer),
      ...(input.sessionBy ? { sessionBy: input.sessionBy } : {}),
      ...(input.reportBy ? { reportBy: input.reportBy } : {}),
      basedOn: input.basedOn ?? [],
    },
    cells: cells.map(orgRef),
    ...(input.cascade ? { committees: committees.map(orgRef) } : {}),
    childProcedure: childRef,
  });
  return {
    guidanceId: guidance.id,
    instanceId,
    orgId: issuer.id,
    start: { type: 'start', at, instanceId, definition: registry.procedure('guidance'), context },
  };
}

/** The sheet as the parameter of every step of `base` that can hold a pinned sheet (none: a 422 on `rubric`). */
function sheetParams(registry: StepRegistry, base: ProcedureDefinition, sheet: { ref: string; definition: unknown }): Record<string, Record<string, unknown>> {
  const holders = base.steps.filter((s) => registry.hasStep(s.kind) && registry.step(s.kind).pinnedRubric);
  if (holders.length === 0) throw new CompositionError([{ path: 'rubric', rule: 'no-scoring-step', message: 'Quy trình không có bước chấm điểm để áp dụng phiếu chấm điểm' }]);
  return Object.fromEntries(holders.map((s) => [s.id, { sheet }]));
}

/** The issuer's own latest published version of the procedure, else an ancestor's, else the plugin default. */
async function baseDefinition(m: EntityManager, registry: StepRegistry, key: string, issuer: OrgUnit): Promise<ProcedureDefinition> {
  for (let org: OrgUnit | null = issuer; org; org = org.parentId ? await m.findOne(OrgUnit, { where: { id: org.parentId } }) : null) {
    const row = await m.findOne(ProcedureDefinitionEntity, { where: { key, ownerOrgId: org.id, status: 'published' }, order: { version: 'DESC' } });
    if (row) return { key: row.key, version: row.version, owner: org.code, title: row.title, steps: row.steps as ProcedureDefinition['steps'] };
  }
  return registry.procedure(key);
}

async function cellsInScope(m: EntityManager, issuer: OrgUnit, scope: 'all' | string[], cascade: boolean): Promise<OrgUnit[]> {
  // A cascade reaches only the cells directly under the issuer; the rest are its sub-committees' to reach.
  const all = cascade
    ? await m.find(OrgUnit, { where: { parentId: issuer.id, kind: 'cell' }, order: { path: 'ASC' } })
    : await m
    .createQueryBuilder(OrgUnit, 'o')
    .where('o.kind = :kind', { kind: 'cell' })
    // Escaped: "_" and "%" in a code are literal (DU_KHOI-A must not match the cells of DU-KHOI-A).
    .andWhere("o.path LIKE :prefix ESCAPE '\\'", { prefix: `${issuer.path.replace(/[\\%_]/g, (char) => `\\${char}`)}%` })
    .orderBy('o.path', 'ASC')
    .getMany();
  if (scope === 'all') return all;
  const byCode = new Map(all.map((o) => [o.code, o]));
  return scope.map((code) => {
    const cell = byCode.get(code);
    if (!cell) throw new NotFoundError(`Chi bộ ${code} không thuộc ${issuer.code}`, { rule: 'cell-not-in-scope', params: { cell: code, issuer: issuer.code } });
    return cell;
  });
}

/** A guidance issued twice (same issuer, number and date): 409, with what it names for a page's words. */
export function duplicateGuidance(input: Pick<IssueGuidanceInput, 'number' | 'issuedOn' | 'issuer'>): DuplicateError {
  return new DuplicateError(`Hướng dẫn ${input.number} ngày ${input.issuedOn} của ${input.issuer} đã được ban hành`, {
    rule: 'duplicate-guidance',
    params: { number: input.number, issuedOn: input.issuedOn, issuer: input.issuer },
  });
}
