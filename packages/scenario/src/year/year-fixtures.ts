import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from '../fixtures';
import { parseYearScenario, type YearScenario } from './year.schema';

/** Folder of the year scenarios (a cell's calendar, plan and sessions): `fixtures/years`. */
export const YEAR_FIXTURES_DIR = join(FIXTURES_DIR, 'years');

/** Every year scenario shipped, by file name. */
export function loadYearFixtures(): Array<{ file: string; scenario: YearScenario }> {
  return readdirSync(YEAR_FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, scenario: parseYearScenario(JSON.parse(readFileSync(join(YEAR_FIXTURES_DIR, file), 'utf8'))) }));
}
