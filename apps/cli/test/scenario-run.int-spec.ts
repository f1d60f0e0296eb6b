import { FIXTURES_DIR, loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runScenarioFile } from '../src';

const run = promisify(execFile);
const CHIBO = join(__dirname, '..', 'dist', 'main.js');
const fixtures = loadFixtures();

describe.each(databaseKinds())('chibo scenario run on %s', (db) => {
  describeWith(['redis'], `every example scenario through the HTTP API (${db})`, () => {
    it.each(fixtures.map((f) => f.file))('should match the expected outcome of %s', async (file) => {
      const result = await runScenarioFile(join(FIXTURES_DIR, file), { db });
      expect(result.errors).toEqual([]);
      expect(result.mismatches).toEqual([]);
      expect(Object.keys(result.outcome.cells).length).toBeGreaterThan(0);
    });
  });
});

describeWith(['redis'], 'the chibo command', () => {
  it('should exit 0, print the outcome as JSON and write the documents when the scenario matches', async () => {
    const out = mkdtempSync(join(tmpdir(), 'chibo-out-'));
    const { stdout } = await run(process.execPath, [CHIBO, 'scenario', 'run', join(FIXTURES_DIR, 'ai-mo-2022.json'), '--json', '--out', out]);
    const outcome = JSON.parse(stdout);
    expect(outcome.cells['CB-THCS-AI-MO']).toMatchObject({ status: 'completed', rating: 'Tốt', documents: { NQ: 'Số 01-NQ/CB' } });
    expect(outcome.guidance).toMatchObject({ status: 'completed', documents: { BC: 'Số 01-BC/ĐU' } });
    expect(readdirSync(join(out, 'CB-THCS-AI-MO')).sort()).toEqual(['BB-01.json', 'BC-01.json', 'KH-01.json', 'NQ-01.json', 'TB-01.json']);
    const nq = JSON.parse(readFileSync(join(out, 'CB-THCS-AI-MO', 'NQ-01.json'), 'utf8'));
    expect(nq).toMatchObject({ number: 'Số 01-NQ/CB', title: 'Nghị quyết sinh hoạt chuyên đề "Tự soi, tự sửa"' });
  });

  it('should exit 1 and name the mismatch when the outcome differs from expect', async () => {
    const scenario = JSON.parse(readFileSync(join(FIXTURES_DIR, 'ai-mo-2022.json'), 'utf8'));
    scenario.expect.cells['CB-THCS-AI-MO'].rating = 'Khá';
    const file = join(mkdtempSync(join(tmpdir(), 'chibo-bad-')), 'bad.json');
    writeFileSync(file, JSON.stringify(scenario));
    const failure = await run(process.execPath, [CHIBO, 'scenario', 'run', file]).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain('cells.CB-THCS-AI-MO.rating');
  });

  it('should refuse an invalid scenario file with the path of each problem', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chibo-invalid-')), 'invalid.json');
    writeFileSync(file, JSON.stringify({ format: 'chibo-scenario/1', name: 'x', until: '2022-01-01', org: { code: 'A' } }));
    const failure = await run(process.execPath, [CHIBO, 'scenario', 'run', file]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/guidance/);
  });
});
