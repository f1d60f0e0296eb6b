import { findChromium } from '@chibo/documents';
import { FIXTURES_DIR, loadFixtures } from '@chibo/scenario';
import { databaseKinds, describeWith } from '@chibo/testing';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findDevServer, findTemporalCli } from '@chibo/runtime-temporal';
import { runScenarioFile } from '../src';

const run = promisify(execFile);
// PDFs are written only where a Chromium is installed; CI installs one (.ci/run), so there it must be found.
const PDF_AVAILABLE = findChromium(process.env['CHROMIUM_PATH']) !== null;
if (!PDF_AVAILABLE) {
  if (process.env['CI'] === 'true') throw new Error('CI=true requires Chromium for the PDF files of `chibo scenario run --out` (apt-get install -y chromium)');
  console.warn('[@chibo/cli] PDF files of --out NOT RUN: no Chromium here (apt-get install -y chromium, or set CHROMIUM_PATH)');
}
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

// The same runs on the Temporal engine, through the same HTTP API, on a real Temporal server chosen as `chibo` chooses
// one (TEMPORAL_ADDRESS, chibo's dev server built by `npm run build` where Go is installed, or a `temporal` CLI): each
// scenario must give what the embedded engine gives, document for document, on each read side. In CI on a machine
// with Go the dev server is built, so not finding a server there is a failure.
const temporalReason =
  process.env['TEMPORAL_ADDRESS'] || findDevServer() || findTemporalCli() ? undefined : 'no TEMPORAL_ADDRESS, no chibo dev server built (npm run build builds it where Go is installed) and no `temporal` CLI on PATH';
const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
if (temporalReason && process.env['CI'] === 'true' && goInstalled) throw new Error(`CI=true with Go installed requires a Temporal server for chibo scenario run --engine temporal: ${temporalReason}`);
if (temporalReason) console.warn(`[@chibo/cli] chibo scenario run --engine temporal NOT RUN: ${temporalReason}`);
describe.each(databaseKinds())('chibo scenario run --engine temporal (%s)', (db) => {
  const suite = (name: string, body: () => void) => (temporalReason ? describe.skip(name, body) : describeWith(['redis'], name, body));
  suite(`every example scenario on a real Temporal server (${db})`, () => {
    it.each(fixtures.map((f) => f.file))('should give the embedded engine’s outcome and documents for %s', async (file) => {
      const onTemporal = await runScenarioFile(join(FIXTURES_DIR, file), { db, engine: 'temporal' });
      expect(onTemporal.errors).toEqual([]);
      expect(onTemporal.mismatches).toEqual([]);
      const embedded = await runScenarioFile(join(FIXTURES_DIR, file), { db });
      expect(onTemporal.outcome).toEqual(embedded.outcome);
      const view = (docs: typeof embedded.documents) => docs.map(({ org, type, number, title }) => ({ org, type, number, title })).sort((a, b) => `${a.org}${a.number}`.localeCompare(`${b.org}${b.number}`));
      expect(view(onTemporal.documents)).toEqual(view(embedded.documents));
    });
  });
});

describe('chibo scenario run --engine temporal without a Temporal server', () => {
  it('should exit 2 and say exactly what to install or set when there is no TEMPORAL_ADDRESS and no temporal CLI', async () => {
    const failed = await run(process.execPath, [CHIBO, 'scenario', 'run', join(FIXTURES_DIR, 'ai-mo-2022.json'), '--engine', 'temporal'], {
      // No server anywhere: no address, no CLI on PATH, and chibo's dev server pointed at a file that is not there.
      env: { ...process.env, TEMPORAL_ADDRESS: '', PATH: '/nonexistent', CHIBO_TEMPORAL_DEV_SERVER: '/nonexistent/temporal-dev-server' },
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('TEMPORAL_ADDRESS=host:port');
    expect(failed?.stderr).toContain('temporal server start-dev');
  });
});

describeWith(['redis'], 'the chibo command', () => {
  it('should exit 0, print the outcome as JSON and write the documents when the scenario matches', async () => {
    const out = mkdtempSync(join(tmpdir(), 'chibo-out-'));
    const { stdout } = await run(process.execPath, [CHIBO, 'scenario', 'run', join(FIXTURES_DIR, 'ai-mo-2022.json'), '--json', '--out', out]);
    const outcome = JSON.parse(stdout);
    expect(outcome.cells['CB-THCS-AI-MO']).toMatchObject({ status: 'completed', rating: 'Tốt', documents: { NQ: 'Số 01-NQ/CB' } });
    expect(outcome.guidance).toMatchObject({ status: 'completed', documents: { BC: 'Số 01-BC/ĐU' } });
    const formats = PDF_AVAILABLE ? ['docx', 'html', 'pdf'] : ['docx', 'html'];
    const files = (names: string[]) => names.flatMap((name) => formats.map((format) => `${name}.${format}`)).sort();
    expect(readdirSync(join(out, 'CB-THCS-AI-MO')).sort()).toEqual(files(['BB-01', 'BC-01', 'KH-01', 'NQ-01', 'TB-01']));
    expect(readdirSync(join(out, 'DU-NGOC-LAM')).sort()).toEqual(files(['BC-01']));
    const nq = readFileSync(join(out, 'CB-THCS-AI-MO', 'NQ-01.html'), 'utf8');
    for (const text of ['ĐẢNG CỘNG SẢN VIỆT NAM', 'CHI BỘ TRƯỜNG THCS ÁI MỘ', 'Số 01-NQ/CB', 'NGHỊ QUYẾT', 'Sinh hoạt chuyên đề “Tự soi, tự sửa”', 'Ngô Thị Nga']) expect(nq).toContain(text);
    expect(readFileSync(join(out, 'CB-THCS-AI-MO', 'NQ-01.docx')).subarray(0, 2).toString('latin1')).toBe('PK');
    if (PDF_AVAILABLE) expect(readFileSync(join(out, 'CB-THCS-AI-MO', 'NQ-01.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
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
