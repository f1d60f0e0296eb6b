import { createRegistry } from '@chibo/catalog';
import { cascadeRoutes, loadFixtures, runScenarioInMemory } from '../src';

const registry = createRegistry();
const fixtures = loadFixtures();

describe('replaying the example scenarios through the pure core', () => {
  it('should ship every scenario of the seeds as a fixture', () => {
    expect(fixtures.map((f) => f.file)).toEqual(['ai-mo-2022.json', 'huong-trach-2022.json', 'le-hong-phong-2023.json', 'ngoc-son-2019-cascade.json', 'ngoc-son-2019.json']);
  });

  it.each(fixtures.map((f) => [f.file, f.scenario] as const))('should reach exactly the expected outcome when replaying %s', async (_file, scenario) => {
    const run = await runScenarioInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(run.mismatches).toEqual([]);
    // Every cell of the guidance was driven through every task of its procedure by the people assigned to it.
    const routes = cascadeRoutes(scenario);
    for (const [code, facts] of Object.entries(scenario.cells)) {
      // Under a cascade, a cell runs the guidance of its direct committee.
      const guidance = routes.cellGuidance(code);
      const state = run.host.state(`cell:${code}:${guidance.number}:${guidance.issuedOn}`);
      const submitted = Object.values(state.tasks).filter((t) => t.status === 'submitted');
      expect(submitted.length).toBeGreaterThanOrEqual(7);
      expect(Object.values(state.tasks).filter((t) => t.status === 'open')).toEqual([]);
      if (facts.report) expect(state.status).toBe('completed');
    }
  });
});
