import { createRegistry } from '@chibo/catalog';
import { DocumentEntity, EffectRun, Guidance, InstanceEvent, OrgUnit, OutboxEntry, ProcedureInstance, seedOrgTree, Task, Timer } from '@chibo/db';
import { composeDefinition, EMPTY_STATE, handle, newCommands, replay, type InstanceState, type ProcedureEvent } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { buildContext, loadInstanceState, storeDefinition, type AppendedEvents } from '@chibo/host';
import { loadFixtures } from '@chibo/scenario';
import { databaseKinds, freshDatabase } from '@chibo/testing';
import { RECORDED, type InstanceTarget, type ProjectArgs } from '@chibo/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { createActivities } from '../src';

const registry = createRegistry();
const scenario = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario;
const CELL = 'CB-THCS-AI-MO';
const AT = parseLocal(scenario.guidance.issuedOn);
const GUIDANCE = {
  number: scenario.guidance.number,
  issuedOn: scenario.guidance.issuedOn,
  title: scenario.guidance.title,
  issuer: { code: scenario.guidance.issuer, name: 'Đảng ủy', abbr: 'ĐU', kind: 'committee' as const },
  ...(scenario.guidance.reportBy ? { reportBy: scenario.guidance.reportBy } : {}),
  ...(scenario.guidance.sessionBy ? { sessionBy: scenario.guidance.sessionBy } : {}),
};

describe.each(databaseKinds())('the Temporal activities on %s (MockActivityEnvironment)', (kind) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let ds: DataSource;
  const mock = new MockActivityEnvironment();
  // Runs an activity in the mock's activity context, keeping its result type.
  const env = { run: <A, R>(activity: (args: A) => Promise<R>, args: A): Promise<R> => mock.run(activity, args) as Promise<R> };

  beforeEach(async () => {
    db = await freshDatabase(kind);
    ds = db.dataSource;
    await ds.transaction((m) => seedOrgTree(m, scenario.org, AT));
  });
  afterEach(async () => db.drop());

  /** A cell instance's start, as the core records it, with the ids of its read-side rows. */
  async function cellStart(): Promise<{ target: InstanceTarget; events: ProcedureEvent[]; state: InstanceState }> {
    const org = await ds.manager.findOneByOrFail(OrgUnit, { code: CELL });
    const { context } = await buildContext(ds.manager, CELL, { guidance: GUIDANCE });
    const definition = composeDefinition(registry.procedure('thematic-session'), { addSteps: ['self-criticism'], rubric: 'binh-thuan-100', owner: scenario.guidance.issuer }, registry);
    const instanceId = `cell:${CELL}:test`;
    const started = handle(EMPTY_STATE, { type: 'start', at: AT, instanceId, definition, context }, registry);
    if (!started.ok) throw new Error(started.rejection.message);
    return { target: { instanceId, orgId: org.id, guidanceId: null }, events: started.events, state: started.state };
  }

  function projectArgs(target: InstanceTarget, events: ProcedureEvent[], fromSeq: number, before: InstanceState, after: InstanceState, done: ProjectArgs['done'] = []): ProjectArgs {
    return { target, fromSeq, events, commands: newCommands(before, after).filter((c) => RECORDED.has(c.type)), done, at: AT };
  }

  describe('project', () => {
    it('should create the instance from its first events, project tasks and timers, record the commands, and call the audit hook in the transaction', async () => {
      const appended: AppendedEvents[] = [];
      const activities = createActivities({ dataSource: ds, registry, onEvents: async (m, batch) => void appended.push({ ...batch, events: [...batch.events] }) });
      const { target, events, state } = await cellStart();
      await env.run(activities.project, projectArgs(target, events, 1, EMPTY_STATE, state));
      const m = ds.manager;
      const row = await m.findOneByOrFail(ProcedureInstance, { id: target.instanceId });
      expect(row).toMatchObject({ status: 'running', version: events.length, orgId: target.orgId, definitionKey: 'thematic-session' });
      // Stored without a snapshot (the host kernel's rule for new instances): its state is its start events replayed.
      expect(row.state).toBeNull();
      expect(await loadInstanceState(m, target.instanceId)).toEqual(state);
      expect(await m.count(InstanceEvent, { where: { instanceId: target.instanceId } })).toBe(events.length);
      expect((await m.find(Task, { where: { instanceId: target.instanceId } })).map((t) => [t.stepId, t.status])).toEqual([['plan', 'open']]);
      expect(await m.count(Timer, { where: { instanceId: target.instanceId, status: 'scheduled' } })).toBe(Object.keys(state.timers).length);
      const outbox = await m.find(OutboxEntry, { where: { instanceId: target.instanceId } });
      expect(outbox.map((o) => [o.type, o.status])).toEqual(Object.keys(state.timers).map(() => ['start-timer', 'dispatched']));
      expect(appended).toEqual([{ ...target, fromSeq: 1, events, recordedAt: AT }]);
    });

    it('should apply a retried slice once, continue the log in order, refuse a gap, and close commands of any instance', async () => {
      const activities = createActivities({ dataSource: ds, registry });
      const { target, events, state } = await cellStart();
      const first = projectArgs(target, events, 1, EMPTY_STATE, state);
      await env.run(activities.project, first);
      await env.run(activities.project, first); // the retry of an attempt that committed
      const m = ds.manager;
      expect(await m.count(InstanceEvent, { where: { instanceId: target.instanceId } })).toBe(events.length);
      expect(await m.count(Task, { where: { instanceId: target.instanceId } })).toBe(1);

      const plan = Object.values(state.tasks)[0]!;
      const secretary = { userId: 'u', member: { org: CELL, id: 'nga' }, roles: [{ role: 'secretary', org: CELL }] };
      const submitted = handle(state, { type: 'submit', at: AT, taskId: plan.id, by: secretary, input: { topic: 'Tự soi, tự sửa', month: '2022-04' } }, registry);
      if (!submitted.ok) throw new Error(submitted.rejection.message);
      // A gap (sequence numbers skipped) is a bug in the caller, never applied.
      await expect(env.run(activities.project, projectArgs(target, submitted.events, events.length + 2, state, submitted.state))).rejects.toThrow(/out of order/);
      const someoneElse = { instanceId: 'guidance:other', commandId: 'notify:x' };
      await m.insert(OutboxEntry, { instanceId: someoneElse.instanceId, commandId: someoneElse.commandId, type: 'notify-parent', payload: {}, status: 'dispatched', attempts: 0, availableAt: AT, lastError: null, createdAt: AT, updatedAt: AT });
      await env.run(activities.project, projectArgs(target, submitted.events, events.length + 1, state, submitted.state, [someoneElse]));
      const row = await m.findOneByOrFail(ProcedureInstance, { id: target.instanceId });
      expect(row.version).toBe(submitted.state.version);
      expect(await loadInstanceState(m, target.instanceId)).toEqual(submitted.state);
      expect((await m.findOneByOrFail(Task, { instanceId: target.instanceId, taskId: plan.id })).status).toBe('submitted');
      expect((await m.findOneByOrFail(OutboxEntry, { instanceId: someoneElse.instanceId, commandId: someoneElse.commandId })).status).toBe('done');
      const effects = await m.find(OutboxEntry, { where: { instanceId: target.instanceId, type: 'run-effect' } });
      expect(effects.length).toBeGreaterThan(0);
      expect(effects.every((e) => e.status === 'dispatched')).toBe(true);
    });

    it.each([
      ['the parent first', ['taken', 'notified'] as const],
      ['the child first', ['notified', 'taken'] as const],
    ])('should keep a child’s report open until both the parent and the child have projected their half (%s), retries included', async (_, halves) => {
      const activities = createActivities({ dataSource: ds, registry });
      const report = { instanceId: 'cell:x', commandId: 'notify:report.report' };
      const m = ds.manager;
      await m.insert(OutboxEntry, { ...report, type: 'notify-parent', payload: {}, status: 'dispatched', attempts: 0, availableAt: AT, lastError: null, createdAt: AT, updatedAt: AT });
      const closing = (half: 'taken' | 'notified'): ProjectArgs => ({ target: { instanceId: half === 'taken' ? 'guidance:x' : report.instanceId, orgId: 'org-1', guidanceId: null }, fromSeq: 1, events: [], commands: [], done: [{ ...report, half }], at: AT });
      const status = async () => (await m.findOneByOrFail(OutboxEntry, report)).status;
      await env.run(activities.project, closing(halves[0]));
      await env.run(activities.project, closing(halves[0])); // a retry of the first half does not close it
      expect(await status()).toBe(halves[0]);
      await env.run(activities.project, closing(halves[1]));
      expect(await status()).toBe('done');
      await env.run(activities.project, closing(halves[0])); // nor does a late retry reopen it
      await env.run(activities.project, closing(halves[1]));
      expect(await status()).toBe('done');
    });
  });

  describe('runEffect', () => {
    it('should issue a document once per idempotency key, returning the same number on a retry', async () => {
      const activities = createActivities({ dataSource: ds, registry });
      const args = { instanceId: 'cell:x', name: 'issue-document', input: { type: 'KH', org: CELL, title: 'Kế hoạch', data: { a: 1 } }, idempotencyKey: 'cell:x/plan.1.kh', at: AT };
      const first = await env.run(activities.runEffect, args);
      const again = await env.run(activities.runEffect, args);
      const other = await env.run(activities.runEffect, { ...args, idempotencyKey: 'cell:x/plan.2.kh' });
      expect(again).toEqual(first);
      expect((first['document'] as { number: string }).number).toBe('Số 01-KH/CB');
      expect((other['document'] as { number: string }).number).toBe('Số 02-KH/CB');
      expect(await ds.manager.count(DocumentEntity)).toBe(2);
      expect(await ds.manager.count(EffectRun)).toBe(2);
    });

    it('should fail without retrying an effect this worker does not have', async () => {
      const activities = createActivities({ dataSource: ds, registry });
      const failure = await env.run(activities.runEffect, { instanceId: 'i', name: 'fax', input: {}, idempotencyKey: 'i/x', at: AT }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    });
  });

  describe('createChildren', () => {
    async function batchArgs(children: string[]) {
      const issuer = await ds.manager.findOneByOrFail(OrgUnit, { code: scenario.guidance.issuer });
      const definition = composeDefinition(registry.procedure('thematic-session'), { addSteps: ['self-criticism'], rubric: 'binh-thuan-100', owner: issuer.code }, registry);
      const procedure = await ds.transaction((m) => storeDefinition(m, definition, issuer.id, AT));
      const guidance = await ds.manager.save(
        ds.manager.create(Guidance, {
          issuerOrgId: issuer.id, number: GUIDANCE.number, issuedOn: GUIDANCE.issuedOn, title: GUIDANCE.title, basedOn: [], procedureKey: procedure.key, procedureVersion: procedure.version,
          addSteps: [], rubric: 'binh-thuan-100', sessionBy: null, reportBy: null, scope: 'all', rollupAt: null, instanceId: 'guidance:x', status: 'issued', createdAt: AT,
        }),
      );
      return { parentInstanceId: 'guidance:x', batch: 'batch-1', procedure, children: children.map((c) => ({ key: c, org: c })), guidance: GUIDANCE, guidanceId: guidance.id, at: AT };
    }

    it('should create the batch’s instances with their rosters, first events and tasks, and return the same ones on a retry', async () => {
      const activities = createActivities({ dataSource: ds, registry });
      const args = await batchArgs([CELL]);
      const created = await env.run(activities.createChildren, args);
      const again = await env.run(activities.createChildren, args);
      expect(again).toEqual(created);
      const instanceId = `cell:${CELL}:${GUIDANCE.number}:${GUIDANCE.issuedOn}`;
      expect(created).toEqual([{ key: CELL, target: { instanceId, orgId: expect.any(String), guidanceId: args.guidanceId }, version: expect.any(Number) }]);
      const m = ds.manager;
      expect(await m.count(ProcedureInstance, { where: { parentInstanceId: 'guidance:x' } })).toBe(1);
      const state = await loadInstanceState(m, instanceId);
      expect(state.version).toBe(created[0]!.version);
      expect(state.parent).toEqual({ instanceId: 'guidance:x', childKey: CELL });
      expect(state.context.org.members.map((x) => x.id)).toEqual(scenario.org.children[0]!.members.map((x) => x.id));
      expect(await m.count(Task, { where: { instanceId, stepId: 'plan', status: 'open' } })).toBe(1);
      expect(replay((await m.find(InstanceEvent, { where: { instanceId }, order: { seq: 'ASC' } })).map((e) => e.payload as ProcedureEvent))).toEqual(state);
    });

    it('should fail without retrying when a cell does not exist', async () => {
      const activities = createActivities({ dataSource: ds, registry });
      const failure = await env.run(activities.createChildren, await batchArgs(['CB-NOWHERE'])).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    });
  });

  describe('loadState and sealReport', () => {
    it('should serve a state at an exact version in slices that reassemble, never splitting a surrogate pair', async () => {
      const activities = createActivities({ dataSource: ds, registry });
      const { target, events, state } = await cellStart();
      await env.run(activities.project, projectArgs(target, events, 1, EMPTY_STATE, state));
      const full = JSON.stringify(state);
      let json = '';
      let slices = 0;
      for (;;) {
        const { total, chunk } = await env.run(activities.loadState, { instanceId: target.instanceId, version: state.version, offset: json.length, length: 3000 });
        json += chunk;
        slices++;
        if (json.length >= total) break;
      }
      expect(json).toBe(full);
      expect(slices).toBe(Math.ceil(full.length / 3000));
      // A slice boundary inside "𝔸" (two UTF-16 units) moves back by one unit.
      const at = full.indexOf('"') + 1;
      const { chunk } = await env.run(activities.loadState, { instanceId: target.instanceId, version: state.version, offset: 0, length: at });
      expect(chunk).toBe(full.slice(0, at));
    });

    it('should seal a report with the worker’s hook, in a transaction, and leave it as it is without one', async () => {
      const report = { cell: CELL, onTime: true };
      const sealed = createActivities({ dataSource: ds, registry, sealReport: async (m, sender, r) => ({ ...r, sealedBy: sender.instanceId, inTransaction: m.queryRunner?.isTransactionActive ?? false }) });
      expect(await env.run(sealed.sealReport, { instanceId: 'cell:x', report })).toEqual({ ...report, sealedBy: 'cell:x', inTransaction: true });
      expect(await env.run(createActivities({ dataSource: ds, registry }).sealReport, { instanceId: 'cell:x', report })).toEqual(report);
    });
  });
});
