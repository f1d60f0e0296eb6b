import { DocumentEntity, EffectRun, Finding, ProcedureInstance, Task, Timer } from '@chibo/db';
import { handle, type ProcedureEvent } from '@chibo/procedure';
import { endOfDeadline, parseLocal } from '@chibo/rules';
import { cellInstanceId, driveScenario, guidanceInstanceId, implementationInstanceId, planScenario, type ImplementAction, type ScenarioPort, type SubmitAction } from '@chibo/scenario';
import { databaseKinds, type DatabaseKind } from '@chibo/testing';
import { IsNull } from 'typeorm';
import { eventMultiset, readSideDisagreements, readSideFingerprint } from './support/read-side';
import { DEFAULT_EFFECTS } from '@chibo/runtime-embedded';
import { embeddedRuntime, registry, temporalOnDouble, serverRestartUnsupported, temporalOnServer, temporalRequired, type Booted, type BootOptions, type RuntimeUnderTest } from './support/runtimes';
import { FIXTURES, fixture, reference, wideScenario } from './support/scenarios';

/**
 * The runtime conformance suite (DESIGN §1): the same scenarios, refusals, timers and findings, restarts and fan-out on
 * every runtime, each compared with the pure core run in memory (same outcome, same events) and with its own read side
 * (every task, timer and finding of each state is in the tables the API reads). Runtimes:
 *  - embedded: always (needs Redis, mandatory in CI);
 *  - temporal workflows on WorkflowApiDouble: always (the workflow code, activities and engine together, no server);
 *  - temporal: on a real Temporal server when TEMPORAL_ADDRESS is set or a `temporal` CLI is on PATH; otherwise one
 *    line says it was not run and why.
 * The read side of each non-embedded run is also compared table by table with the embedded run of the same scenario.
 */
const RUNTIMES: RuntimeUnderTest[] = [embeddedRuntime, temporalOnDouble, temporalOnServer];
const DATABASES: DatabaseKind[] = databaseKinds();
const embeddedReadSides = new Map<string, Record<string, string[]>>();

async function withRuntime<T>(
  runtime: RuntimeUnderTest,
  db: DatabaseKind,
  scenario: { org: Parameters<RuntimeUnderTest['boot']>[1]; guidance: { issuedOn: string } },
  body: (boot: Booted) => Promise<T>,
  options?: BootOptions,
): Promise<T> {
  const boot = await runtime.boot(db, scenario.org, parseLocal(scenario.guidance.issuedOn), options);
  try {
    const result = await body(boot);
    expect(await boot.problems()).toEqual([]);
    return result;
  } finally {
    await boot.close();
  }
}

/** Compares a read side with the embedded runtime's for the same scenario and database (when that one ran). */
function compareWithEmbedded(runtime: RuntimeUnderTest, key: string, fingerprint: Record<string, string[]>): void {
  if (runtime === embeddedRuntime) {
    embeddedReadSides.set(key, fingerprint);
    return;
  }
  const embedded = embeddedReadSides.get(key);
  if (!embedded) {
    console.warn(`[chibo] read side of "${key}" on ${runtime.name} NOT COMPARED with the embedded runtime's: the embedded variant did not run (${embeddedRuntime.unavailable() ?? 'filtered out'})`);
    return;
  }
  for (const table of Object.keys(embedded)) expect({ table, rows: fingerprint[table] }).toEqual({ table, rows: embedded[table] });
}

for (const runtime of RUNTIMES) {
  const reason = runtime.unavailable();
  const title = `runtime conformance on ${runtime.name}`;
  if (reason && runtime === temporalOnServer && temporalRequired()) {
    describe(`runtime conformance on ${runtime.name}`, () => {
      it('should run on the real Temporal server in CI where Go is installed', () => {
        throw new Error(`the suite cannot run on Temporal here: ${reason}`);
      });
    });
    continue;
  }
  if (reason) {
    console.warn(`[chibo] runtime conformance suite NOT RUN on ${runtime.name}: ${reason}`);
    describe.skip(title, () => it('is not run here (see the line above)', () => undefined));
    continue;
  }

  if (runtime.restartUnsupported) console.warn(`[chibo] restart case NOT RUN on ${runtime.name}: ${runtime.restartUnsupported}`);
  describe(title, () => {
    beforeAll(async () => runtime.setUp?.(), 180_000);
    afterAll(async () => runtime.tearDown?.(), 60_000);

    describe.each(DATABASES)('on %s', (db) => {
      it.each(FIXTURES.map((f) => f.file))('should replay %s to its expected outcome with the core’s events and a read side that agrees', async (file) => {
        const scenario = fixture(file);
        const ref = await reference(file, scenario);
        await withRuntime(runtime, db, scenario, async (boot) => {
          const driven = await driveScenario(scenario, boot.port);
          expect(driven.errors).toEqual([]);
          expect(driven.mismatches).toEqual([]);
          expect(driven.outcome).toEqual(ref.outcome);
          const ids = [...ref.host.instances.keys()];
          for (const id of ids) expect({ id, events: eventMultiset(await boot.events(id)) }).toEqual({ id, events: eventMultiset(ref.host.events(id)) });
          const states = await Promise.all(ids.map((id) => boot.state(id)));
          expect(await readSideDisagreements(boot.dataSource, states)).toEqual([]);
          // Where a workflow holds the state, its query answers what the read side says.
          if (boot.liveState) for (const state of states) expect(await boot.liveState(state.instanceId)).toEqual(state);
          compareWithEmbedded(runtime, `${db}/${file}`, await readSideFingerprint(boot.dataSource));
        });
      });

      it('should refuse a submission with the core’s field issues, record nothing, and accept the corrected one', async () => {
        const scenario = fixture('ai-mo-2022.json');
        const cell = 'CB-THCS-AI-MO';
        await withRuntime(runtime, db, scenario, async (boot) => {
          await boot.port.issueGuidance(scenario);
          const id = cellInstanceId(cell, scenario.guidance.number, scenario.guidance.issuedOn);
          const plan = planScenario(scenario).find((a): a is SubmitAction => a.type === 'submit' && a.cell === cell && a.step === 'plan')!;
          const before = await boot.state(id);
          const task = Object.values(before.tasks).find((t) => t.stepId === 'plan' && t.status === 'open')!;
          const m = boot.dataSource.manager;
          const eventsBefore = (await boot.events(id)).length;

          const invalid = await boot.submitRaw(id, task.id, plan.actor, { month: '2022-13' });
          if (invalid.ok) throw new Error('an invalid plan was accepted');
          expect(invalid.rejection.code).toBe('validation');
          expect(invalid.rejection.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['topic', 'month']));
          const core = handle(before, { type: 'submit', at: boot.clock.now(), taskId: task.id, by: { userId: 'x', member: { org: cell, id: plan.actor.kind === 'member' ? plan.actor.member : '' }, roles: [{ role: 'secretary', org: cell }, { role: 'member', org: cell }] }, input: { month: '2022-13' } }, registry);
          expect(core.ok ? [] : core.rejection.issues).toEqual(invalid.rejection.issues);

          const stranger = await boot.submitRaw(id, task.id, { kind: 'member', org: cell, member: 'm09' }, plan.input);
          expect(stranger.ok ? 'accepted' : stranger.rejection.code).toBe('not-assignee');
          const notOpen = await boot.submitRaw(id, 'score.1.score', plan.actor, { marks: {} });
          expect(notOpen.ok ? 'accepted' : notOpen.rejection.code).toBe('task-not-open');

          expect((await boot.state(id)).version).toBe(before.version);
          expect(await boot.events(id)).toHaveLength(eventsBefore);
          expect((await m.findOneByOrFail(Task, { instanceId: id, taskId: task.id })).status).toBe('open');

          expect(await boot.submitRaw(id, task.id, plan.actor, plan.input)).toEqual({ ok: true });
          await boot.drain();
          expect((await m.findOneByOrFail(Task, { instanceId: id, taskId: task.id })).status).toBe('submitted');
        });
      });

      it('should refuse a committee’s implementation outside its superior’s deadlines with the field named, record nothing, and accept the corrected one', async () => {
        const scenario = fixture('ngoc-son-2019-cascade.json');
        const commune = 'DU-NGOC-SON';
        const id = implementationInstanceId(commune, scenario.guidance.number, scenario.guidance.issuedOn);
        const implement = planScenario(scenario).find((a): a is ImplementAction => a.type === 'implement')!;
        await withRuntime(runtime, db, scenario, async (boot) => {
          await boot.port.issueGuidance(scenario);
          await boot.port.advanceTo(implement.at);
          const before = await boot.state(id);
          const task = Object.values(before.tasks).find((t) => t.stepId === 'implement' && t.status === 'open')!;
          const eventsBefore = (await boot.events(id)).length;
          const late = { ...implement.input, reportBy: '2019-07-25' };
          const refused = await boot.submitRaw(id, task.id, implement.actor, late);
          if (refused.ok) throw new Error('an implementation after the district’s deadline was accepted');
          expect(refused.rejection.issues).toEqual([expect.objectContaining({ path: 'reportBy', rule: 'outside-parent-deadline' })]);
          const core = handle(before, { type: 'submit', at: boot.clock.now(), taskId: task.id, by: { userId: 'x', roles: [{ role: 'committee', org: commune }] }, input: late }, registry);
          expect(core.ok ? [] : core.rejection.issues).toEqual(refused.rejection.issues);
          expect((await boot.state(id)).version).toBe(before.version);
          expect(await boot.events(id)).toHaveLength(eventsBefore);
          expect((await boot.dataSource.manager.findOneByOrFail(Task, { instanceId: id, taskId: task.id })).status).toBe('open');

          expect(await boot.submitRaw(id, task.id, implement.actor, implement.input)).toEqual({ ok: true });
          await boot.drain();
          // The cells run the commune's guidance, scored with the rubric the commune chose.
          for (const cell of ['CB-TH-NGOC-SON', 'CB-THCS-NGOC-SON']) {
            const state = await boot.state(cellInstanceId(cell, '03-HD/ĐU', implement.input['issuedOn'] as string));
            expect(state.context.guidance?.number).toBe('03-HD/ĐU');
            expect(state.definition.steps.find((s) => s.id === 'score')?.params['rubric']).toBe('phu-tho-100');
          }
          const again = await boot.submitRaw(id, task.id, implement.actor, { ...implement.input, number: '04-HD/ĐU' });
          expect(again.ok ? 'accepted' : again.rejection.code).toBe('task-not-open');
        });
      });

      it('should mark a cell overdue with report-missing when the report deadline passes without a report', async () => {
        const scenario = fixture('ngoc-son-2019.json');
        const late = 'CB-THCS-NGOC-SON';
        delete scenario.cells[late]!.report;
        delete scenario.expect;
        const ref = await reference('ngoc-son-2019.json without a report', scenario);
        await withRuntime(runtime, db, scenario, async (boot) => {
          const driven = await driveScenario(scenario, boot.port);
          expect(driven.errors).toEqual([]);
          expect(driven.outcome).toEqual(ref.outcome);
          expect(driven.outcome.cells[late]).toMatchObject({ status: 'overdue', report: 'missing', findings: expect.arrayContaining(['report-missing']) });
          expect(driven.outcome.guidance).toMatchObject({ missing: 1, reported: 1 });
          const id = cellInstanceId(late, scenario.guidance.number, scenario.guidance.issuedOn);
          const m = boot.dataSource.manager;
          expect(await m.count(Finding, { where: { instanceId: id, code: 'report-missing', resolvedAt: IsNull() } })).toBe(1);
          const deadline = Object.values((await boot.state(id)).timers).find((t) => t.status === 'fired' && t.fireAt === endOfDeadline(scenario.guidance.reportBy!));
          expect(deadline).toBeDefined();
          expect((await m.findOneByOrFail(Timer, { instanceId: id, timerId: deadline!.id })).status).toBe('fired');
        });
      });

      if (runtime.restartUnsupported) {
        it.skip(`should reach the same outcome after restarts mid-procedure — NOT RUN on ${runtime.name}: ${runtime.restartUnsupported}`, () => undefined);
      } else {
        it('should reach the same outcome after restarts mid-procedure, with nothing done twice', async () => {
          const scenario = fixture('ngoc-son-2019.json');
          await withRuntime(runtime, db, scenario, async (boot) => {
            let submissions = 0;
            const port: ScenarioPort = {
              ...boot.port,
              issueGuidance: async (s) => {
                const id = await boot.port.issueGuidance(s);
                await boot.restart();
                return id;
              },
              // Restart right after every third submission, before its effects have been carried out.
              submit: async (instanceId, taskId, actor, input) => {
                const result = await boot.submitRaw(instanceId, taskId, actor, input);
                if (++submissions % 3 === 0) await boot.restart();
                await boot.drain();
                return result.ok ? { ok: true } : { ok: false, message: result.rejection.message };
              },
            };
            const driven = await driveScenario(scenario, port);
            expect(submissions).toBeGreaterThan(6);
            expect(driven.errors).toEqual([]);
            expect(driven.mismatches).toEqual([]);
            const m = boot.dataSource.manager;
            const docs = await m.find(DocumentEntity);
            expect(new Set(docs.map((d) => `${d.orgId}/${d.number}`)).size).toBe(docs.length);
            const ids = (await m.find(ProcedureInstance, { select: { id: true } })).map((r) => r.id);
            const events: ProcedureEvent[] = (await Promise.all(ids.map((id) => boot.events(id)))).flat();
            const completed = events.filter((e) => e.type === 'effect-completed');
            expect(await m.count(EffectRun)).toBe(completed.length);
            const submitted = events.filter((e): e is Extract<ProcedureEvent, { type: 'task-submitted' }> => e.type === 'task-submitted').map((e) => e.taskId);
            expect(submitted.length).toBe(submissions);
            expect(await readSideDisagreements(boot.dataSource, await Promise.all(ids.map((id) => boot.state(id))))).toEqual([]);
          });
        });
      }

      // The server's own persistence is under test, not the read side: on SQLite only (CI's time).
      if (runtime === temporalOnServer && db === 'sqlite') {
        const unsupported = serverRestartUnsupported();
        (unsupported ? it.skip : it)(`should reach the same outcome when the Temporal server is killed and restarted on its persisted SQLite file${unsupported ? ` — NOT RUN: ${unsupported}` : ''}`, async () => {
          const scenario = fixture('ai-mo-2022.json');
          const ref = await reference('ai-mo-2022.json', scenario);
          await withRuntime(
            runtime,
            db,
            scenario,
            async (boot) => {
              let submissions = 0;
              let restarts = 0;
              const restart = async () => {
                await boot.restartServer!();
                restarts++;
              };
              const port: ScenarioPort = {
                ...boot.port,
                issueGuidance: async (s) => {
                  const id = await boot.port.issueGuidance(s);
                  await restart();
                  return id;
                },
                // Kill the server right after every fourth submission, before its effects have been carried out.
                submit: async (instanceId, taskId, actor, input) => {
                  const result = await boot.submitRaw(instanceId, taskId, actor, input);
                  if (++submissions % 4 === 0) await restart();
                  await boot.drain();
                  return result.ok ? { ok: true } : { ok: false, message: result.rejection.message };
                },
              };
              const driven = await driveScenario(scenario, port);
              expect(restarts).toBeGreaterThan(2);
              expect(driven.errors).toEqual([]);
              expect(driven.mismatches).toEqual([]);
              expect(driven.outcome).toEqual(ref.outcome);
              const ids = [...ref.host.instances.keys()];
              for (const id of ids) expect({ id, events: eventMultiset(await boot.events(id)) }).toEqual({ id, events: eventMultiset(ref.host.events(id)) });
              const m = boot.dataSource.manager;
              const docs = await m.find(DocumentEntity);
              expect(new Set(docs.map((d) => `${d.orgId}/${d.number}`)).size).toBe(docs.length);
              expect(await readSideDisagreements(boot.dataSource, await Promise.all(ids.map((id) => boot.state(id))))).toEqual([]);
              // The workflows that were running when the server died carry on: their query answers the read side.
              for (const id of ids) expect(await boot.liveState!(id)).toEqual(await boot.state(id));
            },
            { ownServer: true },
          );
        });
      }

      // A worker process dies (SIGKILL) in the middle of an effect: the effect's writes are done, its idempotency record is
      // not (a lock held by the test stops the transaction there). Another worker must carry the procedure to the same
      // outcome with every effect applied once. On the production read side (PostgreSQL: the worker is another process).
      (runtime === temporalOnServer && db === 'postgres' ? it : it.skip)('should carry on after a worker is killed in the middle of an effect, with no effect applied twice', async () => {
        const scenario = fixture('ai-mo-2022.json');
        const ref = await reference('ai-mo-2022.json', scenario);
        await withRuntime(
          runtime,
          db,
          scenario,
          async (boot) => {
            const m = boot.dataSource.manager;
            const locker = boot.dataSource.createQueryRunner();
            await locker.connect();
            await locker.startTransaction();
            await locker.query('LOCK TABLE effect_runs IN EXCLUSIVE MODE');
            const driving = driveScenario(scenario, boot.port);
            const stuck = async () => Number((await m.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%effect_runs%' AND pid <> pg_backend_pid()`))[0].n);
            const waitedSince = Date.now();
            while ((await stuck()) === 0) {
              if (Date.now() - waitedSince > 120_000) throw new Error('no effect reached its idempotency record within 2 minutes');
              await new Promise((r) => setTimeout(r, 200));
            }
            await boot.killWorker!();
            await locker.rollbackTransaction();
            await locker.release();
            const killedAt = Date.now();
            await boot.startWorker!();
            const driven = await driving;
            console.warn(`[chibo] worker SIGKILLed mid-effect: the scenario finished ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
            expect(driven.errors).toEqual([]);
            expect(driven.mismatches).toEqual([]);
            expect(driven.outcome).toEqual(ref.outcome);
            const ids = [...ref.host.instances.keys()];
            // apps/worker seals each report with the installation's audit checkpoint (the in-memory run has no audit log).
            const unsealed = (events: ProcedureEvent[]) =>
              events.map((e) => {
                if (e.type !== 'child-reported') return e;
                const { auditCheckpoint, ...report } = e.report;
                expect(auditCheckpoint).toMatchObject({ format: 'chibo-audit-checkpoint/1' });
                return { ...e, report };
              });
            for (const id of ids) expect({ id, events: eventMultiset(unsealed(await boot.events(id))) }).toEqual({ id, events: eventMultiset(ref.host.events(id)) });
            // The effect cut off was tried again (the server saw a second attempt), and nothing was applied twice.
            expect((await boot.retriedActivities!()).filter((a) => a.includes(' runEffect '))).not.toEqual([]);
            const docs = await m.find(DocumentEntity);
            expect(new Set(docs.map((d) => `${d.orgId}/${d.number}`)).size).toBe(docs.length);
            const completed = (await Promise.all(ids.map((id) => boot.events(id)))).flat().filter((e) => e.type === 'effect-completed');
            expect(await m.count(EffectRun)).toBe(completed.length);
            expect(await readSideDisagreements(boot.dataSource, await Promise.all(ids.map((id) => boot.state(id))))).toEqual([]);
          },
          { workerProcess: true },
        );
      });

      it('should fail only the instance whose effect fails for good, with the reason, while the rest of the guidance goes on', async () => {
        const scenario = fixture('ai-mo-2022.json');
        // The cell's plan document cannot be issued, ever (a permanent error: not retried).
        const broken = {
          name: 'issue-document',
          run: async () => {
            throw Object.assign(new Error('Sổ đăng ký văn bản của chi bộ đã bị khóa'), { permanent: true });
          },
        };
        const effects = [...DEFAULT_EFFECTS.filter((e) => e.name !== 'issue-document'), broken];
        await withRuntime(
          runtime,
          db,
          scenario,
          async (boot) => {
            const guidance = await boot.port.issueGuidance(scenario);
            const plan = planScenario(scenario).find((a): a is SubmitAction => a.type === 'submit' && a.step === 'plan')!;
            const cell = cellInstanceId(plan.cell, scenario.guidance.number, scenario.guidance.issuedOn);
            const task = Object.values((await boot.state(cell)).tasks).find((t) => t.stepId === 'plan' && t.status === 'open')!;
            expect(await boot.submitRaw(cell, task.id, plan.actor, plan.input)).toEqual({ ok: true });
            await boot.drain();
            expect((await boot.state(cell)).status).toBe('failed');
            expect((await boot.events(cell)).at(-1)).toMatchObject({
              type: 'instance-failed',
              reason: 'Tác vụ tự động "issue-document" không thực hiện được: Sổ đăng ký văn bản của chi bộ đã bị khóa',
            });
            // The guidance and the other cells are not touched: still running, waiting for their reports.
            const m = boot.dataSource.manager;
            expect((await boot.state(guidance)).status).toBe('running');
            expect(await m.findOneByOrFail(ProcedureInstance, { id: cell })).toMatchObject({ status: 'failed' });
            const others = await m.find(ProcedureInstance, { where: { parentInstanceId: guidance } });
            expect(others.filter((o) => o.id !== cell).map((o) => o.status)).toEqual(others.filter((o) => o.id !== cell).map(() => 'running'));
          },
          { effects },
        );
      });

      // Past Temporal's 2,000 pending children per execution and 2,000 updates per run: on the real server, on the
      // production read side (PostgreSQL; SQLite runs the 1,200-cell case below).
      (runtime === temporalOnServer && db === 'postgres' ? it : it.skip)('should fan a guidance to 2,500 cells out on a real Temporal server, every cell started once, no history near its limits', async () => {
        const scenario = wideScenario(2500);
        await withRuntime(runtime, db, scenario, async (boot) => {
          const id = await boot.port.issueGuidance(scenario);
          const state = await boot.state(id);
          expect(Object.values(state.batches).map((b) => [b.children.length, b.started])).toEqual([
            [500, true],
            [500, true],
            [500, true],
            [500, true],
            [500, true],
          ]);
          const m = boot.dataSource.manager;
          expect(await m.count(ProcedureInstance, { where: { parentInstanceId: id, status: 'running' } })).toBe(2500);
          expect(await m.count(Task, { where: { stepId: 'plan', status: 'open' } })).toBe(2500);
          const children = await boot.childWorkflowsOf!(id);
          expect(children.map((c) => c.replace(/^.*#/, ''))).toEqual(['batch-1', 'batch-2', 'batch-3', 'batch-4', 'batch-5']);
          // Every history well under Temporal's warning limits (10,240 events, 10 MiB).
          const sizes = await boot.historySizes!(id);
          expect(Math.max(...sizes.map((h) => h.events))).toBeLessThan(10_240);
          expect(Math.max(...sizes.map((h) => h.bytes))).toBeLessThan(10 * 1024 * 1024);
        });
      }, 900_000);

      // On a real Temporal server with PostgreSQL the 2,500-cell case above stands for this one (CI's time).
      (runtime === temporalOnServer && db === 'postgres' ? it.skip : it)('should fan a guidance to 1,200 cells out in three batches of at most 500, never 1,200 children in one history', async () => {
        const scenario = wideScenario(1200);
        await withRuntime(runtime, db, scenario, async (boot) => {
          const id = await boot.port.issueGuidance(scenario);
          expect(id).toBe(guidanceInstanceId('DU-WIDE', '99-HD/ĐU', '2022-03-16'));
          const state = await boot.state(id);
          expect(Object.entries(state.batches).map(([batch, b]) => [batch, b.children.length, b.started])).toEqual([
            ['batch-1', 500, true],
            ['batch-2', 500, true],
            ['batch-3', 200, true],
          ]);
          expect(Object.values(state.children).filter((c) => c.started)).toHaveLength(1200);
          const m = boot.dataSource.manager;
          expect(await m.count(ProcedureInstance, { where: { parentInstanceId: id, status: 'running' } })).toBe(1200);
          expect(await m.count(Task, { where: { stepId: 'plan', status: 'open' } })).toBe(1200);
          if (boot.childWorkflowsOf) {
            const children = await boot.childWorkflowsOf(id);
            expect(children.map((c) => c.replace(/^.*#/, ''))).toEqual(['batch-1', 'batch-2', 'batch-3']);
          }
        });
      });
    });
  });
}

