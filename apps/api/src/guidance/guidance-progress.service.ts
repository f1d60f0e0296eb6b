import { Finding, Guidance, OrgUnit, ProcedureInstance, Report, Score, SessionRecord } from '@chibo/db';
import { compileRollup, effectiveGuidance, type Rollup } from '@chibo/plugin-guidance';
import { FACTS, implementationInstanceId, type InstanceState } from '@chibo/procedure';
import { Injectable } from '@nestjs/common';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { ProcedureEngine } from '../engine/procedure-engine';

/** Cell figures over a subtree, from the read side. */
export interface CellFigures {
  /** Cells whose procedure has started under this cascade. */
  cells: number;
  /** Cells that held the session. */
  held: number;
  ratings: Record<string, number>;
  onTime: number;
  late: number;
  /** Cells whose report deadline passed with nothing submitted. */
  missing: number;
}

/** One direct recipient of a guidance, a cell or a sub-committee, with its subtree's figures. */
export interface RecipientProgress {
  code: string;
  name: string | null;
  kind: 'cell' | 'committee';
  /** Its report to this guidance: on-time, late, missing (deadline passed) or pending. */
  report: 'on-time' | 'late' | 'missing' | 'pending';
  rating: string | null;
  /** A sub-committee's own guidance implementing this one (null until it has issued it), to drill down into. */
  implementation: { id: string; number: string; issuedOn: string; sessionBy: string | null; reportBy: string | null } | null;
  /** Cell figures of the recipient's whole subtree (a cell: itself). */
  subtree: CellFigures;
}

/** A finding about a committee that did not act: no implementing guidance, or no report to its superior. */
export interface CommitteeFinding {
  code: 'implementation-missing' | 'report-missing';
  org: string;
  name: string;
  detail: string | null;
}

/** The guidance row every instance of `guidance`'s cascade is filed under: the top guidance's (its own at the top). */
export async function cascadeGuidanceId(ds: DataSource, guidance: Pick<Guidance, 'id' | 'instanceId'>): Promise<string> {
  const head = guidance.instanceId ? await ds.manager.findOne(ProcedureInstance, { select: { id: true, guidanceId: true }, where: { id: guidance.instanceId } }) : null;
  return head?.guidanceId ?? guidance.id;
}

/** A LIKE pattern (ESCAPE '\\') for the org units under `path`, the unit itself included. */
export function subtreePattern(path: string): string {
  return `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Progress of a guidance at any level of a cascade (issue 15 point 2): its direct recipients, each with the figures of
 * its whole subtree and a link to the sub-committee's own guidance for the next level down; the totals of the whole
 * subtree; the roll-up (live, or the one submitted); the committees that did not act. Cell figures come from the read
 * side (one grouped query per measure, however deep the tree), the recipients' statuses from the guidance instance.
 */
@Injectable()
export class GuidanceProgressService {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: ProcedureEngine,
  ) {}

  async progress(guidance: Guidance, issuer: OrgUnit) {
    if (!guidance.instanceId) return null;
    const state = await this.engine.state(guidance.instanceId);
    const cascadeId = await cascadeGuidanceId(this.ds, guidance);
    const submitted = state.facts[FACTS.rollup] as Rollup | undefined;
    const live = compileRollup(state, this.engine.clock.now());
    const sent = effectiveGuidance(state);
    const committees = new Set((state.context.committees ?? []).map((c) => c.code));
    const buckets = await this.cellFigures(issuer, cascadeId);
    const implementations = committees.size && sent ? await this.implementations([...committees], sent) : new Map<string, Guidance>();
    const recipients: RecipientProgress[] = live.perCell.map((row) => {
      const kind = committees.has(row.cell) ? 'committee' : 'cell';
      const implementation = implementations.get(row.cell);
      return {
        code: row.cell,
        name: row.name,
        kind,
        report: row.status,
        rating: row.rating,
        implementation: implementation
          ? { id: implementation.id, number: implementation.number, issuedOn: implementation.issuedOn, sessionBy: implementation.sessionBy, reportBy: implementation.reportBy }
          : null,
        subtree: buckets.get(row.cell) ?? emptyFigures(),
      };
    });
    const subtree = [...buckets.values()].reduce(addFigures, emptyFigures());
    return {
      guidance: { id: guidance.id, number: guidance.number, issuedOn: guidance.issuedOn, sessionBy: guidance.sessionBy, reportBy: guidance.reportBy },
      issuer: { code: issuer.code, name: issuer.name },
      /** The guidance this one implements (a committee's), to go one level up. */
      implements: await this.parentGuidance(state, issuer),
      status: submitted ? 'completed' : 'in-progress',
      direct: { recipients: live.cells, committees: committees.size, reported: live.reported, onTime: live.onTime, late: live.late, missing: live.missing, pending: live.pending },
      recipients,
      subtree,
      rollup: { live, submitted: submitted ?? null },
      findings: await this.committeeFindings(issuer, cascadeId, recipients),
    };
  }

  /**
   * Cell figures per direct recipient of the issuer: each cell of the subtree is counted under the recipient its path
   * passes through (a direct cell under itself).
   */
  private async cellFigures(issuer: OrgUnit, cascadeId: string): Promise<Map<string, CellFigures>> {
    const depth = issuer.path.split('/').filter(Boolean).length;
    const under = subtreePattern(issuer.path);
    const cells = <T extends object>(qb: SelectQueryBuilder<T>, alias: string) =>
      qb
        .innerJoin(OrgUnit, 'o', `o.id = ${alias}`)
        .andWhere("o.kind = 'cell'")
        .andWhere("o.path LIKE :under ESCAPE '\\'", { under })
        .select('o.path', 'path');
    const m = this.ds.manager;
    const [started, held, ratings, reports, missing] = await Promise.all([
      cells(m.createQueryBuilder(ProcedureInstance, 'i').where('i.guidance_id = :g', { g: cascadeId }), 'i.org_id').getRawMany<{ path: string }>(),
      cells(m.createQueryBuilder(SessionRecord, 's').innerJoin(ProcedureInstance, 'i', 'i.id = s.instance_id').where('i.guidance_id = :g', { g: cascadeId }), 's.org_id').getRawMany<{ path: string }>(),
      cells(m.createQueryBuilder(Score, 'sc').innerJoin(ProcedureInstance, 'i', 'i.id = sc.instance_id').where('i.guidance_id = :g', { g: cascadeId }), 'i.org_id')
        .addSelect('sc.rating', 'rating')
        .getRawMany<{ path: string; rating: string | null }>(),
      cells(m.createQueryBuilder(Report, 'r').where('r.guidance_id = :g', { g: cascadeId }), 'r.org_id').addSelect('r.on_time', 'on_time').getRawMany<{ path: string; on_time: boolean | number }>(),
      cells(m.createQueryBuilder(Finding, 'f').where('f.guidance_id = :g', { g: cascadeId }).andWhere("f.code = 'report-missing' AND f.resolved_at IS NULL"), 'f.org_id').getRawMany<{ path: string }>(),
    ]);
    const out = new Map<string, CellFigures>();
    const bucket = (path: string) => {
      const code = path.split('/').filter(Boolean)[depth] ?? '';
      let figures = out.get(code);
      if (!figures) out.set(code, (figures = emptyFigures()));
      return figures;
    };
    for (const row of started) bucket(row.path).cells++;
    for (const row of held) bucket(row.path).held++;
    for (const row of ratings) if (row.rating) bucket(row.path).ratings[row.rating] = (bucket(row.path).ratings[row.rating] ?? 0) + 1;
    for (const row of reports) {
      if (row.on_time === true || row.on_time === 1) bucket(row.path).onTime++;
      else bucket(row.path).late++;
    }
    for (const row of missing) bucket(row.path).missing++;
    return out;
  }

  /** The sub-committees' own guidance rows implementing `sent`, by committee code. */
  private async implementations(codes: string[], sent: { number: string; issuedOn: string }): Promise<Map<string, Guidance>> {
    const ids = codes.map((code) => implementationInstanceId(code, sent.number, sent.issuedOn));
    const rows = await this.ds.manager.find(Guidance, { where: { instanceId: In(ids) } });
    return new Map(rows.map((g) => [g.instanceId!.split(':')[1]!, g]));
  }

  /** For a committee's implementation: the superior's guidance row it implements. */
  private async parentGuidance(state: InstanceState, issuer: OrgUnit): Promise<{ id: string; number: string; issuedOn: string } | null> {
    const received = state.context.guidance;
    if (!received || !state.facts['implementation'] || !issuer.parentId) return null;
    const row = await this.ds.manager.findOne(Guidance, { where: { issuerOrgId: issuer.parentId, number: received.number, issuedOn: received.issuedOn } });
    return row ? { id: row.id, number: row.number, issuedOn: row.issuedOn } : null;
  }

  /**
   * Committees that did not act: a direct sub-committee whose report is missing at this guidance's deadline, and any
   * committee of the subtree that did not issue its implementing guidance in time (its own finding).
   */
  private async committeeFindings(issuer: OrgUnit, cascadeId: string, recipients: RecipientProgress[]): Promise<CommitteeFinding[]> {
    const missing: CommitteeFinding[] = recipients
      .filter((r) => r.kind === 'committee' && r.report === 'missing')
      .map((r) => ({ code: 'report-missing', org: r.code, name: r.name ?? r.code, detail: null }));
    const under = subtreePattern(issuer.path);
    const rows = await this.ds.manager
      .createQueryBuilder(Finding, 'f')
      .innerJoin(OrgUnit, 'o', 'o.id = f.org_id')
      .where('f.guidance_id = :g', { g: cascadeId })
      .andWhere("f.code = 'implementation-missing' AND f.resolved_at IS NULL")
      .andWhere("o.path LIKE :under ESCAPE '\\'", { under })
      .select(['o.code AS code', 'o.name AS name', 'f.detail AS detail'])
      .orderBy('o.path')
      .getRawMany<{ code: string; name: string; detail: string | null }>();
    return [...rows.map((r) => ({ code: 'implementation-missing' as const, org: r.code, name: r.name, detail: r.detail })), ...missing];
  }
}

function emptyFigures(): CellFigures {
  return { cells: 0, held: 0, ratings: {}, onTime: 0, late: 0, missing: 0 };
}

function addFigures(a: CellFigures, b: CellFigures): CellFigures {
  const ratings = { ...a.ratings };
  for (const [r, n] of Object.entries(b.ratings)) ratings[r] = (ratings[r] ?? 0) + n;
  return { cells: a.cells + b.cells, held: a.held + b.held, ratings, onTime: a.onTime + b.onTime, late: a.late + b.late, missing: a.missing + b.missing };
}
