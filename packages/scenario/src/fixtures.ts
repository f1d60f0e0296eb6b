import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, type Scenario } from './scenario.schema';

/** Folder of the example scenarios shipped with chibo (copied from the real sessions in the seeds). */
export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

/** Every example scenario, by file name. */
export function loadFixtures(): Array<{ file: string; scenario: Scenario }> {
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, scenario: parseScenario(JSON.parse(readFileSync(join(FIXTURES_DIR, file), 'utf8'))) }));
}
