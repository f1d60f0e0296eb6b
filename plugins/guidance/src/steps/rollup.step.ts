import { z } from 'zod';
import { committeeOf, defineStep, documentIssuer, FACTS, type GuidanceCitation, type GuidanceRef, type StepContext } from '@chibo/procedure';
import { isWithinDeadline } from '@chibo/rules';
import { effectiveGuidance } from '../cascade';

export const ROLLUP_STEP = 'guidance:rollup';
/** The template of the roll-up report (BC) this step issues (src/templates/rollup.hbs). */
export const ROLLUP_TEMPLATE = 'guidance:rollup';

/** The committee's compiled view of its cells' reports. */
export interface Rollup {
  cells: number;
  reported: number;
  onTime: number;
  late: number;
  /** Cells with no report once the report deadline has passed. */
  missing: number;
  /** Cells with no report while the deadline has not passed yet (or the guidance set none): not missing yet. */
  pending: number;
  ratings: Record<string, number>;
  adopted: number;
  rejected: number;
  findings: Record<string, number>;
  perCell: RollupRow[];
  /** Cascades only: how many of the recipients are committees (the rest are cells). */
  committees?: number;
  /**
   * Cascades only: the cells of the whole subtree, compiled from this level's own cells and the figures its
   * sub-committees' reports carried (a committee that has not reported contributes nothing yet).
   */
  subtree?: SubtreeFigures;
  summary?: string;
}

/** One recipient's line in a roll-up: a cell, or (cascades) a sub-committee with the ratings its report carried. */
export interface RollupRow {
  cell: string;
  name: string | null;
  status: 'on-time' | 'late' | 'missing' | 'pending';
  rating: string | null;
  resolution: string | null;
  findings: string[];
  /** Present for a sub-committee. */
  kind?: 'committee';
  /** A sub-committee's compiled ratings of its cells, from its report. */
  ratings?: Record<string, number>;
}

/** Cell figures over a whole subtree (cascades). */
export interface SubtreeFigures {
  cells: number;
  reported: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  adopted: number;
  rejected: number;
}

/** This step has the committee compile its cells' reports into the roll-up report (BC) it sends upward. */
export const rollupStep = defineStep({
  name: ROLLUP_STEP,
  version: 1,
  title: { vi: 'Tổng hợp báo cáo', en: 'Compile the roll-up' },
  description: { vi: 'Cấp ủy tổng hợp kết quả của các chi bộ và ban hành báo cáo (BC).', en: 'The committee compiles the cells’ results and issues its report (BC).' },
  params: z.object({}),
  initialState: {},
  effects: ['issue-document'],
  tasks: {
    rollup: {
      title: { vi: 'Tổng hợp báo cáo kết quả', en: 'Submit the roll-up report' },
      form: z.object({ summary: z.string().optional() }),
      submit: (ctx, input) => {
        const rollup = compileRollup(ctx, ctx.now, input.summary);
        // A committee implementing its superior's guidance reports on its own guidance, as its issuer.
        const guidance = effectiveGuidance(ctx);
        const issuerOrg = guidance?.issuer ?? ctx.context.org;
        const data = { rollup, guidance: guidance ? citationOf(guidance) : null, issuer: documentIssuer(ctx.context, issuerOrg) };
        const title = `Báo cáo kết quả thực hiện ${guidance?.number ?? ''}`.trim();
        return {
          facts: { [FACTS.rollup]: rollup, [FACTS.status]: 'rolled-up' },
          effects: [{ key: 'bc', name: 'issue-document', input: { type: 'BC', template: ROLLUP_TEMPLATE, org: issuerOrg.code, title, data } }],
          complete: { output: rollup },
        };
      },
    },
  },
  start: (ctx) => ({
    openTasks: [
      {
        key: 'rollup',
        task: 'rollup',
        assignee: committeeOf(effectiveGuidance(ctx)?.issuer.code ?? ctx.context.org.code),
        title: { vi: 'Tổng hợp báo cáo kết quả của các chi bộ', en: 'Compile the cells’ reports' },
      },
    ],
  }),
});

/**
 * Counts reports, timeliness, ratings and findings across the children, as of `now`: a cell that has not reported is
 * `missing` once the end of the guidance's report deadline is behind `now`, and `pending` before it (DESIGN §5) — a
 * committee looking at its guidance the day it issued it must not see every cell as overdue.
 */
export function compileRollup(
  ctx: Pick<StepContext<unknown, unknown>, 'children' | 'context'> & { facts?: StepContext<unknown, unknown>['facts'] },
  now: string,
  summary?: string,
): Rollup {
  const rollup: Rollup = { cells: 0, reported: 0, onTime: 0, late: 0, missing: 0, pending: 0, ratings: {}, adopted: 0, rejected: 0, findings: {}, perCell: [] };
  const names = new Map([...(ctx.context.cells ?? []), ...(ctx.context.committees ?? [])].map((c) => [c.code, c.name]));
  const committees = new Set((ctx.context.committees ?? []).map((c) => c.code));
  const subtree: SubtreeFigures = { cells: 0, reported: 0, onTime: 0, late: 0, missing: 0, pending: 0, adopted: 0, rejected: 0 };
  const overdue = reportDeadlinePassed(effectiveGuidance({ facts: ctx.facts ?? {}, context: ctx.context })?.reportBy, now);
  for (const child of Object.values(ctx.children)) {
    rollup.cells++;
    const committee = committees.has(child.org);
    if (committee) rollup.committees = (rollup.committees ?? 0) + 1;
    const kind = committee ? { kind: 'committee' as const } : {};
    const report = child.report;
    if (!report) {
      const name = names.get(child.key) ?? null;
      if (!overdue) {
        rollup.pending++;
        if (!committee) {
          subtree.cells++;
          subtree.pending++;
        }
        rollup.perCell.push({ cell: child.key, name, status: 'pending', rating: null, resolution: null, findings: [], ...kind });
        continue;
      }
      rollup.missing++;
      if (!committee) {
        subtree.cells++;
        subtree.missing++;
      }
      rollup.perCell.push({ cell: child.key, name, status: 'missing', rating: null, resolution: null, findings: ['report-missing'], ...kind });
      rollup.findings['report-missing'] = (rollup.findings['report-missing'] ?? 0) + 1;
      continue;
    }
    rollup.reported++;
    if (report['onTime']) rollup.onTime++;
    else rollup.late++;
    const rating = typeof report['rating'] === 'string' ? report['rating'] : null;
    if (rating) rollup.ratings[rating] = (rollup.ratings[rating] ?? 0) + 1;
    // A sub-committee's report (cascades) carries its roll-up: the ratings of its cells reach this level through it.
    const sub = report['rollup'] as Partial<Rollup> | null | undefined;
    for (const [r, n] of Object.entries(sub?.ratings ?? {})) rollup.ratings[r] = (rollup.ratings[r] ?? 0) + n;
    if (report['resolution'] === 'adopted') rollup.adopted++;
    if (report['resolution'] === 'rejected') rollup.rejected++;
    const findings = Array.isArray(report['findings']) ? (report['findings'] as string[]) : [];
    for (const code of findings) rollup.findings[code] = (rollup.findings[code] ?? 0) + 1;
    if (committee) {
      if (sub) addFigures(subtree, sub.subtree ?? figuresOf(sub));
    } else {
      subtree.cells++;
      subtree.reported++;
      if (report['onTime']) subtree.onTime++;
      else subtree.late++;
      if (report['resolution'] === 'adopted') subtree.adopted++;
      if (report['resolution'] === 'rejected') subtree.rejected++;
    }
    rollup.perCell.push({
      cell: child.key,
      name: names.get(child.key) ?? null,
      status: report['onTime'] ? 'on-time' : 'late',
      rating,
      resolution: typeof report['resolution'] === 'string' ? report['resolution'] : null,
      findings,
      ...kind,
      ...(committee ? { ratings: { ...(sub?.ratings ?? {}) } } : {}),
    });
  }
  // Single-level roll-ups keep their shape (and their documents); a cascade's also compiles the whole subtree.
  if (rollup.committees) rollup.subtree = subtree;
  if (summary) rollup.summary = summary;
  return rollup;
}

/** A sub-committee's report without subtree figures (its recipients were all cells): its own counts are its subtree's. */
function figuresOf(r: Partial<Rollup>): SubtreeFigures {
  return { cells: r.cells ?? 0, reported: r.reported ?? 0, onTime: r.onTime ?? 0, late: r.late ?? 0, missing: r.missing ?? 0, pending: r.pending ?? 0, adopted: r.adopted ?? 0, rejected: r.rejected ?? 0 };
}

function addFigures(into: SubtreeFigures, add: SubtreeFigures): void {
  for (const key of Object.keys(into) as Array<keyof SubtreeFigures>) into[key] += add[key] ?? 0;
}

/**
 * The guidance a roll-up reports on, as its BC cites it. Always cited, though the committee issued it itself (the
 * core's `guidanceCitation` leaves out a guidance of the instance's own org, which a cell's own calendar needs).
 */
function citationOf(g: GuidanceRef): GuidanceCitation {
  return { number: g.number, issuedOn: g.issuedOn, title: g.title, issuerName: g.issuer.name, sessionBy: g.sessionBy ?? null, reportBy: g.reportBy ?? null, basedOn: g.basedOn ?? [] };
}

/** Whether the whole last day of a report deadline is behind `now`, as the deadline timer sees it (no deadline: never). */
export function reportDeadlinePassed(reportBy: string | undefined, now: string): boolean {
  return reportBy !== undefined && !isWithinDeadline(now, reportBy);
}
