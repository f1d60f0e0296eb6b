import { activeFindings, EMPTY_STATE, handle, type InstanceState, type Rejection, type TaskRecord } from '@chibo/procedure';
import { OrgTree, planScenario, scenarioActor, type Scenario, type SubmitAction } from '@chibo/scenario';
import { ApplicationFailure } from '@temporalio/common';
import {
  CONTINUE_AS_NEW,
  fireTimerUpdate,
  openTasksQuery,
  PATCHES,
  ProcedureInterpreter,
  progressQuery,
  REJECTED_FAILURE_TYPE,
  settleUpdate,
  stateQuery,
  submitUpdate,
  childReportSignal,
  reportsWaitingSignal,
  type HostSettings,
  type ProcedureWorkflowInput,
  type ProcedureWorkflowResult,
} from '../src';
import { ContinueAsNewCalled, WorkflowApiDouble, type UpdateOutcome, type WorkflowApiDoubleOptions } from '../src/testing';
import { cellStart, FakeReadSide, guidanceStart, host, registry, scenario, wideOrg } from './support/glue-fixture';

const AI_MO = scenario('ai-mo-2022.json');
/** The patch state of a history recorded before reports went through the read side: each report a signal. */
const SIGNALLED = { [PATCHES.reportsViaInbox]: false };
const CELL = 'CB-THCS-AI-MO';

/** Runs the procedure workflow's glue on the double, with the fake read side behind its activities. */
function boot(input: ProcedureWorkflowInput, options: Omit<WorkflowApiDoubleOptions, 'activities'> & { readSide?: FakeReadSide } = {}) {
  const readSide = options.readSide ?? new FakeReadSide();
  const startAt = input.kind === 'start' ? Date.parse(input.start.at) : Date.UTC(2022, 2, 16);
  const api = new WorkflowApiDouble({ now: startAt, workflowId: input.target.instanceId, ...options, activities: readSide.activities() });
  const result: Promise<ProcedureWorkflowResult> = new ProcedureInterpreter(input, api, registry).run();
  const outcome: { value?: ProcedureWorkflowResult; error?: unknown } = {};
  result.then((value) => (outcome.value = value)).catch((error: unknown) => (outcome.error = error));
  return { api, readSide, result, outcome, state: () => api.query(stateQuery) };
}

/** The scenario's submissions for one cell, in order. */
function actionsOf(s: Scenario, cell: string): SubmitAction[] {
  return planScenario(s).filter((a): a is SubmitAction => a.type === 'submit' && a.cell === cell);
}

/** Submits a scenario action to the open task it belongs to. */
async function submit(api: WorkflowApiDouble, s: Scenario, action: SubmitAction, at?: string): Promise<UpdateOutcome<unknown>> {
  const task = api.query(openTasksQuery).find((t: TaskRecord) => t.stepId === action.step && t.key === action.taskKey);
  if (!task) throw new Error(`task ${action.step}/${action.taskKey} is not open`);
  const outcome = await api.update(submitUpdate, { taskId: task.id, by: scenarioActor(new OrgTree(s.org), action.actor), input: action.input, ...(at ? { at } : {}) });
  await api.settle();
  return outcome;
}

function rejectionOf(outcome: UpdateOutcome<unknown>): Rejection {
  if (outcome.status === 'completed') throw new Error('the update was accepted');
  expect(outcome.error).toBeInstanceOf(ApplicationFailure);
  const failure = outcome.error as ApplicationFailure;
  expect(failure.type).toBe(REJECTED_FAILURE_TYPE);
  return failure.details?.[0] as Rejection;
}

describe('the procedure workflow glue (on WorkflowApiDouble, not a Temporal server)', () => {
  describe('start and projection', () => {
    it('should project the start events from sequence 1, record the decided commands in the outbox, and answer queries', async () => {
      const { api, readSide, state } = boot(cellStart(AI_MO, CELL));
      await api.settle();
      const events = readSide.eventsOf(cellStart(AI_MO, CELL).target.instanceId);
      expect(events[0]?.type).toBe('instance-started');
      expect(events).toHaveLength(state().version);
      expect(api.query(openTasksQuery).map((t) => t.stepId)).toEqual(['plan']);
      const timers = Object.keys(state().timers);
      expect(timers.length).toBeGreaterThan(0);
      expect(Object.keys(readSide.outboxOf(state().instanceId)).sort()).toEqual(timers.map((t) => `timer:${t}`).sort());
      expect(api.query(progressQuery)).toMatchObject({ version: state().version, projectedVersion: state().version, inFlight: 0, run: 0 });
    });

    it('should split a long burst of events into projections of at most 200 events, each continuing the log', async () => {
      const org = wideOrg(450);
      const s: Scenario = { ...AI_MO, org, guidance: { ...AI_MO.guidance, issuer: org.code, cells: 'all', addSteps: [] }, cells: {} };
      const { api, readSide } = boot(guidanceStart(s));
      await api.settle();
      const id = guidanceStart(s).target.instanceId;
      // The fake read side throws on a gap, so reaching the full log proves every slice continued the previous one.
      expect(readSide.eventsOf(id)).toHaveLength(api.query(stateQuery).version);
      expect(readSide.log.filter((l) => l.startsWith(`project ${id}`)).length).toBeGreaterThan(1);
    });
  });

  describe('a start stored in the read side', () => {
    it('should read the start back in slices and begin exactly as from the same start inline', async () => {
      const org = wideOrg(300);
      const s: Scenario = { ...AI_MO, org, guidance: { ...AI_MO.guidance, issuer: org.code, cells: 'all', addSteps: [] }, cells: {} };
      const inline = guidanceStart(s, host({ clock: 'simulated' }));
      const direct = boot(inline);
      await direct.api.settle();
      const readSide = new FakeReadSide();
      readSide.starts.set(inline.target.instanceId, JSON.stringify(inline.start));
      readSide.sliceLimit = 10_000;
      const stored = boot({ kind: 'stored-start', host: inline.host, target: inline.target, at: inline.start.at }, { readSide });
      await stored.api.settle();
      const loads = readSide.log.filter((l) => l.startsWith('load-start '));
      expect(loads.length).toBeGreaterThan(1);
      expect(stored.state()).toEqual(direct.state());
      // The start's context (every cell) went to the read side once, by the engine: not in the projection's input.
      const firstProjection = stored.api.activityCalls.find((c) => c.name === 'project')!.args as { events: Array<{ type: string; context?: object }>; contextFromStoredStart?: boolean };
      expect(firstProjection.contextFromStoredStart).toBe(true);
      expect(firstProjection.events[0]).toMatchObject({ type: 'instance-started', context: {} });
      const projected = JSON.stringify(stored.api.activityCalls.filter((c) => c.name === 'project').map((c) => c.args));
      expect(JSON.stringify(inline.start.context)).toContain('"Chi bộ 150"');
      expect(projected).not.toContain('"Chi bộ 150"');
      expect(readSide.eventsOf(inline.target.instanceId)).toEqual(direct.readSide.eventsOf(inline.target.instanceId));
    });
  });

  describe('task submissions as Updates validated by the core', () => {
    it('should accept a valid submission and answer only once its events are in the read side', async () => {
      const readSide = new FakeReadSide();
      // A projection that takes a while: the update must still not answer before it is done.
      readSide.projectionDelayMs = 20;
      const { api } = boot(cellStart(AI_MO, CELL), { readSide });
      await api.settle();
      const plan = actionsOf(AI_MO, CELL)[0]!;
      const task = api.query(openTasksQuery)[0]!;
      const outcome = await api.update(submitUpdate, { taskId: task.id, by: scenarioActor(new OrgTree(AI_MO.org), plan.actor), input: plan.input });
      expect(outcome.status).toBe('completed');
      const result = (outcome as Extract<UpdateOutcome<{ version: number; instanceId: string }>, { status: 'completed' }>).value;
      const projected = readSide.eventsOf(result.instanceId);
      expect(projected.length).toBeGreaterThanOrEqual(result.version);
      expect(projected.some((e) => e.type === 'task-submitted')).toBe(true);
    });

    it('should refuse a submission with field issues in the validator, recording nothing', async () => {
      const { api, readSide, state } = boot(cellStart(AI_MO, CELL));
      await api.settle();
      const before = state().version;
      const projections = readSide.log.length;
      const plan = actionsOf(AI_MO, CELL)[0]!;
      const task = api.query(openTasksQuery)[0]!;
      const outcome = await api.update(submitUpdate, { taskId: task.id, by: scenarioActor(new OrgTree(AI_MO.org), plan.actor), input: { month: '2022-13' } });
      await api.settle();
      expect(outcome.status).toBe('rejected');
      const rejection = rejectionOf(outcome);
      expect(rejection.code).toBe('validation');
      expect(rejection.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['topic']));
      // The same refusal the pure core gives, and nothing recorded.
      const direct = handle(state(), { type: 'submit', at: new Date(api.time).toISOString(), taskId: task.id, by: scenarioActor(new OrgTree(AI_MO.org), plan.actor), input: { month: '2022-13' } }, registry);
      expect(direct.ok ? [] : direct.rejection.issues).toEqual(rejection.issues);
      expect(state().version).toBe(before);
      expect(readSide.log).toHaveLength(projections);
    });

    it.each([
      ['someone who is not the assignee', 'not-assignee', (actor: ReturnType<typeof scenarioActor>) => ({ ...actor, member: { org: CELL, id: 'm09' }, roles: [{ role: 'member', org: CELL }] })],
      ['a task that is not open', 'task-not-open', (actor: ReturnType<typeof scenarioActor>) => actor],
    ])('should refuse a submission by %s with rule %s', async (_label, code, actorOf) => {
      const { api } = boot(cellStart(AI_MO, CELL));
      await api.settle();
      const plan = actionsOf(AI_MO, CELL)[0]!;
      const actor = actorOf(scenarioActor(new OrgTree(AI_MO.org), plan.actor));
      const taskId = code === 'task-not-open' ? 'score.1.score' : api.query(openTasksQuery)[0]!.id;
      const outcome = await api.update(submitUpdate, { taskId, by: actor, input: plan.input });
      expect(rejectionOf(outcome).code).toBe(code);
    });
  });

  describe('commands as activities, timers and signals', () => {
    it('should run an effect as an activity with its idempotency key only after the event that requested it is projected', async () => {
      const readSide = new FakeReadSide();
      readSide.projectionDelayMs = 10;
      const { api, state } = boot(cellStart(AI_MO, CELL), { readSide });
      await api.settle();
      await submit(api, AI_MO, actionsOf(AI_MO, CELL)[0]!);
      const id = state().instanceId;
      const effect = readSide.effects.find((e) => e.name === 'issue-document');
      expect(effect).toBeDefined();
      expect(effect!.idempotencyKey).toMatch(new RegExp(`^${id.replace(/[/|]/g, '\\$&')}/plan\\.1\\.`));
      const requested = readSide.log.findIndex((l) => l.startsWith(`project ${id}`) && l.includes('effect-requested'));
      const ran = readSide.log.findIndex((l) => l === `effect ${effect!.idempotencyKey}`);
      expect(requested).toBeGreaterThanOrEqual(0);
      expect(ran).toBeGreaterThan(requested);
      // The result came back as an input: the document is in the state and the command is closed in the outbox.
      expect(state().documents.map((d) => d.type)).toContain('KH');
      const effectId = effect!.idempotencyKey.slice(id.length + 1);
      expect(readSide.outboxOf(id)[`effect:${effectId}`]).toBe('done');
    });

    it('should turn deadlines into durable timers and record overdue and report-missing when the report deadline passes', async () => {
      const { api, state } = boot(cellStart(AI_MO, CELL));
      await api.settle();
      const start = api.time;
      const reportDeadline = Object.values(state().timers).find((t) => t.key.includes('report'));
      expect(reportDeadline).toBeDefined();
      expect(api.timers.map((t) => t.deadline)).toContain(Date.parse(reportDeadline!.fireAt));
      expect(api.timers.find((t) => t.deadline === Date.parse(reportDeadline!.fireAt))!.ms).toBe(Date.parse(reportDeadline!.fireAt) - start);
      await api.advanceTime(Date.parse(reportDeadline!.fireAt) - start + 1000);
      expect(activeFindings(state())).toEqual(expect.arrayContaining(['report-missing']));
      expect(state().facts['status']).toBe('overdue');
      expect(state().timers[reportDeadline!.id]!.status).toBe('fired');
    });

    it('should fire a timer that is already due when a run resumes, once, without arming a durable timer for it', async () => {
      const input = cellStart(AI_MO, CELL);
      const started = handle(EMPTY_STATE, input.start, registry);
      if (!started.ok) throw new Error(started.rejection.message);
      const first = Object.values(started.state.timers).sort((a, b) => a.fireAt.localeCompare(b.fireAt))[0]!;
      const readSide = new FakeReadSide();
      readSide.events.set(started.state.instanceId, started.events);
      const resume: ProcedureWorkflowInput = { kind: 'resume', host: host(), target: input.target, version: started.state.version, state: started.state };
      // The run resumes one second after the first timer's instant.
      const { api, state } = boot(resume, { readSide, now: Date.parse(first.fireAt) + 1000 });
      await api.settle();
      expect(state().timers[first.id]!.status).toBe('fired');
      expect(readSide.eventsOf(started.state.instanceId).filter((e) => e.type === 'timer-fired')).toHaveLength(1);
      expect(api.timers.map((t) => t.deadline)).not.toContain(Date.parse(first.fireAt));
    });

    it('should arm no durable timer on a simulated clock, fire one on the fire-timer update at its instant, and refuse fire-timer on the system clock', async () => {
      const simulated = boot(cellStart(AI_MO, CELL, host({ clock: 'simulated' })));
      await simulated.api.settle();
      expect(simulated.api.timers).toEqual([]);
      const timer = Object.values(simulated.state().timers).sort((a, b) => a.fireAt.localeCompare(b.fireAt))[0]!;
      const outcome = await simulated.api.update(fireTimerUpdate, { timerId: timer.id, at: timer.fireAt });
      await simulated.api.settle();
      expect(outcome.status).toBe('completed');
      expect(simulated.state().timers[timer.id]!.status).toBe('fired');
      expect(simulated.readSide.eventsOf(simulated.state().instanceId).find((e) => e.type === 'timer-fired')?.at).toBe(timer.fireAt);

      const system = boot(cellStart(AI_MO, CELL));
      await system.api.settle();
      expect((await system.api.update(fireTimerUpdate, { timerId: timer.id, at: timer.fireAt })).status).toBe('rejected');
      expect(system.state().timers[timer.id]!.status).toBe('scheduled');
    });

    it('should send the report to the parent as a signal that closes the command there, and close it itself when the parent is gone (a history recorded before the inbox)', async () => {
      for (const parentGone of [false, true]) {
        const input = cellStart(AI_MO, CELL, host({ clock: 'simulated' }));
        const { api, readSide, state, outcome } = boot(input, { patches: SIGNALLED, ...(parentGone ? { signal: () => Promise.reject(new Error('workflow execution already completed')) } : {}) });
        await api.settle();
        for (const action of actionsOf(AI_MO, CELL)) await submit(api, AI_MO, action, action.at);
        expect(state().status).toBe('completed');
        const sent = api.signalsSent.find((s) => s.signal === childReportSignal.name);
        expect(sent?.workflowId).toBe(input.start.parent!.instanceId);
        const args = sent!.args[0] as { child: string; report: Record<string, unknown>; from: { instanceId: string; commandId: string } };
        expect(args.child).toBe(CELL);
        // The report goes out as the sealReport activity returned it (the audit log's signed checkpoint).
        expect(args.report['sealed']).toBe(true);
        expect(api.activityCalls.filter((c) => c.name === 'sealReport')).toHaveLength(1);
        expect(args.from.instanceId).toBe(state().instanceId);
        // Delivered: this instance closes its half (the parent closes the other when it records the report);
        // undelivered: this instance closes the command outright.
        expect(readSide.outboxOf(state().instanceId)[args.from.commandId]).toBe(parentGone ? 'done' : 'notified');
        expect(Object.values(state().notifications).every((n) => n.delivered)).toBe(true);
        // Completed with nothing outbound left: the workflow returns.
        expect(outcome.value).toEqual({ instanceId: state().instanceId, status: 'completed', version: state().version });
      }
    });

    it.each([
      ['send it again until the next run takes it', true],
      ['drop it as for a parent that ended (a history recorded before the change)', false],
    ])('should, when the parent refuses a report for its signal limit, %s', async (_title, patchedNow) => {
      const input = cellStart(AI_MO, CELL, host({ clock: 'simulated' }));
      let refusals = 2;
      // What the SDK raises for the server's SIGNAL_COUNT_LIMIT_EXCEEDED cause.
      const limit = Object.assign(new Error('Unable to signal external workflow because The per-workflow signal limit was exceeded'), { type: 'SignalCountLimitExceeded' });
      const { api, readSide, state } = boot(input, {
        patches: { ...SIGNALLED, [PATCHES.retrySignalLimit]: patchedNow },
        signal: () => (refusals-- > 0 ? Promise.reject(limit) : Promise.resolve()),
      });
      await api.settle();
      for (const action of actionsOf(AI_MO, CELL)) await submit(api, AI_MO, action, action.at);
      const reportSignals = () => api.signalsSent.filter((s) => s.signal === childReportSignal.name);
      const from = () => (reportSignals()[0]!.args[0] as { from: { instanceId: string; commandId: string } }).from;
      if (!patchedNow) {
        expect(reportSignals()).toHaveLength(1);
        expect(readSide.outboxOf(state().instanceId)[from().commandId]).toBe('done');
        return;
      }
      // Refused once: not delivered yet, the command still open, another send after a wait.
      expect(reportSignals()).toHaveLength(1);
      expect(Object.values(state().notifications).some((n) => !n.delivered)).toBe(true);
      await api.advanceTime(5_000);
      await api.settle();
      expect(reportSignals()).toHaveLength(2);
      await api.advanceTime(10_000);
      await api.settle();
      // The third send is taken: delivered, and this instance closes its half (the parent's is closed when it records it).
      expect(reportSignals()).toHaveLength(3);
      expect(Object.values(state().notifications).every((n) => n.delivered)).toBe(true);
      expect(readSide.outboxOf(state().instanceId)[from().commandId]).toBe('notified');
    });

    it('should record a child report signal and close the child command in the same projection; a cell out of scope is refused but closed', async () => {
      const input = guidanceStart(AI_MO, host({ clock: 'simulated' }));
      const { api, readSide, state } = boot(input);
      await api.settle();
      const from = { instanceId: `cell:${CELL}:x`, commandId: 'notify:report.report' };
      api.signalIn(childReportSignal, { child: CELL, report: { cell: CELL, onTime: true, rating: 'Tốt' }, at: '2022-04-05T00:00:00.000Z', from });
      api.signalIn(childReportSignal, { child: 'CB-ELSEWHERE', report: {}, at: '2022-04-05T00:00:00.000Z', from: { instanceId: 'cell:CB-ELSEWHERE:x', commandId: 'notify:r' } });
      await api.settle();
      expect(state().children[CELL]?.report).toMatchObject({ rating: 'Tốt' });
      // The parent's half of each (the cells close theirs when they record the notification).
      expect(readSide.outbox.get(`${from.instanceId}|${from.commandId}`)).toBe('taken');
      expect(readSide.outbox.get('cell:CB-ELSEWHERE:x|notify:r')).toBe('taken');
      expect(api.logs.some((l) => l.level === 'warn' && l.message.includes('refused'))).toBe(true);
      expect(readSide.eventsOf(input.target.instanceId).find((e) => e.type === 'child-reported')?.at).toBe('2022-04-05T00:00:00.000Z');
    });
  });

  describe('fan-out in batches', () => {
    it('should start a guidance to 1,200 cells as three batch child workflows of at most 500 cells, in order', async () => {
      const org = wideOrg(1200);
      const s: Scenario = { ...AI_MO, org, guidance: { ...AI_MO.guidance, issuer: org.code, cells: 'all', addSteps: [] }, cells: {} };
      const input = guidanceStart(s, host({ workflowIdPrefix: 'run-1/' }));
      const { api, readSide, state } = boot(input);
      await api.settle();
      const batches = api.children.filter((c) => !c.abandoned);
      expect(batches.map((c) => c.workflowType)).toEqual(['dispatchBatchWorkflow', 'dispatchBatchWorkflow', 'dispatchBatchWorkflow']);
      expect(batches.map((c) => c.options.workflowId)).toEqual([1, 2, 3].map((n) => `run-1/${input.target.instanceId}#batch-${n}`));
      expect(batches.map((c) => (c.options.args[0] as { children: unknown[] }).children.length)).toEqual([500, 500, 200]);
      expect(batches.every((c) => (c.options.args[0] as { guidanceId: string }).guidanceId === 'guidance-1')).toBe(true);
      expect(Object.values(state().children).filter((c) => c.started)).toHaveLength(1200);
      const outbox = readSide.outboxOf(input.target.instanceId);
      expect(['children:batch-1', 'children:batch-2', 'children:batch-3'].map((k) => outbox[k])).toEqual(['done', 'done', 'done']);
      // Batches are dispatched in order (up to three in flight at once).
      const order = api.children.map((c) => c.options.workflowId);
      expect(order).toEqual([...order].sort());
    });
  });

  describe('reports through the read side (PATCHES.reportsViaInbox)', () => {
    const AT = '2022-04-05T00:00:00.000Z';
    const fromCell = (cell: string) => ({ instanceId: `cell:${cell}:x`, commandId: 'notify:report.report' });
    const reportOf = (cell: string, size = 0) => ({ child: cell, report: { cell, onTime: true, rating: 'Tốt', ...(size ? { note: 'x'.repeat(size) } : {}) }, at: AT, from: fromCell(cell) });

    it('should post a cell’s sealed report and wake its guidance with one signal carrying nothing, leaving the command for the guidance to close', async () => {
      const input = cellStart(AI_MO, CELL, host({ clock: 'simulated' }));
      const { api, readSide, state, outcome } = boot(input);
      await api.settle();
      for (const action of actionsOf(AI_MO, CELL)) await submit(api, AI_MO, action, action.at);
      expect(state().status).toBe('completed');
      const parent = input.start.parent!.instanceId;
      expect(readSide.inbox).toHaveLength(1);
      expect(readSide.inbox[0]).toMatchObject({ parent, takenBy: null, args: { child: CELL, from: { instanceId: state().instanceId } } });
      expect(readSide.inbox[0]!.args.report['sealed']).toBe(true);
      expect(api.signalsSent).toEqual([{ workflowId: parent, signal: reportsWaitingSignal.name, args: [] }]);
      expect(api.signalsSent.some((s) => s.signal === childReportSignal.name)).toBe(false);
      // Delivered to the read side: the cell's half of the command is in; the guidance closes the other when it takes it.
      expect(readSide.outboxOf(state().instanceId)[readSide.inbox[0]!.args.from.commandId]).toBe('notified');
      expect(outcome.value?.status).toBe('completed');
    });

    it.each([
      ['another report already waits: no signal (the guidance takes this one in the same pass)', 'waiting'],
      ['the guidance has ended: nothing stored, and the cell closes its own command', 'ended'],
    ])('should, when %s', async (_title, situation) => {
      const input = cellStart(AI_MO, CELL, host({ clock: 'simulated' }));
      const readSide = new FakeReadSide();
      const parent = input.start.parent!.instanceId;
      if (situation === 'waiting') readSide.post(parent, reportOf('CB-OTHER'));
      else readSide.endedParents.add(parent);
      const { api, state } = boot(input, { readSide });
      await api.settle();
      for (const action of actionsOf(AI_MO, CELL)) await submit(api, AI_MO, action, action.at);
      expect(api.signalsSent).toEqual([]);
      expect(Object.values(state().notifications).every((n) => n.delivered)).toBe(true);
      const mine = readSide.inbox.filter((r) => r.args.from.instanceId === state().instanceId);
      const command = Object.keys(readSide.outboxOf(state().instanceId)).find((c) => c.startsWith('notify:'))!;
      expect(mine).toHaveLength(situation === 'waiting' ? 1 : 0);
      // Waiting: the cell's half only (the guidance's comes when it takes it); to an ended guidance: closed outright.
      expect(readSide.outboxOf(state().instanceId)[command]).toBe(situation === 'waiting' ? 'notified' : 'done');
    });

    it('should take 400 reports woken once, in pages bounded in size, each recorded once with its command closed', async () => {
      const org = wideOrg(400);
      const s: Scenario = { ...AI_MO, org, guidance: { ...AI_MO.guidance, issuer: org.code, cells: 'all', addSteps: [] }, cells: {} };
      const input = guidanceStart(s, host({ clock: 'simulated' }));
      const { api, readSide, state } = boot(input);
      await api.settle();
      const id = input.target.instanceId;
      const cells = Object.keys(state().children);
      // Reports of about 2,000 units each: a page (REPORT_PAGE_UNITS) holds about 80 of them.
      const wakes = [...cells, 'CB-ELSEWHERE'].map((cell) => readSide.post(id, reportOf(cell, 2_000)).wake);
      expect(wakes.filter(Boolean)).toHaveLength(1);
      api.signalIn(reportsWaitingSignal);
      await api.settle();
      expect(Object.values(state().children).filter((c) => c.report)).toHaveLength(cells.length);
      expect(readSide.eventsOf(id).filter((e) => e.type === 'child-reported').map((e) => (e as { child: string }).child)).toEqual(cells);
      // The parent's half of each sender's command (posted here without a child workflow, which closes the other half).
      expect([...cells, 'CB-ELSEWHERE'].every((cell) => readSide.outbox.get(`cell:${cell}:x|notify:report.report`) === 'taken')).toBe(true);
      const takes = api.activityCalls.filter((c) => c.name === 'takeReports').map((c) => c.args as { page: string; maxUnits: number });
      expect(takes.length).toBeGreaterThanOrEqual(5);
      expect(takes.length).toBeLessThan(20);
      expect(new Set(takes.map((t) => t.page)).size).toBe(takes.length);
      const pages = new Map<string, number>();
      for (const row of readSide.inbox) pages.set(row.takenBy!, (pages.get(row.takenBy!) ?? 0) + JSON.stringify(row.args).length);
      expect(Math.max(...pages.values())).toBeLessThanOrEqual(takes[0]!.maxUnits);
      expect(readSide.inbox.every((r) => r.takenBy !== null)).toBe(true);
      // A later post finds nothing waiting and wakes the guidance again.
      expect(readSide.post(id, reportOf('CB-LATE')).wake).toBe(true);
    }, 60_000);

    it('should take one more page when woken while a page is being taken', async () => {
      const input = guidanceStart(AI_MO, host({ clock: 'simulated' }));
      const readSide = new FakeReadSide();
      const fake = readSide.activities();
      let release: (() => void) | undefined;
      const api = new WorkflowApiDouble({
        now: Date.parse(input.start.at),
        workflowId: input.target.instanceId,
        activities: {
          ...fake,
          takeReports: async (args) => {
            if (!release) await new Promise<void>((resolve) => (release = resolve));
            return fake.takeReports!(args);
          },
        },
      });
      new ProcedureInterpreter(input, api, registry).run().catch(() => undefined);
      await api.settle();
      const id = input.target.instanceId;
      readSide.post(id, reportOf('CB-ELSEWHERE'));
      api.signalIn(reportsWaitingSignal);
      for (let i = 0; i < 20 && !release; i++) await new Promise((r) => setImmediate(r));
      // The cell's post comes after the first page was asked for but before it was read, and wakes it again.
      readSide.post(id, reportOf(CELL));
      api.signalIn(reportsWaitingSignal);
      release!();
      await api.settle();
      expect(api.query(stateQuery).children[CELL]?.report).toMatchObject({ rating: 'Tốt' });
      expect(api.activityCalls.filter((c) => c.name === 'takeReports')).toHaveLength(2);
    });

    it('should leave reports to the next run while a run ends, and that run takes them when it starts', async () => {
      const input = guidanceStart(AI_MO, host({ clock: 'simulated' }));
      const readSide = new FakeReadSide();
      const { api, outcome } = boot(input, { readSide });
      await api.settle();
      const id = input.target.instanceId;
      api.historyLength = CONTINUE_AS_NEW.minEventsPerRun + 10;
      api.continueAsNewSuggested = true;
      api.wake();
      await api.settle();
      expect(outcome.error).toBeInstanceOf(ContinueAsNewCalled);
      // Posted after the run ended: its wake reaches the run that has gone (ignored there) or nobody.
      readSide.post(id, reportOf(CELL));
      const next = (outcome.error as ContinueAsNewCalled).input as Extract<ProcedureWorkflowInput, { kind: 'resume' }>;
      expect(next.reports).toBeUndefined();
      const resumed = boot(next, { readSide, run: 1 });
      await resumed.api.settle();
      expect(resumed.state().children[CELL]?.report).toMatchObject({ rating: 'Tốt' });
      expect(readSide.outbox.get(`cell:${CELL}:x|notify:report.report`)).toBe('taken');
      expect(resumed.api.activityCalls.filter((c) => c.name === 'takeReports').map((c) => (c.args as { page: string }).page)).toEqual([`${id}/run-1:1`]);
    });

    it.each([
      ['takes what waits for it when it starts', true],
      ['takes reports only when woken (a history recorded before the inbox)', false],
    ])('should, as a guidance run, %s', async (_title, patchedNow) => {
      const input = guidanceStart(AI_MO, host({ clock: 'simulated' }));
      const readSide = new FakeReadSide();
      const first = boot(input, { readSide, patches: { [PATCHES.reportsViaInbox]: patchedNow } });
      await first.api.settle();
      first.api.historyLength = CONTINUE_AS_NEW.minEventsPerRun + 10;
      first.api.continueAsNewSuggested = true;
      first.api.wake();
      await first.api.settle();
      const next = (first.outcome.error as ContinueAsNewCalled).input as Extract<ProcedureWorkflowInput, { kind: 'resume' }>;
      readSide.post(input.target.instanceId, reportOf(CELL));
      const resumed = boot(next, { readSide, run: 1, patches: { [PATCHES.reportsViaInbox]: patchedNow } });
      await resumed.api.settle();
      const takes = () => resumed.api.activityCalls.filter((c) => c.name === 'takeReports').length;
      expect(takes()).toBe(patchedNow ? 1 : 0);
      expect(resumed.state().children[CELL]?.report === undefined).toBe(!patchedNow);
      resumed.api.signalIn(reportsWaitingSignal);
      await resumed.api.settle();
      expect(resumed.state().children[CELL]?.report).toMatchObject({ rating: 'Tốt' });
    });
  });

  describe('many reports at once', () => {
    it.each([
      ['handled together (the guidance’s maps copied once for all of them)', true],
      ['handled one by one (a history recorded before the change)', false],
    ])('should record 400 cells’ reports delivered in one activation: %s', async (_title, batched) => {
      const org = wideOrg(400);
      const s: Scenario = { ...AI_MO, org, guidance: { ...AI_MO.guidance, issuer: org.code, cells: 'all', addSteps: [] }, cells: {} };
      const input = guidanceStart(s, host({ clock: 'simulated' }));
      const { api, readSide, state } = boot(input, { patches: { [PATCHES.batchChildReports]: batched } });
      await api.settle();
      const cells = Object.keys(state().children);
      expect(cells).toHaveLength(org.children.length);
      const projectionsBefore = readSide.log.filter((l) => l.startsWith('project ')).length;
      // Every cell's report, and one from a cell outside the guidance (refused, its command closed all the same).
      const at = '2022-04-05T00:00:00.000Z';
      const from = (cell: string) => ({ instanceId: `cell:${cell}:x`, commandId: 'notify:report.report' });
      for (const cell of cells) api.signalIn(childReportSignal, { child: cell, report: { cell, onTime: true, rating: 'Tốt' }, at, from: from(cell) });
      api.signalIn(childReportSignal, { child: 'CB-ELSEWHERE', report: {}, at, from: from('CB-ELSEWHERE') });
      await api.settle();
      expect(Object.values(state().children).filter((c) => c.report)).toHaveLength(org.children.length);
      const recorded = readSide.eventsOf(input.target.instanceId).filter((e) => e.type === 'child-reported');
      expect(recorded.map((e) => (e as { child: string }).child)).toEqual(cells);
      expect([...cells, 'CB-ELSEWHERE'].every((cell) => readSide.outbox.get(`cell:${cell}:x|notify:report.report`) === 'taken')).toBe(true);
      expect(api.logs.filter((l) => l.message === 'child report refused')).toHaveLength(1);
      const projections = readSide.log.filter((l) => l.startsWith('project ') && l.includes('child-reported')).length;
      expect(projections).toBeGreaterThan(0);
      expect(readSide.log.filter((l) => l.startsWith('project ')).length).toBeGreaterThan(projectionsBefore);
      // A loaded CI machine (every package's tests at once) needs more than Jest's 5 s for the one-by-one branch.
    }, 60_000);
  });

  describe('continue-as-new', () => {
    it('should continue as new when the history is long, after in-flight work finished, with the state inline', async () => {
      let release: (() => void) | undefined;
      const readSide = new FakeReadSide();
      const input = cellStart(AI_MO, CELL);
      const api = new WorkflowApiDouble({
        now: Date.parse(input.start.at),
        activities: readSide.activities({
          runEffect: (args) =>
            new Promise((resolve) => {
              release = () => resolve({ document: { type: (args.input as { type: string }).type, number: 'Số 01-KH/CB' } });
            }),
        }),
      });
      const run = new ProcedureInterpreter(input, api, registry).run();
      const ended: { error?: unknown } = {};
      run.catch((error: unknown) => (ended.error = error));
      await api.settle();
      const plan = actionsOf(AI_MO, CELL)[0]!;
      const task = api.query(openTasksQuery)[0]!;
      void api.update(submitUpdate, { taskId: task.id, by: scenarioActor(new OrgTree(AI_MO.org), plan.actor), input: plan.input });
      for (let i = 0; i < 20 && !release; i++) await new Promise((r) => setImmediate(r));
      expect(release).toBeDefined();
      api.historyLength = CONTINUE_AS_NEW.minEventsPerRun + 10;
      api.continueAsNewSuggested = true;
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      // The effect is still running: no continue-as-new yet.
      expect(ended.error).toBeUndefined();
      release!();
      await api.settle();
      expect(ended.error).toBeInstanceOf(ContinueAsNewCalled);
      const next = (ended.error as ContinueAsNewCalled).input as Extract<ProcedureWorkflowInput, { kind: 'resume' }>;
      expect(next).toMatchObject({ kind: 'resume', target: input.target, run: 1 });
      expect(next.state?.version).toBe(next.version);
      expect(next.state?.documents.map((d) => d.type)).toContain('KH');
      expect(readSide.eventsOf(input.target.instanceId)).toHaveLength(next.version);
    });

    it.each([
      ['carried into the next run, which handles them first', true],
      ['handled in the ending run (a history recorded before the change)', false],
    ])('should keep child reports that arrive while a run ends: %s', async (_title, patchedNow) => {
      const input = guidanceStart(AI_MO, host({ clock: 'simulated' }));
      const readSide = new FakeReadSide();
      const fake = readSide.activities();
      let release: (() => void) | undefined;
      let held: Promise<void> | undefined;
      const api = new WorkflowApiDouble({
        now: Date.parse(input.start.at),
        workflowId: input.target.instanceId,
        patches: { [PATCHES.carryReportsOnRotation]: patchedNow },
        activities: {
          ...fake,
          project: async (args) => {
            if (held) await held;
            return fake.project!(args);
          },
        },
      });
      const ended: { error?: unknown } = {};
      new ProcedureInterpreter(input, api, registry).run().catch((error: unknown) => (ended.error = error));
      await api.settle();
      const id = input.target.instanceId;
      const versionBefore = readSide.eventsOf(id).length;
      // A refused report's projection is in flight (held) when the run decides to continue as new…
      held = new Promise((resolve) => (release = resolve));
      const stranger = { instanceId: 'cell:CB-ELSEWHERE:x', commandId: 'notify:r' };
      api.signalIn(childReportSignal, { child: 'CB-ELSEWHERE', report: {}, at: '2022-04-05T00:00:00.000Z', from: stranger });
      api.historyLength = CONTINUE_AS_NEW.minEventsPerRun + 10;
      api.continueAsNewSuggested = true;
      api.wake();
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      // …and the cell's report arrives while the run waits for it.
      const from = { instanceId: `cell:${CELL}:x`, commandId: 'notify:report.report' };
      const report = { child: CELL, report: { cell: CELL, onTime: true, rating: 'Tốt' }, at: '2022-04-05T00:00:00.000Z', from };
      api.signalIn(childReportSignal, report);
      held = undefined;
      release!();
      await api.settle();
      expect(ended.error).toBeInstanceOf(ContinueAsNewCalled);
      const next = (ended.error as ContinueAsNewCalled).input as Extract<ProcedureWorkflowInput, { kind: 'resume' }>;
      expect(readSide.outbox.get(`${stranger.instanceId}|${stranger.commandId}`)).toBe('taken');
      if (!patchedNow) {
        // The old behaviour: handled (and projected) before the run ended.
        expect(next.reports).toBeUndefined();
        expect(next.state?.children[CELL]?.report).toMatchObject({ rating: 'Tốt' });
        return;
      }
      expect(next.reports).toEqual([report]);
      expect(readSide.eventsOf(id).filter((e) => e.type === 'child-reported')).toEqual([]);
      expect(readSide.eventsOf(id).length).toBe(versionBefore);
      // The next run handles it before anything else, and closes the cell's command in the same projection.
      const resumed = boot(next, { readSide, now: Date.parse('2022-04-05T00:00:00.000Z') });
      await resumed.api.settle();
      expect(resumed.state().children[CELL]?.report).toMatchObject({ rating: 'Tốt' });
      expect(readSide.eventsOf(id).filter((e) => e.type === 'child-reported')).toHaveLength(1);
      expect(readSide.outbox.get(`${from.instanceId}|${from.commandId}`)).toBe('taken');
    });

    it.each([
      ['continue as new, its history short, once it has received the signal limit', true],
      ['keep its run (a history recorded before the change)', false],
    ])('should %s', async (_title, patchedNow) => {
      const input = guidanceStart(AI_MO, host({ clock: 'simulated' }));
      const readSide = new FakeReadSide();
      const api = new WorkflowApiDouble({
        now: Date.parse(input.start.at),
        workflowId: input.target.instanceId,
        patches: { [PATCHES.rotateOnSignalCount]: patchedNow },
        activities: readSide.activities(),
      });
      const ended: { error?: unknown } = {};
      const limits = { ...CONTINUE_AS_NEW, maxSignalsPerRun: 4 };
      new ProcedureInterpreter(input, api, registry, limits).run().catch((error: unknown) => (ended.error = error));
      await api.settle();
      const signal = (i: number) =>
        api.signalIn(childReportSignal, { child: `CB-ELSEWHERE-${i}`, report: {}, at: '2022-04-05T00:00:00.000Z', from: { instanceId: `cell:CB-ELSEWHERE-${i}:x`, commandId: 'notify:r' } });
      for (let i = 0; i < limits.maxSignalsPerRun - 1; i++) signal(i);
      await api.settle();
      // One signal short of the limit, and far from any history limit: the run goes on.
      expect(ended.error).toBeUndefined();
      signal(limits.maxSignalsPerRun);
      await api.settle();
      if (!patchedNow) return expect(ended.error).toBeUndefined();
      expect(ended.error).toBeInstanceOf(ContinueAsNewCalled);
      expect(api.historyLength).toBeLessThan(limits.minEventsPerRun);
      expect((ended.error as ContinueAsNewCalled).input).toMatchObject({ kind: 'resume', run: 1 });
    });

    it('should not continue as new before a run has made progress in events, however large its history (a history recorded before PATCHES.rotateBySize)', async () => {
      const { api, outcome } = boot(cellStart(AI_MO, CELL), { patches: { [PATCHES.rotateBySize]: false } });
      await api.settle();
      api.historySize = CONTINUE_AS_NEW.maxBytes * 2;
      api.continueAsNewSuggested = true;
      api.historyLength = 3 + CONTINUE_AS_NEW.minEventsPerRun - 1;
      await api.advanceTime(1000);
      expect(outcome.error).toBeUndefined();
    });

    it('should count a run’s progress in bytes too, from when its state was loaded, and continue as new past 8 MiB in a few events', async () => {
      // A run that starts with a large history (a state reloaded in slices) has not made progress by that alone…
      const input = cellStart(AI_MO, CELL);
      const api = new WorkflowApiDouble({ now: Date.parse(input.start.at), workflowId: input.target.instanceId, historyLength: 40, activities: new FakeReadSide().activities() });
      api.historySize = CONTINUE_AS_NEW.maxBytesUnderWarning + 1024;
      const outcome: { error?: unknown } = {};
      new ProcedureInterpreter(input, api, registry).run().catch((error: unknown) => (outcome.error = error));
      await api.settle();
      api.wake();
      await api.advanceTime(1000);
      expect(outcome.error).toBeUndefined();
      // …but once it has grown 2 MiB more (pages of reports), it ends, with far fewer than 1,000 events.
      api.historySize += CONTINUE_AS_NEW.minBytesPerRun;
      api.historyLength += 20;
      api.wake();
      await api.settle();
      expect(outcome.error).toBeInstanceOf(ContinueAsNewCalled);
      expect(api.historyLength).toBeLessThan(CONTINUE_AS_NEW.minEventsPerRun);
    });

    it('should resume a large state from the read side in slices and carry out every outstanding command again', async () => {
      // A state with an effect requested but not completed, and scheduled timers: what a previous run left.
      const input = cellStart(AI_MO, CELL);
      const started = handle(EMPTY_STATE, input.start, registry);
      if (!started.ok) throw new Error(started.rejection.message);
      const plan = actionsOf(AI_MO, CELL)[0]!;
      const submitted = handle(started.state, { type: 'submit', at: plan.at, taskId: 'plan.1.plan', by: scenarioActor(new OrgTree(AI_MO.org), plan.actor), input: plan.input }, registry);
      if (!submitted.ok) throw new Error(submitted.rejection.message);
      const state: InstanceState = submitted.state;
      const pendingEffects = Object.values(state.effects).filter((e) => e.status === 'requested');
      expect(pendingEffects.length).toBeGreaterThan(0);
      const readSide = new FakeReadSide();
      readSide.states.set(state.instanceId, state);
      readSide.events.set(state.instanceId, [...started.events, ...submitted.events]);
      readSide.sliceLimit = 4000;
      const resume: ProcedureWorkflowInput = { kind: 'resume', host: host(), target: input.target, version: state.version, run: 3 };
      const { api } = boot(resume, { readSide, now: Date.parse(plan.at) });
      // An update that arrives while the state loads waits for it (the validator cannot check yet).
      const early = api.update(settleUpdate);
      await api.settle();
      expect(readSide.log.filter((l) => l.startsWith('load')).length).toBe(Math.ceil(JSON.stringify(state).length / 4000));
      expect((await early).status).toBe('completed');
      expect(readSide.effects.map((e) => e.idempotencyKey).sort()).toEqual(pendingEffects.map((e) => `${state.instanceId}/${e.id}`).sort());
      const scheduled = Object.values(api.query(stateQuery).timers).filter((t) => t.status === 'scheduled');
      expect(api.waiting.timers).toBe(scheduled.length);
      expect(api.query(progressQuery).run).toBe(3);
    });
  });

  describe('payloads under Temporal’s 512 KiB warning (PATCHES.payloadsUnderWarning)', () => {
    it.each([
      ['every projection and state slice at most 160 Ki code units', true, 160 * 1024, 160 * 1024],
      // (A state is read under the warning either way: replay follows the slices' recorded results, not their inputs.)
      ['the larger projections of a history recorded before the change', false, 256 * 1024, 160 * 1024],
    ])('should slice with %s', async (_title, patchedNow, projectionUnits, stateUnits) => {
      const org = wideOrg(400);
      const s: Scenario = { ...AI_MO, org, guidance: { ...AI_MO.guidance, issuer: org.code, cells: 'all', addSteps: [] }, cells: {} };
      const input = guidanceStart(s, host({ clock: 'simulated' }));
      const patches = { [PATCHES.payloadsUnderWarning]: patchedNow };
      const { api, readSide, state } = boot(input, { patches });
      await api.settle();
      const id = input.target.instanceId;
      // 400 reports of about 1,000 units: 400 KiB of events to project at once.
      for (const cell of Object.keys(state().children)) readSide.post(id, { child: cell, report: { cell, onTime: true, rating: 'Tốt', note: 'ghi chú '.repeat(120) }, at: '2022-04-05T00:00:00.000Z', from: { instanceId: `cell:${cell}:x`, commandId: 'notify:report.report' } });
      api.signalIn(reportsWaitingSignal);
      await api.settle();
      expect(Object.values(state().children).filter((c) => c.report)).toHaveLength(400);
      const projections = api.activityCalls.filter((c) => c.name === 'project').map((c) => c.args as { events: unknown[]; commands: unknown[]; done: unknown[] });
      const units = projections.filter((p) => p.events.length + p.commands.length + p.done.length > 1).map((p) => JSON.stringify([p.events, p.commands, p.done]).length);
      expect(Math.max(...units)).toBeLessThanOrEqual(projectionUnits);
      if (patchedNow) expect(Math.max(...units)).toBeGreaterThan(100 * 1024);
      else expect(Math.max(...units)).toBeGreaterThan(160 * 1024);
      // The next run reloads the state in slices under the warning.
      readSide.states.set(id, state());
      const resumed = boot({ kind: 'resume', host: input.host, target: input.target, version: state().version, run: 1 }, { readSide, patches });
      await resumed.api.settle();
      const lengths = resumed.api.activityCalls.filter((c) => c.name === 'loadState').map((c) => (c.args as { length: number }).length);
      expect(new Set(lengths)).toEqual(new Set([stateUnits]));
      expect(resumed.state()).toEqual(state());
    }, 60_000);
  });

  describe('patch markers in a fan-out', () => {
    it('should ask no patch in the first run of a cell its batch started, which waits for its first submission', async () => {
      // The state as the batch's createChildren left it in the read side; the batch starts the cell with no state.
      const input = cellStart(AI_MO, CELL);
      const started = handle(EMPTY_STATE, input.start, registry);
      if (!started.ok) throw new Error(started.rejection.message);
      const readSide = new FakeReadSide();
      readSide.states.set(started.state.instanceId, started.state);
      readSide.events.set(started.state.instanceId, started.events);
      const { api, state } = boot({ kind: 'resume', host: input.host, target: input.target, version: started.state.version, now: input.start.at }, { readSide });
      await api.settle();
      expect(state().version).toBe(started.state.version);
      expect(api.query(openTasksQuery).map((t: TaskRecord) => t.stepId)).toEqual(['plan']);
      // Each patch asked is a marker, a search-attribute upsert and a visibility write on the server, in each of the
      // thousands of cells a guidance starts (asked up front, that was three of each per cell).
      expect(api.patchesChecked).toEqual([]);
    });

    it('should still post a cell\'s report through the read side, asking the patch when it sends it', async () => {
      const { api, readSide, state } = boot(cellStart(AI_MO, CELL, host({ clock: 'simulated' })));
      await api.settle();
      for (const action of actionsOf(AI_MO, CELL)) await submit(api, AI_MO, action, action.at);
      expect(state().status).toBe('completed');
      expect(api.patchesChecked).toContain(PATCHES.reportsViaInbox);
      expect(readSide.log.some((l) => l.startsWith('post '))).toBe(true);
    });
  });

  describe('search attributes and patched()', () => {
    async function complete(settings: HostSettings, patches?: Record<string, boolean>) {
      const { api, state } = boot(cellStart(AI_MO, CELL, settings), patches ? { patches } : {});
      await api.settle();
      for (const action of actionsOf(AI_MO, CELL)) await submit(api, AI_MO, action, action.at);
      expect(state().status).toBe('completed');
      return api;
    }

    it('should keep ChiboStatus current when the namespace has the attributes and the patch is in the history', async () => {
      const api = await complete(host({ clock: 'simulated', searchAttributes: true }));
      expect(api.patchesChecked).toContain(PATCHES.statusSearchAttribute);
      expect(api.upserts.flat().map((p) => [p.key.name, p.value])).toEqual([['ChiboStatus', 'completed']]);
    });

    it('should not upsert when replaying a history recorded before the patch (patched() false)', async () => {
      const api = await complete(host({ clock: 'simulated', searchAttributes: true }), { [PATCHES.statusSearchAttribute]: false });
      expect(api.patchesChecked).toContain(PATCHES.statusSearchAttribute);
      expect(api.upserts).toEqual([]);
    });

    it('should neither check the patch nor upsert when the namespace lacks the attributes', async () => {
      const api = await complete(host({ clock: 'simulated', searchAttributes: false }));
      expect(api.patchesChecked).not.toContain(PATCHES.statusSearchAttribute);
      expect(api.upserts).toEqual([]);
    });
  });
});
