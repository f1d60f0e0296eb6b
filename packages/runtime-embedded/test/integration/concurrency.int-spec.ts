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

const twoCells = loadFixtures().find((f) => f.file === 'ngoc-son-2019.json')!.scenario;

describe.each(databaseKinds())('group commit on %s', (kind) => {
  describeWith(['redis'], `group commit (${kind})`, () => {
    it('should carry submissions that arrive together in one transaction, and when one of them lost a race give only that one its conflict', async () => {
      const boot = await bootRuntime(kind, twoCells);
      // Another process (its own caches and locks) moves one instance on behind this runtime's back.
      const other = new EmbeddedRuntime({ dataSource: boot.db.dataSource, registry, clock: boot.clock, redisUrl: redisUrl(), queuePrefix: 'unused', workers: false });
      // One shared transaction at a time, so the writes that arrive while the first is held open go together.
      const held = new Gate();
      const transactionOf = new Map<string, unknown>();
      const runtime = new EmbeddedRuntime({
        dataSource: boot.db.dataSource,
        registry,
        clock: boot.clock,
        redisUrl: redisUrl(),
        queuePrefix: 'unused-too',
        workers: false,
        groupCommit: { maxInFlight: 1 },
        onEvents: async (m, appended) => {
          transactionOf.set(appended.instanceId, m.queryRunner);
          await held.wait();
        },
      });
      try {
        await boot.port.issueGuidance(twoCells);
        await boot.port.issueGuidance({ ...twoCells, guidance: { ...twoCells.guidance, number: '04-HD/ĐU' } });
        boot.clock.set(parseLocal('2019-04-08'));
        type Unit = typeof twoCells.org;
        const unit = (code: string, from: Unit = twoCells.org): Unit | undefined => (from.code === code ? from : (from.children ?? []).map((c) => unit(code, c)).find(Boolean));
        const secretary = (cell: string) => scenarioActor(new OrgTree(twoCells.org), { kind: 'member', org: cell, member: unit(cell)!.members!.find((m) => m.roles?.includes('secretary'))!.id });
        const [A, B] = ['CB-TH-NGOC-SON', 'CB-THCS-NGOC-SON'];
        const id = (cell: string, number: string) => `cell:${cell}:${number}:2019-04-05`;
        const submit = async (cell: string, number: string, step: string, input: Record<string, unknown>, by = runtime) => {
          const task = openTasks(await runtime.state(id(cell, number))).find((t) => t.stepId === step)!;
          return by.submit(id(cell, number), task.id, input, secretary(cell));
        };
        const plan = { topic: 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', month: '2019-05' };
        // Long enough for each submission's reads to finish and its write to queue behind the held transaction, even when
        // the whole test suite shares the machine (the held transaction keeps them queued however long this is).
        const settle = () => new Promise((r) => setTimeout(r, 300));

        // 1. Two submissions arriving while a transaction is open share the next one.
        held.close();
        const first = submit(A, '03-HD/ĐU', 'plan', plan);
        await settle();
        const together = [submit(B, '03-HD/ĐU', 'plan', plan), submit(B, '04-HD/ĐU', 'plan', plan)];
        await settle();
        held.open();
        await Promise.all([first, ...together]);
        if (kind === 'postgres') expect(transactionOf.get(id(B, '03-HD/ĐU'))).toBe(transactionOf.get(id(B, '04-HD/ĐU')));
        expect(transactionOf.get(id(A, '03-HD/ĐU'))).toBeDefined();

        // 2. This runtime has cell A's second instance cached; the other process submits its plan first.
        const stalePlan = openTasks(await runtime.state(id(A, '04-HD/ĐU'))).find((t) => t.stepId === 'plan')!;
        await submit(A, '04-HD/ĐU', 'plan', plan, other);
        held.close();
        const holder = submit(B, '04-HD/ĐU', 'assign-draft', { assignee: unit(B)!.members![1]!.id });
        await settle();
        const stale = runtime.submit(id(A, '04-HD/ĐU'), stalePlan.id, plan, secretary(A)).then(() => 'committed', (e: Error) => e);
        const fresh = submit(B, '03-HD/ĐU', 'assign-draft', { assignee: unit(B)!.members![1]!.id }).then(() => 'committed');
        await settle();
        held.open();
        await holder;
        const lost = await stale;
        expect(lost instanceof ConcurrencyError || (lost instanceof RejectedError && lost.rejection.code === 'task-not-open')).toBe(true);
        expect(await fresh).toBe('committed');
        for (const [cell, number, submitted] of [[A, '03-HD/ĐU', 1], [A, '04-HD/ĐU', 1], [B, '03-HD/ĐU', 2], [B, '04-HD/ĐU', 2]] as const) {
          const state = await boot.runtime.state(id(cell, number));
          expect(Object.values(state.tasks).filter((t) => t.status === 'submitted')).toHaveLength(submitted);
          expect(state.version).toBe((await boot.runtime.events(id(cell, number))).length);
        }
      } finally {
        held.open();
        await runtime.close();
        await other.close();
        await boot.close();
      }
    });
  });
});

/** Holds whoever waits on it while closed. */
class Gate {
  private gate: Promise<void> = Promise.resolve();
  private release?: () => void;

  close(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.gate = Promise.resolve();
  }

  wait(): Promise<void> {
    return this.gate;
  }
}
