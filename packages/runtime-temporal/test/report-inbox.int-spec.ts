import { createRegistry } from '@chibo/catalog';
import { OrgUnit, ProcedureInstance, ReportInboxEntry, seedOrgTree } from '@chibo/db';
import { buildContext } from '@chibo/host';
import { composeDefinition, EMPTY_STATE, handle, newCommands } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import { RECORDED, type ChildReportArgs, type ProcedureActivities } from '@chibo/workflows';
import { MockActivityEnvironment } from '@temporalio/testing';
import { IsNull, type DataSource } from 'typeorm';
import { createActivities } from '../src';

const registry = createRegistry();
const scenario = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario;
const AT = parseLocal(scenario.guidance.issuedOn);
const PARENT = `guidance:${scenario.guidance.issuer}:inbox-test`;

const report = (cell: string, size = 0): ChildReportArgs => ({
  child: cell,
  report: { cell, onTime: true, rating: 'Tốt', ...(size ? { note: 'đ'.repeat(size) } : {}) },
  at: AT,
  from: { instanceId: `cell:${cell}:inbox-test`, commandId: 'notify:report.report' },
});

describe.each(databaseKinds())('the report inbox activities on %s (ADR 0026)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;
  let activities: ProcedureActivities;
  const mock = new MockActivityEnvironment();
  const run = <A, R>(activity: (args: A) => Promise<R>, args: A): Promise<R> => mock.run(activity, args) as Promise<R>;
  const post = (args: ChildReportArgs) => run(activities.postReport, { parentInstanceId: PARENT, args });
  const take = (page: string, maxUnits = 100_000) => run(activities.takeReports, { instanceId: PARENT, page, maxUnits });

  beforeEach(async () => {
    db = await freshDatabase(kind);
    ds = db.dataSource;
    activities = createActivities({ dataSource: ds, registry });
    await ds.transaction((m) => seedOrgTree(m, scenario.org, AT));
    // The parent: a running instance in the read side, as its own projection leaves it.
    const issuer = await ds.manager.findOneByOrFail(OrgUnit, { code: scenario.guidance.issuer });
    const { context } = await buildContext(ds.manager, scenario.guidance.issuer, {
      guidance: { number: scenario.guidance.number, issuedOn: scenario.guidance.issuedOn, title: scenario.guidance.title, issuer: { code: issuer.code, name: issuer.name, abbr: 'ĐU', kind: 'committee' } },
    });
    const definition = composeDefinition(registry.procedure('thematic-session'), { owner: scenario.guidance.issuer }, registry);
    const started = handle(EMPTY_STATE, { type: 'start', at: AT, instanceId: PARENT, definition, context }, registry);
    if (!started.ok) throw new Error(started.rejection.message);
    const commands = newCommands(EMPTY_STATE, started.state).filter((c) => RECORDED.has(c.type));
    await run(activities.project, { target: { instanceId: PARENT, orgId: issuer.id, guidanceId: null }, fromSeq: 1, events: started.events, commands, done: [], at: AT });
  });
  afterEach(async () => db.drop());

  it('should wake the parent for the first report only, store each once however often it is posted, and take pages in order', async () => {
    expect(await post(report('CB-1'))).toEqual({ wake: true });
    expect(await post(report('CB-2'))).toEqual({ wake: false });
    // A retried post (its first attempt's wake may never have been sent): one row, and a wake while it waits.
    expect(await post(report('CB-1'))).toEqual({ wake: true });
    expect(await ds.manager.count(ReportInboxEntry)).toBe(2);
    await post(report('CB-3'));

    const first = await take('run-a:1', 1);
    expect(first.reports.map((r) => r.child)).toEqual(['CB-1']);
    expect(first.more).toBe(true);
    // The same page asked again (a retried activity) returns what it took, and takes nothing else.
    expect(await take('run-a:1', 1)).toEqual(first);
    const second = await take('run-a:2');
    expect(second).toEqual({ reports: [report('CB-2'), report('CB-3')], more: false });
    expect(await take('run-a:3')).toEqual({ reports: [], more: false });
    // A taken report posted again does not wake anyone; a new one after the parent emptied the inbox does.
    expect(await post(report('CB-2'))).toEqual({ wake: false });
    expect(await post(report('CB-4'))).toEqual({ wake: true });
  });

  it('should bound a page by the size of its reports, taking at least one however large', async () => {
    for (let i = 1; i <= 5; i++) await post(report(`CB-${i}`, 3_000));
    const size = JSON.stringify(report('CB-1', 3_000)).length;
    expect((await take('p:1', size * 2 + 10)).reports).toHaveLength(2);
    expect((await take('p:2', 10)).reports).toHaveLength(1);
    expect((await take('p:3', 100_000)).reports.map((r) => r.child)).toEqual(['CB-4', 'CB-5']);
  });

  it('should refuse a report for a parent that has ended, storing nothing, so the child closes its own command', async () => {
    await ds.manager.update(ProcedureInstance, { id: PARENT }, { status: 'completed' });
    expect(await post(report('CB-1'))).toEqual({ wake: false, parentEnded: true });
    expect(await run(activities.postReport, { parentInstanceId: 'guidance:nobody', args: report('CB-1') })).toEqual({ wake: false, parentEnded: true });
    expect(await ds.manager.count(ReportInboxEntry)).toBe(0);
  });

  it('should leave no report behind when 200 cells post while the parent takes pages whenever woken', async () => {
    // The parent as the workflow behaves: woken, it takes pages until none is left; woken while taking, one more pass.
    let taking: Promise<void> | undefined;
    let again = false;
    let pages = 0;
    const taken: string[] = [];
    const wake = () => {
      again = true;
      taking ??= (async () => {
        while (again) {
          again = false;
          // Called directly: MockActivityEnvironment runs one activity at a time, and these must overlap.
          const page = await activities.takeReports({ instanceId: PARENT, page: `run-c:${++pages}`, maxUnits: 1_500 });
          taken.push(...page.reports.map((r) => r.child));
          if (page.more) again = true;
        }
        taking = undefined;
      })();
    };
    const cells = Array.from({ length: 200 }, (_, i) => `CB-${String(i + 1).padStart(3, '0')}`);
    let wakes = 0;
    // Bursts of 40 posts at once, a few milliseconds apart, while the parent takes: posts meet takes in every order.
    for (let i = 0; i < cells.length; i += 40) {
      await Promise.all(
        cells.slice(i, i + 40).map(async (cell) => {
          if ((await activities.postReport({ parentInstanceId: PARENT, args: report(cell) })).wake) {
            wakes++;
            wake();
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    while (taking) await taking;
    expect(await ds.manager.count(ReportInboxEntry, { where: { parentInstanceId: PARENT, takenBy: IsNull() } })).toBe(0);
    expect([...taken].sort()).toEqual(cells);
    // Far fewer wakes (signals) than reports: a post wakes the parent only when nothing was waiting.
    expect(wakes).toBeGreaterThan(0);
    expect(wakes).toBeLessThan(cells.length);
  });
});
