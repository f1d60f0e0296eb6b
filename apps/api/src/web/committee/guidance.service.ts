import { Finding, Guidance, OrgUnit, ProcedureInstance, Score, Task } from '@chibo/db';
import { compileRollup } from '@chibo/plugin-guidance';
import { FACTS } from '@chibo/procedure';
import { FINDING_CODES, isFindingCode, RATINGS } from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ScopeService } from '../../auth/scope.service';
import { NotFoundError } from '../../common/errors';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { cascadeGuidanceId, GuidanceProgressService, subtreePattern } from '../../guidance/guidance-progress.service';
import { localized, translate, type Lang } from '../i18n/i18n';
import { findingName } from '../view/names';
import { WEB, seg } from '../web-paths';

/** Filters of the cell grid (all optional). */
export interface GridFilters {
  status?: 'running' | 'completed' | 'failed';
  rating?: string;
  finding?: string;
  overdue?: boolean;
  q?: string;
  page: number;
}

export const GRID_PAGE_SIZE = 50;

/** Guidance for the committee pages: the list, one guidance's dispatch progress, and its cells as a filterable grid. */
@Injectable()
export class GuidanceService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  async list(user: AuthUser) {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    const { entities, raw } = await this.ds.manager
      .createQueryBuilder(Guidance, 'g')
      .innerJoin(OrgUnit, 'o', 'o.id = g.issuer_org_id')
      .where(filter.where, filter.params)
      .addSelect('o.code', 'issuer_code')
      .addSelect('o.name', 'issuer_name')
      .orderBy('g.issued_on', 'DESC')
      .addOrderBy('g.created_at', 'DESC')
      .getRawAndEntities();
    return entities.map((g, i) => ({ guidance: g, issuer: { code: raw[i].issuer_code as string, name: raw[i].issuer_name as string }, href: `${WEB.guidance}/${seg(g.id)}` }));
  }

  /** A guidance whose issuer the user may see (404 otherwise, like the API). */
  async visible(user: AuthUser, id: string): Promise<{ guidance: Guidance; issuer: OrgUnit }> {
    const guidance = await this.ds.manager.findOne(Guidance, { where: { id } }).catch(() => null);
    const issuer = guidance ? await this.ds.manager.findOne(OrgUnit, { where: { id: guidance.issuerOrgId } }) : null;
    if (!guidance || !issuer || !this.scope.canSee(user, issuer.path)) throw new NotFoundError(`Không tìm thấy hướng dẫn ${id}`).worded('guidance-not-found', { guidance: id });
    return { guidance, issuer };
  }

  /**
   * A cascade's progress by level (its direct recipients with their subtrees, links down and up, committees that did
   * not act), for the page; null for a guidance that reached no committee and implements none.
   */
  async levels(guidance: Guidance, issuer: OrgUnit) {
    const p = await new GuidanceProgressService(this.ds, this.engine).progress(guidance, issuer);
    if (!p || (!p.direct.committees && !p.implements)) return null;
    const href = (id: string) => `${WEB.guidance}/${seg(id)}`;
    const ratingList = (ratings: Record<string, number>) => RATINGS.filter((r) => ratings[r]).map((rating) => ({ rating, n: ratings[rating]! }));
    return {
      implements: p.implements ? { ...p.implements, href: href(p.implements.id) } : null,
      subtree: p.subtree,
      recipients: p.recipients.map((r) => ({ ...r, implementation: r.implementation ? { ...r.implementation, href: href(r.implementation.id) } : null, ratingList: ratingList(r.subtree.ratings) })),
      findings: p.findings,
    };
  }

  /** How far the dispatch and the reports have come: cells started out of all, reported, on time, late, missing. */
  async progress(guidance: Guidance) {
    const state = guidance.instanceId ? await this.engine.state(guidance.instanceId) : null;
    const cells = state?.context.cells?.length ?? 0;
    const started = state ? Object.values(state.children).filter((c) => c.started).length : 0;
    const rollup = state ? compileRollup(state, this.engine.clock.now()) : null;
    return {
      cells,
      started,
      percent: cells ? Math.round((started / cells) * 100) : 100,
      dispatching: cells > 0 && started < cells,
      reported: rollup?.reported ?? 0,
      onTime: rollup?.onTime ?? 0,
      late: rollup?.late ?? 0,
      missing: rollup?.missing ?? 0,
      completed: Boolean(state?.facts[FACTS.rollup]),
    };
  }

  /**
   * One page of the guidance's cells with status, current step, rating, active findings and an overdue mark, filtered
   * in SQL (a guidance may reach thousands of cells).
   */
  async grid(guidance: Guidance, issuer: OrgUnit, filters: GridFilters, lang: Lang) {
    const now = this.engine.clock.now();
    // Every instance of a cascade is filed under its top guidance's row: a committee's implementing guidance lists the
    // cells under that committee, and no guidance lists a committee's own instance as a cell.
    const qb = this.ds.manager
      .createQueryBuilder(ProcedureInstance, 'i')
      .innerJoin(OrgUnit, 'o', 'o.id = i.org_id')
      .leftJoin(Score, 's', 's.instance_id = i.id')
      .where('i.guidance_id = :g', { g: await cascadeGuidanceId(this.ds, guidance) })
      .andWhere('i.parent_instance_id IS NOT NULL')
      .andWhere("o.kind = 'cell'")
      .andWhere("o.path LIKE :under ESCAPE '\\'", { under: subtreePattern(issuer.path) })
      .select(['i.id', 'i.status', 'i.updatedAt'])
      .addSelect('o.code', 'org_code')
      .addSelect('o.name', 'org_name')
      .addSelect('s.rating', 'rating');
    const overdueCondition = new Brackets((w) => {
      w.where(`EXISTS (SELECT 1 FROM findings f WHERE f.instance_id = i.id AND f.code = 'report-missing' AND f.resolved_at IS NULL)`).orWhere(
        `EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.status = 'open' AND t.due_at IS NOT NULL AND t.due_at < :now)`,
        { now },
      );
    });
    if (filters.status) qb.andWhere('i.status = :status', { status: filters.status });
    if (filters.rating === 'none') qb.andWhere('s.rating IS NULL');
    else if (filters.rating) qb.andWhere('s.rating = :rating', { rating: filters.rating });
    if (filters.finding) qb.andWhere(`EXISTS (SELECT 1 FROM findings f2 WHERE f2.instance_id = i.id AND f2.code = :finding AND f2.resolved_at IS NULL)`, { finding: filters.finding });
    if (filters.overdue) qb.andWhere(overdueCondition);
    if (filters.q) qb.andWhere(new Brackets((w) => w.where('LOWER(o.code) LIKE :q', { q: `%${filters.q!.toLowerCase()}%` }).orWhere('LOWER(o.name) LIKE :q')));
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .orderBy('o.code', 'ASC')
      .offset((filters.page - 1) * GRID_PAGE_SIZE)
      .limit(GRID_PAGE_SIZE)
      .getRawAndEntities();
    const ids = entities.map((i) => i.id);
    const [findings, openTasks] = ids.length
      ? await Promise.all([
          this.ds.manager.find(Finding, { where: { instanceId: In(ids) }, order: { recordedAt: 'ASC' } }),
          this.ds.manager.find(Task, { where: { instanceId: In(ids), status: 'open' }, order: { openedAt: 'ASC' } }),
        ])
      : [[], []];
    return {
      total,
      page: filters.page,
      pages: Math.max(1, Math.ceil(total / GRID_PAGE_SIZE)),
      rows: entities.map((i, n) => {
        const active = findings.filter((f) => f.instanceId === i.id && !f.resolvedAt).map((f) => f.code);
        const open = openTasks.filter((t) => t.instanceId === i.id);
        return {
          href: `${WEB.dossiers}/${seg(i.id)}`,
          code: raw[n].org_code as string,
          name: raw[n].org_name as string,
          status: translate(lang, `instanceStatus.${i.status}`),
          statusCode: i.status,
          current: open.length ? [...new Set(open.map((t) => localized(lang, { vi: t.titleVi, en: t.titleEn })))].join('; ') : '—',
          rating: (raw[n].rating as string | null) ?? null,
          findings: [...new Set(active)],
          overdue: active.includes('report-missing') || open.some((t) => t.dueAt !== null && t.dueAt < now),
        };
      }),
    };
  }

  /** The values the grid's filters accept, with labels. */
  filterOptions(lang: Lang) {
    return {
      statuses: (['running', 'completed', 'failed'] as const).map((s) => ({ value: s, label: translate(lang, `instanceStatus.${s}`) })),
      ratings: [...RATINGS.map((r) => ({ value: r, label: r })), { value: 'none', label: translate(lang, 'grid.noRating') }],
      findings: FINDING_CODES.map((c) => ({ value: c, label: findingName(c, lang) })),
    };
  }

  /** Reads and checks the grid's query string (unknown values are ignored). */
  parseFilters(query: Record<string, unknown>): GridFilters {
    const str = (k: string) => (typeof query[k] === 'string' && query[k] !== '' ? (query[k] as string) : undefined);
    const status = str('trang-thai');
    const rating = str('xep-loai');
    const finding = str('phat-hien');
    return {
      ...(status === 'running' || status === 'completed' || status === 'failed' ? { status } : {}),
      ...(rating && ([...RATINGS, 'none'] as string[]).includes(rating) ? { rating } : {}),
      ...(finding && isFindingCode(finding) ? { finding } : {}),
      ...(str('qua-han') === '1' ? { overdue: true } : {}),
      ...(str('tim') ? { q: str('tim')!.slice(0, 100) } : {}),
      page: Math.max(1, Math.min(100_000, Number(str('trang')) || 1)),
    };
  }
}
