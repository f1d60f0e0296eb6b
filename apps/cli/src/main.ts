#!/usr/bin/env node
import 'reflect-metadata';
import { Command, Option } from 'commander';

// Each command loads its own modules when it runs: the API (NestJS) and the Temporal client take seconds to load, and
// `chibo audit verify` or `chibo --help` need neither.

const program = new Command();
program.name('chibo').description('chibo — quy trình sinh hoạt chi bộ (Party-cell procedures)');

const scenario = program.command('scenario').description('Replay machine-readable scenarios');
scenario
  .command('run')
  .description('Run a chibo-scenario/1 file end to end through the HTTP API and compare the outcome with its "expect"')
  .argument('<file>', 'scenario JSON file')
  .addOption(new Option('--db <kind>', 'database of the run').choices(['sqlite', 'postgres']).default('sqlite'))
  .addOption(
    new Option('--engine <engine>', 'runtime hosting the procedure (temporal: the server at TEMPORAL_ADDRESS, else `temporal server start-dev`)')
      .choices(['embedded', 'temporal'])
      .default('embedded'),
  )
  .option('--json', 'print the outcome as JSON (the shape of "expect")')
  .option('--out <dir>', 'write every generated document under this folder, and the run’s audit bundle under DIR/audit')
  .action(async (file: string, opts: { db: 'sqlite' | 'postgres'; engine: 'embedded' | 'temporal'; json?: boolean; out?: string }) => {
    const [{ runScenarioFile }, { formatResult }, { TemporalUnavailableError }] = await Promise.all([
      import('./scenario/run-scenario.js'),
      import('./scenario/report.js'),
      import('@chibo/runtime-temporal'),
    ]);
    const { isYearScenarioFile, runYearFile } = await import('./scenario/run-scenario.js');
    const { formatYearResult } = await import('./scenario/report.js');
    let result: Awaited<ReturnType<typeof runScenarioFile>> | Awaited<ReturnType<typeof runYearFile>>;
    try {
      const runOptions = { db: opts.db, engine: opts.engine, ...(opts.out ? { out: opts.out } : {}) };
      result = isYearScenarioFile(file) ? await runYearFile(file, runOptions) : await runScenarioFile(file, runOptions);
    } catch (error) {
      // No Temporal server and no CLI to start one: say exactly what to install (exit 2, as for bad usage).
      if (!(error instanceof TemporalUnavailableError)) throw error;
      console.error(error.message);
      process.exitCode = 2;
      return;
    }
    const format = (r: typeof result) => ('yearInstanceId' in r ? formatYearResult(r, opts.db) : formatResult(r, opts.db));
    if (opts.json) console.log(JSON.stringify(result.outcome, null, 2));
    else console.log(format(result));
    if (opts.json && (result.mismatches.length || result.errors.length)) console.error(format(result));
    process.exitCode = result.mismatches.length === 0 && result.errors.length === 0 ? 0 : 1;
  });

program
  .command('serve')
  .description('Migrate and serve the API and the web pages; demo data only when asked (a demo listens on 127.0.0.1 only)')
  .option('--demo', 'load the demo organisation (sample data, accounts with a public password)')
  .option('--demo-if-empty', 'load it when the database has no unit at all (what `npm start` does)')
  .action(async (opts: { demo?: boolean; demoIfEmpty?: boolean }) => {
    const { serve } = await import('./serve.js');
    await serve(opts);
  });

program
  .command('admin')
  .description('Installation administrators')
  .command('create')
  .description('Create an administrator of a root committee (created when missing); prints a one-time password to change at first login')
  .requiredOption('--root <code>', 'code of the root committee, e.g. DU-NGOC-LAM')
  .option('--name <name>', 'name of the root committee, when it is created')
  .requiredOption('--login <login>', 'login of the administrator')
  .action(async (opts: { root: string; name?: string; login: string }) => {
    const { createAdmin } = await import('./create-admin.js');
    await createAdmin(opts);
  });

program
  .command('demo')
  .description('Load the demo organisation (built from the example scenarios) into the configured database, once')
  .action(async () => {
    const { runDemo } = await import('./demo.js');
    await runDemo();
  });

const importCmd = program.command('import').description('Import data');
importCmd
  .command('members')
  .description('Import members of a cell from CSV (code,name,status,roles); all rows or none')
  .argument('<csv>', 'CSV file')
  .requiredOption('--cell <code>', 'code of the cell')
  .action(async (csv: string, opts: { cell: string }) => {
    const { importMembers } = await import('./import-members.js');
    process.exitCode = await importMembers(csv, opts.cell);
  });

const audit = program.command('audit').description('Tamper-evident audit log: verify it, export it');
audit
  .command('verify')
  .description('Recompute every chain, check every signed checkpoint (the journal outside the database included) and document; name every bad range of each chain (exit 1)')
  .option('--bundle <dir>', 'verify an export bundle, without any database')
  .option('--journal <file>', 'the checkpoint journal kept outside the database (default: AUDIT_JOURNAL)')
  .option('--no-journal', 'do not check against the journal (a database-only verify)')
  .option('--from <checkpoints>', 'checkpoints kept outside the database (a bundle folder, a JSON or JSON-lines file): the log must still extend them')
  .option('--public-key <pem...>', 'trust only these public keys (default: the bundle’s own, or the installation’s AUDIT_KEY_PATH)')
  .option('--json', 'print the report as JSON')
  .action(async (opts: { bundle?: string; from?: string; journal?: string | boolean; publicKey?: string[]; json?: boolean }) => {
    const { auditVerify } = await import('./audit/audit-commands.js');
    const { journal, ...rest } = opts;
    process.exitCode = await auditVerify({ ...rest, ...(typeof journal === 'string' || journal === false ? { journal } : {}) });
  });
audit
  .command('export')
  .description('Verify the log (refuse when anything is wrong), sign a checkpoint of every chain that moved, then write the bundle (JSON lines, checkpoints, documents, public key)')
  .requiredOption('--out <dir>', 'folder to write the bundle into')
  .action(async (opts: { out: string }) => {
    const { auditExport } = await import('./audit/audit-commands.js');
    process.exitCode = await auditExport(opts);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
