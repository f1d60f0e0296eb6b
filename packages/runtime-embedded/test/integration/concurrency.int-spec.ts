import { DocumentEntity } from '@chibo/db';
import { openTasks } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { loadFixtures, OrgTree, scenarioActor } from '@chibo/scenario';
import { databaseKinds, describeWith, redisUrl } from '@chibo/testing';
import { ConcurrencyError, EmbeddedRuntime, issueDocument, RejectedError } from '../../src';
import { bootRuntime, registry } from './runtime-harness';

const scenario = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario;
const CELL = 'CB-THCS-AI-MO';

describe.each(databaseKinds())('concurrent writers on %s', (kind) => {
  describeWith(['redis'], `concurrency (${kind})`, () => {
    it('should let exactly one of two processes submitting the same task win, the other getting a conflict', async () => {
      const boot = await bootRuntime(kind, scenario);
      // A second runtime on the same database stands for a second API process (its own in-process locks).
      const other = new EmbeddedRuntime({ dataSource: boot.db.dataSource, registry, clock: boot.clock, redisUrl: redisUrl(), queuePrefix: 'unused', workers: false });
      try {
        await boot.port.issueGuidance(scenario);
        boot.clock.set(parseLocal('2022-03-18'));
        const instanceId = `cell:${CELL}:27-HD/ĐU:2022-03-16`;
        const task = openTasks(await boot.runtime.state(instanceId)).find((t) => t.stepId === 'plan')!;
        const secretary = scenarioActor(new OrgTree(scenario.org), { kind: 'member', org: CELL, member: 'nga' });
        const results = await Promise.allSettled([
          boot.runtime.submit(instanceId, task.id, { topic: 'Tự soi, tự sửa', month: '2022-04' }, secretary),
          other.submit(instanceId, task.id, { topic: 'Chủ đề khác', month: '2022-05' }, secretary),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const reason = lost[0]!.reason as Error;
        const conflict = reason instanceof ConcurrencyError || (reason instanceof RejectedError && reason.rejection.code === 'task-not-open');
        expect(conflict).toBe(true);
        const state = await boot.runtime.state(instanceId);
        expect(Object.values(state.tasks).filter((t) => t.stepId === 'plan' && t.status === 'submitted')).toHaveLength(1);
        expect(state.version).toBe((await boot.runtime.events(instanceId)).length);
      } finally {
        await other.close();
        await boot.close();
      }
    });

    it('should give 50 documents of one type issued at once 50 distinct consecutive numbers', async () => {
      const boot = await bootRuntime(kind, scenario);
      try {
        const at = parseLocal('2022-04-01');
        await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            boot.runtime.write((m) => issueDocument(m, { orgCode: CELL, type: 'CV', title: `Công văn ${i}`, data: { i }, at, instanceId: null, idempotencyKey: `bench-${i}` })),
          ),
        );
        const docs = await boot.db.dataSource.manager.find(DocumentEntity, { where: { type: 'CV' }, order: { seq: 'ASC' } });
        expect(docs.map((d) => d.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(docs[0]!.number).toBe('Số 01-CV/CB');
        expect(docs[49]!.number).toBe('Số 50-CV/CB');
      } finally {
        await boot.close();
      }
    });
  });
});
