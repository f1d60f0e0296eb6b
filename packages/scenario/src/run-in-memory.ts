import { openTasks, type StepRegistry } from '@chibo/procedure';
import { parseLocal } from '@chibo/rules';
import { compareOutcome, type Mismatch } from './compare';
import { planScenario, type ScenarioAction } from './fact-plan';
import { cellInstanceId, InMemoryHost } from './in-memory-host';
import { OrgTree } from './org-tree';
import { cellOutcome, guidanceOutcome, type ScenarioOutcome } from './outcome';
import type { Scenario } from './scenario.schema';

/** What a run produced: the outcome, how it differs from `expect`, and any fact that could not be applied. */
export interface ScenarioRun {
  outcome: ScenarioOutcome;
  mismatches: Mismatch[];
  errors: string[];
  host: InMemoryHost;
  guidanceInstanceId: string;
}

/**
 * Replays a scenario through the pure core alone: every fact is submitted to the task it belongs to, by the member the
 * task is assigned to, validated as a user's submission would be; the simulated clock fires timers as it passes them.
 */
export function runScenarioInMemory(
  scenario: Scenario,
  registry: StepRegistry,
  options: { stopBefore?: (action: ScenarioAction) => boolean } = {},
): ScenarioRun {
  const tree = new OrgTree(scenario.org);
  const host = new InMemoryHost(registry, tree);
  const errors: string[] = [];
  let guidanceId = '';
  const g = scenario.guidance;
  let stopped = false;
  for (const action of planScenario(scenario)) {
    if (options.stopBefore?.(action)) {
      stopped = true;
      break;
    }
    host.advanceTo(action.at);
    if (action.type === 'issue-guidance') {
      guidanceId = host.issueGuidance(scenario);
      continue;
    }
    const instanceId = action.type === 'rollup' ? guidanceId : cellInstanceId(action.cell, g.number, g.issuedOn);
    if (!host.instances.has(instanceId)) {
      errors.push(`${action.type === 'rollup' ? 'roll-up' : action.cell}: no procedure instance`);
      continue;
    }
    const state = host.state(instanceId);
    const task = openTasks(state).find((t) => (action.type === 'rollup' ? t.stepId === 'rollup' : t.stepId === action.step && t.key === action.taskKey));
    const label = action.type === 'rollup' ? 'roll-up' : `${action.cell} ${action.label}`;
    if (!task) {
      errors.push(`${label}: the task is not open (current step: ${state.cursor >= 0 ? state.definition.steps[state.cursor]?.id : state.status})`);
      continue;
    }
    const result = host.send(instanceId, { type: 'submit', at: action.at, taskId: task.id, by: host.actor(action.actor), input: action.type === 'rollup' ? {} : action.input });
    if (!result.ok) errors.push(`${label}: ${result.rejection.issues.map((i) => `${i.path} ${i.rule}: ${i.message}`).join('; ')}`);
  }
  if (!stopped) host.advanceTo(parseLocal(scenario.until));
  const guidanceState = host.state(guidanceId);
  const cells: ScenarioOutcome['cells'] = {};
  for (const child of Object.values(guidanceState.children)) {
    const id = cellInstanceId(child.org, g.number, g.issuedOn);
    if (host.instances.has(id)) cells[child.key] = cellOutcome(host.state(id));
  }
  const outcome: ScenarioOutcome = { cells, guidance: guidanceOutcome(guidanceState) };
  return { outcome, mismatches: scenario.expect ? compareOutcome(scenario.expect, outcome) : [], errors, host, guidanceInstanceId: guidanceId };
}
