import { OrgUnit, ProcedureDefinitionEntity } from '@chibo/db';
import { stepOrderIssues, validateDefinition, type FieldIssue, type ProcedureDefinition, type StepRef } from '@chibo/procedure';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ScopeService } from '../../auth/scope.service';
import { ConflictError, NotFoundError, procedureNotFound, ValidationError } from '../../common/errors';
import { actingOrg, visibleOrg } from '../../engine/org-access';
import { ProcedureEngine } from '../../engine/procedure-engine';
import type { EditorState } from './procedure-editor';

/** Largest value of an INTEGER column (PostgreSQL). */
const MAX_INT32 = 2_147_483_647;

/** A version of a definition, from a plugin (owner "default") or composed by a committee. */
export interface DefinitionVersion {
  id: string | null;
  owner: string;
  ownerName: string | null;
  key: string;
  version: number;
  title: string;
  status: 'draft' | 'published';
  steps: StepRef[];
  createdAt: string | null;
  publishedAt: string | null;
}

/**
 * Committees' procedure definitions, for the composer: the same rules as the API's /procedures (a new version is a
 * draft numbered after the committee's latest; publishing makes new guidance use it), called in-process.
 */
@Injectable()
export class ProceduresService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  /** Plugin defaults and the versions of committees the user may see. */
  async list(user: AuthUser): Promise<DefinitionVersion[]> {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const { entities, raw } = await this.ds.manager
      .createQueryBuilder(ProcedureDefinitionEntity, 'd')
      .innerJoin(OrgUnit, 'o', 'o.id = d.owner_org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'owner_code')
      .addSelect('o.name', 'owner_name')
      .orderBy('o.code')
      .addOrderBy('d.key')
      .addOrderBy('d.version', 'DESC')
      .getRawAndEntities();
    return [
      ...this.engine.registry
        .listProcedures()
        .filter((p) => p.key !== 'guidance')
        .map((p) => ({ id: null, owner: 'default', ownerName: null, key: p.key, version: p.version, title: p.title, status: 'published' as const, steps: p.steps, createdAt: null, publishedAt: null })),
      ...entities.map((d, i) => ({
        id: d.id,
        owner: raw[i].owner_code as string,
        ownerName: raw[i].owner_name as string,
        key: d.key,
        version: d.version,
        title: d.title,
        status: d.status as 'draft' | 'published',
        steps: d.steps as StepRef[],
        createdAt: d.createdAt,
        publishedAt: d.publishedAt,
      })),
    ];
  }

  /** One version (404 unless visible). */
  async get(user: AuthUser, owner: string, key: string, version: number): Promise<DefinitionVersion> {
    // A version from a URL or a form: one the integer column cannot hold names no version (and must not reach SQL).
    if (!Number.isInteger(version) || version < 1 || version > MAX_INT32) throw new NotFoundError(`Không có quy trình ${key}@${String(version)}`).worded('procedure-not-found', { procedure: `${key}@${String(version)}` });
    if (owner === 'default') {
      try {
        const p = this.engine.registry.procedure(key, version);
        return { id: null, owner: 'default', ownerName: null, key: p.key, version: p.version, title: p.title, status: 'published', steps: p.steps, createdAt: null, publishedAt: null };
      } catch {
        throw new NotFoundError(`Không có quy trình mặc định ${key}@${version}`).worded('default-procedure-not-found', { procedure: `${key}@${version}` });
      }
    }
    const org = await visibleOrg(this.ds, this.scope, user, owner);
    const row = await this.ds.manager.findOne(ProcedureDefinitionEntity, { where: { key, ownerOrgId: org.id, version } });
    if (!row) throw new NotFoundError(`Không tìm thấy quy trình ${key}@${version} của ${owner}`).worded('owner-procedure-not-found', { procedure: `${key}@${version}`, owner });
    return { id: row.id, owner: org.code, ownerName: org.name, key, version, title: row.title, status: row.status as 'draft' | 'published', steps: row.steps as StepRef[], createdAt: row.createdAt, publishedAt: row.publishedAt };
  }

  /** A committee's version by its id, for publishing (404 unless the user may act for its owner). */
  async byId(user: AuthUser, id: string): Promise<DefinitionVersion> {
    const row = await this.ds.manager.findOne(ProcedureDefinitionEntity, { where: { id } }).catch(() => null);
    const owner = row?.ownerOrgId ? await this.ds.manager.findOne(OrgUnit, { where: { id: row.ownerOrgId } }) : null;
    this.scope.requireAct(user, owner, ['committee'], procedureNotFound(id));
    return this.get(user, owner!.code, row!.key, row!.version);
  }

  /** The version a new one is compared with: the committee's latest of that key, else the base it started from. */
  async previous(state: Pick<EditorState, 'owner' | 'key' | 'base'>, user: AuthUser, below?: number): Promise<DefinitionVersion | null> {
    const org = await this.ds.manager.findOne(OrgUnit, { where: { code: state.owner } });
    if (org && this.scope.canSee(user, org.path)) {
      const qb = this.ds.manager.createQueryBuilder(ProcedureDefinitionEntity, 'd').where('d.key = :key AND d.owner_org_id = :org', { key: state.key, org: org.id });
      if (below !== undefined) qb.andWhere('d.version < :below', { below });
      const row = await qb.orderBy('d.version', 'DESC').getOne();
      if (row) return this.get(user, org.code, row.key, row.version);
    }
    return this.get(user, state.base.owner, state.base.key, state.base.version).catch(() => null);
  }

  /** Field issues of the definition being composed (unknown kinds, bad parameters, unknown rubric, duplicate ids). */
  validate(state: EditorState): FieldIssue[] {
    return validateDefinition({ key: state.key, version: 1, owner: state.owner, title: state.title, steps: state.steps }, this.engine.registry);
  }

  /** Saves the composition as the committee's next draft version. */
  async saveDraft(user: AuthUser, state: EditorState): Promise<DefinitionVersion> {
    const owner = await actingOrg(this.ds, this.scope, user, state.owner, ['committee']);
    return this.ds.transaction(async (m) => {
      const latest = await m.findOne(ProcedureDefinitionEntity, { where: { key: state.key, ownerOrgId: owner.id }, order: { version: 'DESC' } });
      const version = (latest?.version ?? 0) + 1;
      const definition: ProcedureDefinition = { key: state.key, version, owner: owner.code, title: state.title, steps: state.steps };
      const row = await m.save(
        m.create(ProcedureDefinitionEntity, { key: definition.key, version, ownerOrgId: owner.id, title: definition.title, steps: definition.steps, status: 'draft', createdAt: this.engine.clock.now(), publishedAt: null }),
      );
      return { id: row.id, owner: owner.code, ownerName: owner.name, key: row.key, version, title: row.title, status: 'draft', steps: definition.steps, createdAt: row.createdAt, publishedAt: null };
    });
  }

  /** Publishes a draft version: new guidance of this committee will use it. */
  async publish(user: AuthUser, id: string): Promise<DefinitionVersion> {
    const row = await this.ds.manager.findOne(ProcedureDefinitionEntity, { where: { id } }).catch(() => null);
    const owner = row?.ownerOrgId ? await this.ds.manager.findOne(OrgUnit, { where: { id: row.ownerOrgId } }) : null;
    this.scope.requireAct(user, owner, ['committee'], procedureNotFound(id));
    if (row!.status === 'published') throw new ConflictError('Phiên bản này đã được ban hành').worded('procedure-published');
    // A step before the one that provides what it needs would run without it: refused, each step and fact named.
    const order = stepOrderIssues(row!.steps as StepRef[], this.engine.registry);
    if (order.length) throw new ValidationError(order);
    await this.ds.manager.update(ProcedureDefinitionEntity, { id }, { status: 'published', publishedAt: this.engine.clock.now() });
    return this.get(user, owner!.code, row!.key, row!.version);
  }

  /** Committees where the user may compose (their own or below). */
  async owners(user: AuthUser): Promise<Array<{ code: string; name: string }>> {
    const paths = this.scope.actingOrgPaths(user, ['committee']);
    if (!paths.length) return [];
    const filter = this.scope.subtreeFilter(user, 'o.path', paths);
    const rows = await this.ds.manager.createQueryBuilder(OrgUnit, 'o').where(filter.where, filter.params).andWhere("o.kind = 'committee'").orderBy('o.path').getMany();
    return rows.map((o) => ({ code: o.code, name: o.name }));
  }
}
