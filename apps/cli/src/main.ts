#!/usr/bin/env node
import 'reflect-metadata';
import { Command, Option } from 'commander';
import { runDemo } from './demo';
import { serve } from './serve';
import { importMembers } from './import-members';
import { formatResult } from './scenario/report';
import { runScenarioFile } from './scenario/run-scenario';

const program = new Command();
program.name('chibo').description('chibo — quy trình sinh hoạt chi bộ (Party-cell procedures)');

const scenario = program.command('scenario').description('Replay machine-readable scenarios');
scenario
  .command('run')
  .description('Run a chibo-scenario/1 file end to end through the HTTP API and compare the outcome with its "expect"')
  .argument('<file>', 'scenario JSON file')
  .addOption(new Option('--db <kind>', 'database of the run').choices(['sqlite', 'postgres']).default('sqlite'))
  .addOption(new Option('--engine <engine>', 'runtime hosting the procedure').choices(['embedded', 'temporal']).default('embedded'))
  .option('--json', 'print the outcome as JSON (the shape of "expect")')
  .option('--out <dir>', 'write every generated document under this folder')
  .action(async (file: string, opts: { db: 'sqlite' | 'postgres'; engine: string; json?: boolean; out?: string }) => {
    if (opts.engine !== 'embedded') {
      console.error('The Temporal engine is not available in this build yet; use --engine embedded (the default).');
      process.exitCode = 2;
      return;
    }
    const result = await runScenarioFile(file, { db: opts.db, ...(opts.out ? { out: opts.out } : {}) });
    if (opts.json) console.log(JSON.stringify(result.outcome, null, 2));
    else console.log(formatResult(result, opts.db));
    if (opts.json && (result.mismatches.length || result.errors.length)) console.error(formatResult(result, opts.db));
    process.exitCode = result.mismatches.length === 0 && result.errors.length === 0 ? 0 : 1;
  });

program
  .command('serve')
  .description('Migrate, load the demo organisation once, and serve the API (what `npm start` runs)')
  .action(async () => {
    await serve();
  });

program
  .command('demo')
  .description('Load the demo organisation (built from the example scenarios) into the configured database, once')
  .action(async () => {
    await runDemo();
  });

const importCmd = program.command('import').description('Import data');
importCmd
  .command('members')
  .description('Import members of a cell from CSV (code,name,status,roles); all rows or none')
  .argument('<csv>', 'CSV file')
  .requiredOption('--cell <code>', 'code of the cell')
  .action(async (csv: string, opts: { cell: string }) => {
    process.exitCode = await importMembers(csv, opts.cell);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
