import { Timer } from '@chibo/db';
import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { randomUUID } from 'node:crypto';
import { bootRuntime, driveScenario } from './runtime-harness';

const aiMo = () => structuredClone(loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario);

/** Fails (instead of hanging the suite) when a promise takes longer than `ms`. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not finish within ${ms} ms`)), ms)));
  return Promise.race([work, bound]).finally(() => clearTimeout(timer));
}

describe.each(databaseKinds())('timers of the embedded runtime on %s', (kind) => {
  describeWith(['redis'], `timers on ${kind}`, () => {
    it('should finish advancing the clock past the deadlines of a guidance that ended before them, leaving no timer scheduled', async () => {
      const scenario = aiMo();
      // The roll-up comes before the report deadline and the reminder after it: the guidance has ended when they are due.
      scenario.guidance.rollup = { at: '2022-05-06' };
      scenario.until = '2022-06-30';
      const boot = await bootRuntime(kind, scenario);
      try {
        const driven = await within(60_000, driveScenario(scenario, boot.port));
        expect(driven.errors).toEqual([]);
        expect(driven.outcome.guidance.status).toBe('completed');
        expect(await boot.db.dataSource.manager.count(Timer, { where: { status: 'scheduled' } })).toBe(0);
      } finally {
        await boot.close();
      }
    });

    it('should close a scheduled timer row of an instance that has already ended instead of firing it for ever', async () => {
      const scenario = aiMo();
      scenario.guidance.rollup = { at: '2022-05-12' };
      const boot = await bootRuntime(kind, scenario);
      try {
        const driven = await within(60_000, driveScenario(scenario, boot.port));
        expect(driven.outcome.guidance.status).toBe('completed');
        // A row as a runtime before this fix left it: still scheduled although its (completed) instance took no notice.
        const m = boot.db.dataSource.manager;
        await m.insert(Timer, { id: randomUUID(), instanceId: driven.guidanceInstanceId, timerId: 'await-reports.stale', fireAt: '2022-05-25T00:00:00.000Z', status: 'scheduled' });
        await within(30_000, boot.runtime.advanceTo('2022-06-01T00:00:00.000Z'));
        expect(await m.findOneBy(Timer, { timerId: 'await-reports.stale' })).toMatchObject({ status: 'cancelled' });
      } finally {
        await boot.close();
      }
    });
  });
});
