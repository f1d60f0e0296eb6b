import { cellInstanceId, childInstanceId, implementationInstanceId, type InstanceState } from '@chibo/procedure';
import { effectiveGuidance } from '@chibo/plugin-guidance';
import { parseLocal } from '@chibo/rules';
import { compareOutcome, type Mismatch } from './compare';
import { planScenario, type ScenarioAction, type ScenarioActor } from './fact-plan';
import { cellOutcome, guidanceOutcome, type ImplementationOutcome, type ScenarioOutcome } from './outcome';
import { OrgTree } from './org-tree';
import { cascadeRoutes } from './cascade-routes';
import type { Scenario } from './scenario.schema';

/** What a host offers the scenario driver: the same few operations whether in memory, embedded, or over HTTP. */
export interface ScenarioPort {
  /** Issues the scenario's guidance at the current (simulated) time; returns the guidance instance id. */
  issueGuidance(scenario: Scenario): Promise<string>;
  /** Moves the simulated clock to `at`, firing the timers due on the way. */
  advanceTo(at: string): Promise<void>;
  state(instanceId: string): Promise<InstanceState | undefined>;
  /** Submits a task as the given person. */
  submit(instanceId: string, taskId: string, actor: ScenarioActor, input: Record<string, unknown>): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** The outcome of a driven scenario and how it differs from `expect`; `errors` lists facts that could not be applied. */
export interface DrivenScenario {
  outcome: ScenarioOutcome;
  mismatches: Mismatch[];
  errors: string[];
  guidanceInstanceId: string;
}

/**
 * Drives a scenario through a host: each fact is submitted to the open task it belongs to, by the person that task is
 * assigned to, at the fact's time; the clock passes every timer on the way and finally reaches `until`.
 */
export async function driveScenario(scenario: Scenario, port: ScenarioPort, options: { stopBefore?: (action: ScenarioAction) => boolean } = {}): Promise<DrivenScenario> {
  const errors: string[] = [];
  const routes = cascadeRoutes(scenario);
  let guidanceId = '';
  let stopped = false;
  for (const action of planScenario(scenario)) {
    if (options.stopBefore?.(action)) {
      stopped = true;
      break;
    }
    await port.advanceTo(action.at);
    if (action.type === 'issue-guidance') {
      guidanceId = await port.issueGuidance(scenario);
      continue;
    }
    const committee = action.type === 'implement' || action.type === 'rollup' ? action.committee : undefined;
    let instanceId: string;
    if (committee) {
      const received = routes.receivedBy(committee);
      instanceId = implementationInstanceId(committee, received?.number, received?.issuedOn);
    } else if (action.type === 'submit') {
      const guidance = routes.cellGuidance(action.cell);
      instanceId = cellInstanceId(action.cell, guidance.number, guidance.issuedOn);
    } else instanceId = guidanceId;
    const label =
      action.type === 'implement' ? `${action.committee} implementation` : action.type === 'rollup' ? (committee ? `${committee} roll-up` : 'roll-up') : `${action.cell} ${action.label}`;
    const state = await port.state(instanceId);
    if (!state) {
      errors.push(`${label}: no procedure instance ${instanceId}`);
      continue;
    }
    const task = Object.values(state.tasks).find(
      (t) =>
        t.status === 'open' &&
        (action.type === 'rollup' ? t.stepId === 'rollup' : action.type === 'implement' ? t.stepId === 'implement' : t.stepId === action.step && t.key === action.taskKey),
    );
    if (!task) {
      errors.push(`${label}: the task is not open (current step: ${state.cursor >= 0 ? state.definition.steps[state.cursor]?.id : state.status})`);
      continue;
    }
    const result = await port.submit(instanceId, task.id, action.actor, action.type === 'rollup' ? {} : action.input);
    if (!result.ok) errors.push(`${label}: ${result.message}`);
  }
  const until = parseLocal(scenario.until);
  if (!stopped) await port.advanceTo(until);
  const guidanceState = guidanceId ? await port.state(guidanceId) : undefined;
  const cells: ScenarioOutcome['cells'] = {};
  const implementations: Record<string, ImplementationOutcome> = {};
  const tree = new OrgTree(scenario.org);
  // Down every level: a cell's outcome from its instance, a committee's from its implementation, then its own children.
  const collect = async (parent: InstanceState) => {
    const sent = effectiveGuidance(parent);
    for (const child of Object.values(parent.children)) {
      const kind = tree.has(child.org) ? tree.get(child.org).kind : 'cell';
      const state = await port.state(childInstanceId({ org: child.org, kind }, sent));
      if (!state) continue;
      if (kind === 'cell') {
        cells[child.key] = cellOutcome(state);
        continue;
      }
      const report = child.report ? (child.report['onTime'] ? 'on-time' : 'late') : 'missing';
      implementations[child.key] = { ...guidanceOutcome(state, until), report };
      await collect(state);
    }
  };
  if (guidanceState) await collect(guidanceState);
  const outcome: ScenarioOutcome = {
    cells,
    guidance: guidanceState
      ? guidanceOutcome(guidanceState, until)
      : { status: 'in-progress', reported: 0, onTime: 0, late: 0, missing: 0, ratings: {}, documents: {} },
    ...(scenario.guidance.cascade ? { implementations } : {}),
  };
  return { outcome, mismatches: scenario.expect ? compareOutcome(scenario.expect, outcome) : [], errors, guidanceInstanceId: guidanceId };
}
