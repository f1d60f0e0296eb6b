import { createRegistry } from '@chibo/catalog';
import { loadFixtures, loadYearFixtures, runScenarioInMemory, runYearInMemory, type Scenario } from '@chibo/scenario';
import type { RenderInput } from '../../src';

/** A document a scenario's run issued, ready to render, with where its golden file lives. */
export interface ScenarioDocument {
  scenario: string;
  org: string;
  /** `NQ-01`: the file name the CLI writes (DIR/<org>/<type>-<seq>). */
  name: string;
  input: RenderInput;
}

/** The scenarios whose documents have reviewed golden HTML (test/golden/<scenario>/<org>/<type>-<seq>.html). */
export const GOLDEN_SCENARIOS = ['ai-mo-2022', 'le-hong-phong-2023'] as const;

/** Runs a fixture through the pure core (in memory) and returns the documents it issued, in issue order. */
export async function scenarioDocuments(name: string): Promise<{ scenario: Scenario; documents: ScenarioDocument[] }> {
  const fixture = loadFixtures().find((f) => f.scenario.name === name);
  if (!fixture) throw new Error(`No fixture named ${name}`);
  return documentsOf(fixture.scenario);
}

/** A deep copy of an example scenario, to vary one recorded fact. */
export function fixtureScenario(name: string): Scenario {
  const fixture = loadFixtures().find((f) => f.scenario.name === name);
  if (!fixture) throw new Error(`No fixture named ${name}`);
  return structuredClone(fixture.scenario);
}

/** Runs a scenario through the pure core (in memory) and returns the documents it issued, in issue order. */
export async function documentsOf(scenario: Scenario): Promise<{ scenario: Scenario; documents: ScenarioDocument[] }> {
  const name = scenario.name;
  const run = await runScenarioInMemory(scenario, createRegistry());
  if (run.errors.length) throw new Error(`${name}: ${run.errors.join('; ')}`);
  return {
    scenario,
    documents: run.host.documents.map((d) => ({
      scenario: name,
      org: d.org,
      name: `${d.type}-${d.number.replace(/^Số\s*/u, '').split('-')[0]}`,
      input: { template: d.template, type: d.type, number: d.number, title: d.title, issuedAt: d.issuedAt, data: d.data },
    })),
  };
}

/** Every fixture's name. */
export function fixtureNames(): string[] {
  return loadFixtures().map((f) => f.scenario.name);
}

/** The documents of every year scenario (fixtures/years: the annual plan's KH among them), in issue order. */
export async function yearScenarioDocuments(): Promise<ScenarioDocument[]> {
  const out: ScenarioDocument[] = [];
  for (const { scenario } of loadYearFixtures()) {
    const run = await runYearInMemory(scenario, createRegistry());
    if (run.errors.length) throw new Error(`${scenario.name}: ${run.errors.join('; ')}`);
    for (const d of run.host.documents) {
      out.push({
        scenario: scenario.name,
        org: d.org,
        name: `${d.type}-${d.number.replace(/^Số\s*/u, '').split('-')[0]}`,
        input: { template: d.template, type: d.type, number: d.number, title: d.title, issuedAt: d.issuedAt, data: d.data },
      });
    }
  }
  return out;
}
