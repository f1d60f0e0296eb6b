#!/usr/bin/env node
// Generates a migration for each database from the difference between the entities and the current migrations.
//
//   npm run migration:generate -w @chibo/db -- <Name> [--only sqlite|postgres]
//
// How: build the package, then for each database bring a scratch database up to date with the existing migrations
// (`typeorm migration:run`) and let `typeorm migration:generate` diff the entities against it. SQLite uses a temporary
// file; Postgres uses a scratch database (CHIBO_GEN_DB, default chibo_gen) created on the server of DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres) and dropped afterwards. Both files get the same timestamp.
// The SQL is kept as generated; only the import line is rewritten to type-only imports for the linter.
// Afterwards add the new classes to src/migrations/{sqlite,postgres}/index.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const pg = require('pg');

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--') && !['sqlite', 'postgres'].includes(a));
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
  console.error('usage: npm run migration:generate -w @chibo/db -- <PascalCaseName> [--only sqlite|postgres]');
  process.exit(2);
}

const timestamp = Date.now();
const tsc = require.resolve('typescript/bin/tsc');
const typeormCli = require.resolve('typeorm/cli.js');
const dataSourceFile = join(pkg, 'dist', 'cli-data-source.js');

console.log('[db] building');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: pkg, stdio: 'inherit' });

const generated = [];
if (!only || only === 'sqlite') generated.push(generateSqlite());
if (!only || only === 'postgres') generated.push(await generatePostgres());
for (const file of generated.filter(Boolean)) tidy(file);
if (generated.some(Boolean)) {
  console.log('[db] now add the new migration classes to src/migrations/{sqlite,postgres}/index.ts');
}

function generateSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-gen-'));
  try {
    const env = { ...process.env, CHIBO_SQLITE_PATH: join(dir, 'gen.sqlite') };
    delete env.DATABASE_URL;
    return runCli(env, 'sqlite', `Sqlite${name}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function generatePostgres() {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = process.env.CHIBO_GEN_DB ?? 'chibo_gen';
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${scratch}`;
  await admin(serverUrl, [`DROP DATABASE IF EXISTS "${scratch}"`, `CREATE DATABASE "${scratch}"`]);
  try {
    return runCli({ ...process.env, DATABASE_URL: scratchUrl.toString() }, 'postgres', `Postgres${name}`);
  } finally {
    await admin(serverUrl, [`DROP DATABASE IF EXISTS "${scratch}"`]);
  }
}

function runCli(env, folder, className) {
  const cli = (...cliArgs) =>
    spawnSync(process.execPath, [typeormCli, ...cliArgs], { cwd: pkg, env, encoding: 'utf8' });
  const run = cli('migration:run', '-d', dataSourceFile);
  if (run.status !== 0) fail(`migration:run on ${folder}`, run);
  const target = join('src', 'migrations', folder, className);
  const gen = cli('migration:generate', target, '-d', dataSourceFile, '-p', '-t', String(timestamp));
  if (gen.status !== 0) {
    if (/No changes in database schema/.test(gen.stdout)) {
      console.log(`[db] ${folder}: no schema changes, nothing generated`);
      return undefined;
    }
    fail(`migration:generate on ${folder}`, gen);
  }
  const file = join(pkg, 'src', 'migrations', folder, `${timestamp}-${className}.ts`);
  console.log(`[db] ${folder}: generated ${file}`);
  return file;
}

function tidy(file) {
  const source = readFileSync(file, 'utf8').replace(
    'import { MigrationInterface, QueryRunner } from "typeorm";',
    "import { type MigrationInterface, type QueryRunner } from 'typeorm';",
  );
  writeFileSync(file, source);
}

async function admin(url, statements) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

function fail(what, result) {
  console.error(`[db] ${what} failed:\n${result.stdout}\n${result.stderr}`);
  process.exit(1);
}

