import { createRegistry } from '@chibo/catalog';
import { openTasks, type InstanceState } from '@chibo/procedure';
import { loadFixtures, runScenarioInMemory, type Scenario, type ScenarioAction } from '../src';

export const registry = createRegistry();

/** A deep copy of an example scenario, to vary one fact at a time. */
export function fixture(name: string): Scenario {
  const found = loadFixtures().find((f) => f.file === `${name}.json`);
  if (!found) throw new Error(`No fixture ${name}`);
  return structuredClone(found.scenario);
}

/** Runs a scenario up to (not including) the first action matching `label`, and returns the cell's state and host. */
export async function runUntil(scenario: Scenario, cell: string, label: string) {
  const run = await runScenarioInMemory(scenario, registry, { stopBefore: (a: ScenarioAction) => a.type === 'submit' && a.cell === cell && a.label === label });
  const instanceId = `cell:${cell}:${scenario.guidance.number}:${scenario.guidance.issuedOn}`;
  const state = () => run.host.state(instanceId);
  const task = (stepId: string): string => {
    const t = openTasks(state()).find((x) => x.stepId === stepId);
    if (!t) throw new Error(`No open task for ${stepId}; open: ${openTasks(state()).map((x) => x.stepId).join(', ')}`);
    return t.id;
  };
  return { run, instanceId, state, task };
}

export function taskOf(state: InstanceState, stepId: string) {
  return openTasks(state).find((t) => t.stepId === stepId);
}
