import { activeFindings } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { driveYear, loadYearFixtures, runYearInMemory, type YearRun, type YearScenario } from '@chibo/scenario';
import { databaseKinds, type DatabaseKind } from '@chibo/testing';
import { eventMultiset, readSideDisagreements } from './support/read-side';
import { embeddedRuntime, registry, temporalOnDouble, temporalOnServer, temporalRequired, type RuntimeUnderTest } from './support/runtimes';

/**
 * A cell's year on every runtime (the year scenarios of packages/scenario/fixtures/years): the calendar's durable
 * timers start every session by themselves, and the outcome, the events of the year and of each session, and the read
 * side are those of the pure core run in memory. Runtimes and their availability as in runtime-conformance.
 */
const RUNTIMES: RuntimeUnderTest[] = [embeddedRuntime, temporalOnDouble, temporalOnServer];
const DATABASES: DatabaseKind[] = databaseKinds();
const YEARS = loadYearFixtures();
const references = new Map<string, Promise<YearRun>>();
const reference = (file: string, scenario: YearScenario) => {
  let run = references.get(file);
  if (!run) references.set(file, (run = runYearInMemory(scenario, registry)));
  return run;
};

for (const runtime of RUNTIMES) {
  const reason = runtime.unavailable();
  const title = `a cell’s year on ${runtime.name}`;
  if (reason && runtime === temporalOnServer && temporalRequired()) {
    describe(title, () => {
      it('should run on the real Temporal server in CI where Go is installed', () => {
        throw new Error(`the year suite cannot run on Temporal here: ${reason}`);
      });
    });
    continue;
  }
  if (reason) {
    console.warn(`[chibo] year conformance suite NOT RUN on ${runtime.name}: ${reason}`);
    describe.skip(title, () => it('is not run here (see the line above)', () => undefined));
    continue;
  }
  describe(title, () => {
    beforeAll(async () => runtime.setUp?.(), 180_000);
    afterAll(async () => runtime.tearDown?.(), 60_000);

    describe.each(DATABASES)('on %s', (db) => {
      it.each(YEARS.map((f) => f.file))('should replay %s to its expected outcome with the core’s events and a read side that agrees', async (file) => {
        const scenario = structuredClone(YEARS.find((f) => f.file === file)!.scenario);
        const ref = await reference(file, scenario);
        const boot = await runtime.boot(db, scenario.org, parseLocal(scenario.year.opensOn ?? `${scenario.year.year}-01-01`));
        try {
          const driven = await driveYear(scenario, boot.yearPort);
          expect(driven.errors).toEqual([]);
          expect(driven.mismatches).toEqual([]);
          expect(driven.outcome).toEqual(ref.outcome);
          // The last session's report reached the year; its own record of the delivery may still be on its way.
          await boot.drain();
          const ids = [...ref.host.instances.keys()];
          expect(ids.length).toBeGreaterThan(1);
          for (const id of ids) expect({ id, events: eventMultiset(await boot.events(id)) }).toEqual({ id, events: eventMultiset(ref.host.events(id)) });
          const states = await Promise.all(ids.map((id) => boot.state(id)));
          expect(await readSideDisagreements(boot.dataSource, states)).toEqual([]);
          const year = states.find((s) => s.instanceId === driven.yearInstanceId)!;
          expect(activeFindings(year).sort()).toEqual([...(scenario.expect?.year?.findings ?? activeFindings(year))].sort());
          expect(await boot.problems()).toEqual([]);
        } finally {
          await boot.close();
        }
      }, 600_000);
    });
  });
}
