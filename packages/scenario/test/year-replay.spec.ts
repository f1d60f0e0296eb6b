import { createRegistry } from '@chibo/catalog';
import { loadYearFixtures, runYearInMemory } from '../src';

const registry = createRegistry();
const fixtures = loadYearFixtures();

describe('replaying a cell’s year through the pure core', () => {
  it.each(fixtures.map((f) => [f.file, f.scenario] as const))('should reach exactly the expected outcome when replaying %s', async (_file, scenario) => {
    const run = await runYearInMemory(scenario, registry);
    expect(run.errors).toEqual([]);
    expect(run.mismatches).toEqual([]);
  });
});
