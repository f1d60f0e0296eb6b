import { createRegistry } from '@chibo/catalog';
import { composeDefinition, EMPTY_STATE, handle, type InstanceState } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { cellInstanceId, guidanceInstanceId, loadFixtures, OrgTree } from '@chibo/scenario';
import type { CreatedChild, HostSettings, ProcedureWorkflowInput } from '@chibo/workflows';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryBuilder } from './support/history-builder';

// These tests replay hand-built histories against the bundle `npm run build` wrote, in Temporal's real workflow
// sandbox (Worker.runReplayHistory needs no server). They pin down, command by command, what the procedure workflow
// asks Temporal to do at its first steps, and show the bundle runs deterministically where the test double cannot.
// The replayer compares each command's kind and order with the events, and an activity's type; it does not compare a
// child workflow's id in these hand-built histories (the glue tests in workflows/ check batch ids).
jest.setTimeout(120_000);

const registry = createRegistry();
const scenario = loadFixtures().find((f) => f.file === 'ai-mo-2022.json')!.scenario;
const CELL = 'CB-THCS-AI-MO';
const g = scenario.guidance;
const tree = new OrgTree(scenario.org);
const guidance = { number: g.number, issuedOn: g.issuedOn, title: g.title, issuer: tree.ref(g.issuer), sessionBy: g.sessionBy!, reportBy: g.reportBy!, basedOn: g.basedOn };
const child = composeDefinition(registry.procedure(g.procedure), { addSteps: g.addSteps, rubric: g.rubric!, owner: g.issuer }, registry);
const START = parseLocal(g.issuedOn);
/** The bundle the build wrote (the test task runs after the build). */
const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', 'dist', 'workflow-bundle.js');

function host(clock: HostSettings['clock']): HostSettings {
  return { taskQueue: 'replay', workflowIdPrefix: '', clock, searchAttributes: false };
}

function cellInput(clock: HostSettings['clock']): Extract<ProcedureWorkflowInput, { kind: 'start' }> {
  const instanceId = cellInstanceId(CELL, g.number, g.issuedOn);
  return {
    kind: 'start',
    host: host(clock),
    target: { instanceId, orgId: 'org-1', guidanceId: 'guidance-1' },
    start: { type: 'start', at: START, instanceId, definition: child, context: tree.context(CELL, { guidance }), parent: { instanceId: guidanceInstanceId(g.issuer, g.number, g.issuedOn), childKey: CELL } },
  };
}

function guidanceInput(): Extract<ProcedureWorkflowInput, { kind: 'start' }> {
  const instanceId = guidanceInstanceId(g.issuer, g.number, g.issuedOn);
  return {
    kind: 'start',
    host: host('simulated'),
    target: { instanceId, orgId: 'org-0', guidanceId: 'guidance-1' },
    start: {
      type: 'start',
      at: START,
      instanceId,
      definition: registry.procedure('guidance'),
      context: tree.context(g.issuer, { guidance, cells: [tree.ref(CELL)], childProcedure: { key: child.key, version: child.version, owner: child.owner } }),
    },
  };
}

/** The state the core reaches from an input's start (to know which timers the workflow arms). */
function startedState(input: Extract<ProcedureWorkflowInput, { kind: 'start' }>): InstanceState {
  const result = handle(EMPTY_STATE, input.start, registry);
  if (!result.ok) throw new Error(result.rejection.message);
  return result.state;
}

function replay(history: HistoryBuilder): Promise<void> {
  return Worker.runReplayHistory({ workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }, history.history(), 'replay-test');
}

beforeAll(() => {
  if (!existsSync(WORKFLOW_BUNDLE_PATH)) throw new Error(`No workflow bundle at ${WORKFLOW_BUNDLE_PATH}: run npm run build first`);
  // Replay workers log every state change at INFO; only problems matter here.
  Runtime.install({ logger: new DefaultLogger('WARN') });
});

describe('the procedure workflow bundle, replayed in Temporal’s sandbox (no server)', () => {
  it('should start a cell on a simulated clock by projecting its first events, and arm no timer', async () => {
    const h = new HistoryBuilder(START).started('procedureWorkflow', [cellInput('simulated')]).task();
    const projected = h.activityScheduled('project');
    h.activityCompleted(projected, undefined).task();
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('should fail the replay when the history expects a command the workflow does not issue (the check is real)', async () => {
    const h = new HistoryBuilder(START).started('procedureWorkflow', [cellInput('simulated')]).task();
    h.activityScheduled('project');
    h.timerStarted(1000);
    await expect(replay(h)).rejects.toThrow(/[Nn]ondeterminism/);
  });

  it('should start a cell on the system clock with one durable timer per deadline, and fire the first one as an input', async () => {
    const input = cellInput('system');
    const state = startedState(input);
    const timers = Object.values(state.timers);
    expect(timers.length).toBeGreaterThan(1);
    const h = new HistoryBuilder(START).started('procedureWorkflow', [input]).task();
    const projected = h.activityScheduled('project');
    const started = timers.map((t) => ({ timer: t, id: h.timerStarted(Date.parse(t.fireAt) - Date.parse(START)), event: h.lastId }));
    h.activityCompleted(projected, undefined).task();
    const first = [...started].sort((a, b) => a.timer.fireAt.localeCompare(b.timer.fireAt))[0]!;
    h.at(first.timer.fireAt).timerFired(first.id, first.event).task();
    // The fired timer is an input: its events are projected.
    h.activityScheduled('project');
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('should dispatch a guidance’s cells as one batch child workflow once its start is projected, and take a child report signal', async () => {
    const input = guidanceInput();
    const batchId = `${input.target.instanceId}#batch-1`;
    const h = new HistoryBuilder(START).started('procedureWorkflow', [input]).task();
    const first = h.activityScheduled('project');
    h.activityCompleted(first, undefined).task();
    const initiated = h.childInitiated('dispatchBatchWorkflow', batchId);
    const created: CreatedChild[] = [{ key: CELL, target: { instanceId: cellInstanceId(CELL, g.number, g.issuedOn), orgId: 'org-1', guidanceId: 'guidance-1' }, version: 9 }];
    h.childStartedAndCompleted(initiated, 'dispatchBatchWorkflow', batchId, { batch: 'batch-1', started: created.length }).task();
    const second = h.activityScheduled('project');
    h.signaled('child-report', [{ child: CELL, report: { cell: CELL, onTime: true }, at: '2022-04-05T00:00:00.000Z', from: { instanceId: created[0]!.target.instanceId, commandId: 'notify:report.report' } }]).task();
    // The report waits for the projection in flight: no command until it completes, then one projection.
    h.activityCompleted(second, undefined).task();
    h.activityScheduled('project');
    await expect(replay(h)).resolves.toBeUndefined();
  });

  it('should create a batch’s instances in one activity and start one procedure workflow per cell', async () => {
    const input = { host: host('simulated'), parentInstanceId: 'guidance:X', batch: 'batch-1', procedure: { key: 'thematic-session', version: 1, owner: 'X' }, children: [{ key: 'CB-1', org: 'CB-1' }, { key: 'CB-2', org: 'CB-2' }], guidanceId: 'g', at: START };
    const created: CreatedChild[] = input.children.map((c, i) => ({ key: c.key, target: { instanceId: `cell:${c.org}::`, orgId: `org-${i}`, guidanceId: 'g' }, version: 7 }));
    const h = new HistoryBuilder(START).started('dispatchBatchWorkflow', [input]).task();
    const create = h.activityScheduled('createChildren');
    h.activityCompleted(create, created).task();
    for (const c of created) h.childInitiated('procedureWorkflow', c.target.instanceId);
    await expect(replay(h)).resolves.toBeUndefined();
  });
});
