import { ReportInboxEntry } from '@chibo/db';
import { writeTransaction } from '@chibo/host';
import type { ChildReportArgs, PostReportArgs, PostReportResult, ReportPage, TakeReportsArgs } from '@chibo/workflows';
import { IsNull, type EntityManager } from 'typeorm';
import type { ActivityDeps } from './activity-deps';

// Children's reports through the read side (ADR 0026). Posting and taking both lock the parent's head row before
// anything else, which orders them: a post that finds nothing waiting wakes the parent, and the parent takes pages
// until nothing waits; a post either lands before a take (which then sees it) or after it (and finds what the take
// left). The parent's status is read under the same lock, so a report posted to a parent that has ended is refused
// here, never left waiting for a run that will not come.

/** Reports read per page at most, whatever their size. */
const PAGE_ROWS = 500;

/**
 * Stores a child's report for its parent, once per sending command (a retried activity finds its own row), and says
 * whether to wake the parent: when no other report was waiting (the parent may be idle), or when this one still waits
 * on a retry (the first attempt's signal may never have gone out; a needless wake costs the parent one empty page).
 * A parent that has ended, or that the read side does not know, takes no more reports: `wake` is false and the row is
 * not written, and the child closes its own command, as for a signal to a closed workflow. Compensation: none (a
 * waiting report is what the parent's next page takes).
 */
export function postReportActivity(deps: ActivityDeps) {
  return async function postReport(args: PostReportArgs): Promise<PostReportResult> {
    return writeTransaction(deps.dataSource, async (m) => {
      const waiting = await lockHead(m, args.parentInstanceId);
      const parent = await m.query(`SELECT status FROM procedure_instances WHERE id = ${param(m, 1)}`, [args.parentInstanceId]);
      if (parent[0]?.status !== 'running') return { wake: false, parentEnded: true };
      const from = args.args.from;
      const existing = await m.getRepository(ReportInboxEntry).findOne({ where: { fromInstanceId: from.instanceId, fromCommandId: from.commandId }, select: { id: true, takenBy: true } });
      if (existing) return { wake: existing.takenBy === null };
      const size = JSON.stringify(args.args).length;
      await m.getRepository(ReportInboxEntry).insert({
        parentInstanceId: args.parentInstanceId,
        fromInstanceId: from.instanceId,
        fromCommandId: from.commandId,
        args: args.args,
        size,
        takenBy: null,
        postedAt: new Date().toISOString(),
        takenAt: null,
      });
      await setWaiting(m, args.parentInstanceId, waiting + 1);
      return { wake: waiting === 0 };
    });
  };
}

/**
 * Takes the next page of the reports waiting for an instance, oldest first, up to `maxUnits` of JSON (always at least
 * one report). A retry of the same page key returns the reports that key took, so a page lost with its worker is not
 * lost for the parent. Compensation: none (the parent records every report it takes; a page taken by a run that then
 * failed before recording it is retaken by no one, which is why the key includes the run: an operator's reset
 * replays the run that took it).
 */
export function takeReportsActivity(deps: ActivityDeps) {
  return async function takeReports(args: TakeReportsArgs): Promise<ReportPage> {
    return writeTransaction(deps.dataSource, async (m) => {
      const waiting = await lockHead(m, args.instanceId);
      const repo = m.getRepository(ReportInboxEntry);
      const again = await repo.find({ where: { parentInstanceId: args.instanceId, takenBy: args.page }, order: { id: 'ASC' } });
      if (again.length) return { reports: again.map((r) => r.args as ChildReportArgs), more: waiting > 0 };
      const candidates = await repo.find({ where: { parentInstanceId: args.instanceId, takenBy: IsNull() }, order: { id: 'ASC' }, take: PAGE_ROWS });
      const page: ReportInboxEntry[] = [];
      let units = 0;
      for (const row of candidates) {
        if (page.length && units + row.size > args.maxUnits) break;
        page.push(row);
        units += row.size;
      }
      if (page.length) {
        await repo.update(
          page.map((r) => r.id),
          { takenBy: args.page, takenAt: new Date().toISOString() },
        );
      }
      // Counted from the rows rather than trusted from the head, so a head that drifted (rows written by hand) heals.
      const left = await repo.count({ where: { parentInstanceId: args.instanceId, takenBy: IsNull() } });
      if (left !== waiting) await setWaiting(m, args.instanceId, left);
      return { reports: page.map((r) => r.args as ChildReportArgs), more: left > 0 };
    });
  };
}

/** Creates the parent's head row if needed and locks it for the transaction; answers how many reports wait. */
async function lockHead(m: EntityManager, parentInstanceId: string): Promise<number> {
  // The insert is a write, so on SQLite the transaction holds the database's write lock from here on; on PostgreSQL
  // the row lock below orders concurrent posts and takes of one parent.
  await m.query(`INSERT INTO report_inbox_heads (parent_instance_id, waiting) VALUES (${param(m, 1)}, 0) ON CONFLICT (parent_instance_id) DO NOTHING`, [parentInstanceId]);
  const lock = m.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
  const rows = (await m.query(`SELECT waiting FROM report_inbox_heads WHERE parent_instance_id = ${param(m, 1)}${lock}`, [parentInstanceId])) as Array<{ waiting: number | string }>;
  return Number(rows[0]?.waiting ?? 0);
}

async function setWaiting(m: EntityManager, parentInstanceId: string, waiting: number): Promise<void> {
  await m.query(`UPDATE report_inbox_heads SET waiting = ${param(m, 1)} WHERE parent_instance_id = ${param(m, 2)}`, [waiting, parentInstanceId]);
}

function param(m: EntityManager, n: number): string {
  return m.connection.options.type === 'postgres' ? `$${n}` : '?';
}
