import { loadYearFixtures, YEAR_FIXTURES_DIR } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runYearFile } from '../src';

const run = promisify(execFile);
const CHIBO = join(__dirname, '..', 'dist', 'main.js');
const years = loadYearFixtures();

// A cell's year through the public HTTP API as its people would do it: the secretary opens the year, schedules it,
// drafts and approves the annual plan; each session starts by the calendar's timer and is driven from the inboxes.
describe.each(databaseKinds())('chibo scenario run of a cell’s year on %s', (db) => {
  describeWith(['redis'], `every year scenario through the HTTP API (${db})`, () => {
    it.each(years.map((f) => f.file))('should match the expected outcome of %s', async (file) => {
      const result = await runYearFile(join(YEAR_FIXTURES_DIR, file), { db });
      expect(result.errors).toEqual([]);
      expect(result.mismatches).toEqual([]);
      expect(Object.keys(result.outcome.sessions).length).toBeGreaterThan(5);
    }, 600_000);
  });
});

describeWith(['redis'], 'the chibo command on a year scenario', () => {
  it('should exit 0 and print the year’s outcome as JSON with --json', async () => {
    const { stdout } = await run(process.execPath, [CHIBO, 'scenario', 'run', join(YEAR_FIXTURES_DIR, 'cong-hoa-2018-absences.json'), '--json'], { maxBuffer: 10 * 1024 * 1024 });
    const outcome = JSON.parse(stdout) as { year: { rating: string; absentConsecutive: string[]; findings: string[] } };
    expect(outcome.year).toMatchObject({ rating: 'Khá', absentConsecutive: ['minh'] });
    expect(outcome.year.findings.sort()).toEqual(['absence-consecutive', 'plan-missing']);
  }, 600_000);
});
