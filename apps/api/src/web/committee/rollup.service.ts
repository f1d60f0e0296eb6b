import { Finding, Guidance, OrgUnit, ProcedureInstance, Report, Score, SessionRecord } from '@chibo/db';
import { compileRollup } from '@chibo/plugin-guidance';
import { FACTS } from '@chibo/procedure';
import { RATINGS } from '@chibo/rules';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../auth/auth-user';
import { ScopeService } from '../../auth/scope.service';
import { ProcedureEngine } from '../../engine/procedure-engine';
import { formatMonth, formatPercent, localMonth } from '../view/format';
import type { Lang } from '../i18n/i18n';
import { WEB, seg } from '../web-paths';

/** CSS classes of the four ratings in charts (colour plus a pattern-free legend with counts, so colour is not the only cue). */
const RATING_CLASS: Record<string, string> = { Tốt: 'r-good', Khá: 'r-fair', 'Trung bình': 'r-average', Kém: 'r-poor' };

/**
 * A committee's roll-up: its cells' session ratings per month and each cell's on-time reporting rate, over all its
 * guidance or one of them, plus the live compilation of one guidance (what its roll-up report will say).
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly ds: DataSource,
    private readonly scope: ScopeService,
    private readonly engine: ProcedureEngine,
  ) {}

  /** Committees the user may see. */
  async committees(user: AuthUser): Promise<OrgUnit[]> {
    const filter = this.scope.subtreeFilter(user, 'o.path');
    return this.ds.manager.createQueryBuilder(OrgUnit, 'o').where(filter.where, filter.params).andWhere("o.kind = 'committee'").orderBy('o.path').getMany();
  }

  async rollup(user: AuthUser, lang: Lang, query: { org?: string; guidance?: string }) {
    const committees = await this.committees(user);
    const org = committees.find((c) => c.code === query.org) ?? committees[0];
    if (!org) return { committees: [], org: null, guidanceOptions: [], selected: null, months: null, cells: null, live: null };
    const guidanceRows = await this.ds.manager.find(Guidance, { where: { issuerOrgId: org.id }, order: { issuedOn: 'DESC' } });
    const selected = guidanceRows.find((g) => g.id === query.guidance) ?? null;
    const under = `${org.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

    // Sessions held and their ratings, by the month they were held in.
    const sessionQb = this.ds.manager
      .createQueryBuilder(SessionRecord, 's')
      .innerJoin(OrgUnit, 'o', 'o.id = s.org_id')
      .innerJoin(ProcedureInstance, 'i', 'i.id = s.instance_id')
      .leftJoin(Score, 'sc', 'sc.instance_id = s.instance_id')
      .where(`o.path LIKE :under ESCAPE '\\'`, { under })
      .select('s.held_at', 'held_at')
      .addSelect('sc.rating', 'rating');
    if (selected) sessionQb.andWhere('i.guidance_id = :g', { g: selected.id });
    const sessions = await sessionQb.getRawMany<{ held_at: string; rating: string | null }>();
    const byMonth = new Map<string, Map<string, number>>();
    for (const s of sessions) {
      const month = localMonth(s.held_at);
      const counts = byMonth.get(month) ?? new Map<string, number>();
      const rating = s.rating ?? '—';
      counts.set(rating, (counts.get(rating) ?? 0) + 1);
      byMonth.set(month, counts);
    }
    const monthKeys = [...byMonth.keys()].sort();
    const maxMonth = Math.max(1, ...monthKeys.map((m) => [...byMonth.get(m)!.values()].reduce((a, b) => a + b, 0)));
    const ROW = 34;
    const months = {
      height: Math.max(ROW, monthKeys.length * ROW) + 4,
      legend: [...RATINGS, '—'].map((r) => ({ rating: r, cls: RATING_CLASS[r] ?? 'r-none', count: sessions.filter((s) => (s.rating ?? '—') === r).length })),
      rows: monthKeys.map((month, row) => {
        const counts = byMonth.get(month)!;
        let x = 80;
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        const segments = [...RATINGS, '—']
          .filter((r) => counts.has(r))
          .map((r) => {
            const width = (counts.get(r)! / maxMonth) * 200;
            const segment = { x, width: Math.max(width, 1), cls: RATING_CLASS[r] ?? 'r-none', label: `${r}: ${counts.get(r)}` };
            x += width;
            return segment;
          });
        return { label: formatMonth(month, lang), y: row * ROW + 4, textY: row * ROW + 22, segments, total, totalX: x + 4, counts: [...counts.entries()].map(([rating, n]) => ({ rating, n })) };
      }),
    };

    // Reports per cell: on time, late, and missing (deadline passed, nothing submitted).
    const reportQb = this.ds.manager
      .createQueryBuilder(Report, 'r')
      .innerJoin(OrgUnit, 'o', 'o.id = r.org_id')
      .where(`o.path LIKE :under ESCAPE '\\'`, { under })
      .andWhere("o.kind = 'cell'")
      .select('o.code', 'code')
      .addSelect('o.name', 'name')
      .addSelect('r.on_time', 'on_time');
    if (selected) reportQb.andWhere('r.guidance_id = :g', { g: selected.id });
    const missingQb = this.ds.manager
      .createQueryBuilder(Finding, 'f')
      .innerJoin(OrgUnit, 'o', 'o.id = f.org_id')
      .where(`o.path LIKE :under ESCAPE '\\'`, { under })
      .andWhere("f.code = 'report-missing' AND f.resolved_at IS NULL")
      .select('o.code', 'code')
      .addSelect('o.name', 'name');
    if (selected) missingQb.andWhere('f.guidance_id = :g', { g: selected.id });
    const [reports, missing] = await Promise.all([reportQb.getRawMany<{ code: string; name: string; on_time: boolean | number }>(), missingQb.getRawMany<{ code: string; name: string }>()]);
    const perCell = new Map<string, { code: string; name: string; onTime: number; late: number; missing: number }>();
    const cell = (code: string, name: string) => {
      const entry = perCell.get(code) ?? { code, name, onTime: 0, late: 0, missing: 0 };
      perCell.set(code, entry);
      return entry;
    };
    for (const r of reports) {
      if (r.on_time === true || r.on_time === 1) cell(r.code, r.name).onTime++;
      else cell(r.code, r.name).late++;
    }
    for (const m of missing) cell(m.code, m.name).missing++;
    const ROW2 = 40;
    const cellRows = [...perCell.values()]
      .map((c) => ({ ...c, due: c.onTime + c.late + c.missing, rate: c.onTime / Math.max(1, c.onTime + c.late + c.missing) }))
      .sort((a, b) => a.rate - b.rate || a.code.localeCompare(b.code));
    const charted = cellRows.slice(0, 40);
    const cells = {
      height: Math.max(ROW2, charted.length * ROW2) + 4,
      rows: charted.map((c, row) => ({ ...c, rateText: formatPercent(c.rate, lang), y: row * ROW2 + 18, labelY: row * ROW2 + 13, width: Math.max(c.rate * 220, 1), textX: Math.max(c.rate * 220, 1) + 4 })),
      table: cellRows.map((c) => ({ ...c, rateText: formatPercent(c.rate, lang) })),
      more: Math.max(0, cellRows.length - charted.length),
    };

    let live = null;
    if (selected?.instanceId) {
      const state = await this.engine.state(selected.instanceId);
      const r = compileRollup(state, this.engine.clock.now());
      live = { ...r, ratings: Object.entries(r.ratings).map(([rating, n]) => ({ rating, n })), findings: Object.entries(r.findings).map(([code, n]) => ({ code, n })), submitted: Boolean(state.facts[FACTS.rollup]) };
    }
    return {
      committees: committees.map((c) => ({ value: c.code, label: `${c.name} (${c.code})`, selected: c.id === org.id })),
      org: { code: org.code, name: org.name },
      guidanceOptions: guidanceRows.map((g) => ({ value: g.id, label: `${g.number} (${g.issuedOn})`, selected: g.id === selected?.id })),
      selected: selected ? { id: selected.id, number: selected.number, href: `${WEB.guidance}/${seg(selected.id)}` } : null,
      months,
      cells,
      live,
    };
  }
}
