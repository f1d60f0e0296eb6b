import { cellInstanceId, type InstanceState } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { compareOutcome, type Mismatch } from './compare';
import { planScenario, type ScenarioAction, type ScenarioActor } from './fact-plan';
import { cellOutcome, guidanceOutcome, type ScenarioOutcome } from './outcome';
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
  const g = scenario.guidance;
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
    const instanceId = action.type === 'rollup' ? guidanceId : cellInstanceId(action.cell, g.number, g.issuedOn);
    const label = action.type === 'rollup' ? 'roll-up' : `${action.cell} ${action.label}`;
    const state = await port.state(instanceId);
    if (!state) {
      errors.push(`${label}: no procedure instance ${instanceId}`);
      continue;
    }
    const task = Object.values(state.tasks).find(
      (t) => t.status === 'open' && (action.type === 'rollup' ? t.stepId === 'rollup' : t.stepId === action.step && t.key === action.taskKey),
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
  for (const child of Object.values(guidanceState?.children ?? {})) {
    const state = await port.state(cellInstanceId(child.org, g.number, g.issuedOn));
    if (state) cells[child.key] = cellOutcome(state);
  }
  const outcome: ScenarioOutcome = {
    cells,
    guidance: guidanceState
      ? guidanceOutcome(guidanceState, until)
      : { status: 'in-progress', reported: 0, onTime: 0, late: 0, missing: 0, ratings: {}, documents: {} },
  };
  return { outcome, mismatches: scenario.expect ? compareOutcome(scenario.expect, outcome) : [], errors, guidanceInstanceId: guidanceId };
}
