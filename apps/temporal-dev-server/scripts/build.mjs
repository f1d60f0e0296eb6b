#!/usr/bin/env node
// Builds bin/temporal-dev-server (the real Temporal server on SQLite, see main.go) when Go is on PATH, and says in
// one line that it skipped it when Go is not. Go's module and build caches make a rebuild take seconds: `go build`
// recompiles nothing that did not change and leaves an up-to-date binary alone.
//
// go.mod requires go.temporal.io/server, whose go.mod asks for a newer Go than some machines have (1.26.10 where
// this project's machines have 1.26.8). Then the build runs with GOTOOLCHAIN=go1.27.3, which the go command fetches
// once from the Go module proxy like a module. A GOTOOLCHAIN set by the caller is left as it is.
//
// A build that fails fails `npm run build` in CI (CI=true); elsewhere (a laptop offline) it prints one line and the
// project builds without the dev server (chibo then uses the `temporal` CLI or a downloaded one).
//
// `node scripts/build.mjs test` runs the Go tests (main_test.go: the command line) the same way; Go caches a passing
// result, so a rerun with nothing changed takes a second.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = join(root, 'bin', process.platform === 'win32' ? 'temporal-dev-server.exe' : 'temporal-dev-server');
const FALLBACK_TOOLCHAIN = 'go1.27.3';
const prefix = '[chibo] temporal-dev-server:';
const testing = process.argv[2] === 'test';

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const file of process.platform === 'win32' ? [`${name}.exe`, name] : [name]) {
      try {
        accessSync(join(dir, file), constants.X_OK);
        return join(dir, file);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** [major, minor, patch] of "go1.26.8" / "1.26.10". */
function version(text) {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}
const atLeast = (a, b) => a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] >= b[2];

const go = onPath('go');
if (!go) {
  console.log(
    testing
      ? `${prefix} Go tests skipped: Go is not on PATH`
      : `${prefix} skipped: Go is not on PATH (install Go 1.26+ to build the real Temporal server; chibo then uses the \`temporal\` CLI or a downloaded dev server)`,
  );
  process.exit(0);
}

const server = /go\.temporal\.io\/server\s+(v\S+)/.exec(readFileSync(join(root, 'go.mod'), 'utf8'))?.[1] ?? '?';
const env = { ...process.env, CGO_ENABLED: '0' };
let toolchainNote = '';
if (!process.env.GOTOOLCHAIN) {
  const local = execFileSync(go, ['env', 'GOVERSION'], { env: { ...env, GOTOOLCHAIN: 'local' }, encoding: 'utf8' }).trim();
  const needed = /^go\s+(\S+)/m.exec(readFileSync(join(root, 'go.mod'), 'utf8'))?.[1] ?? '0';
  if (!atLeast(version(local), version(needed))) {
    env.GOTOOLCHAIN = FALLBACK_TOOLCHAIN;
    toolchainNote = `, with ${FALLBACK_TOOLCHAIN} (go.mod needs go ${needed}, ${local} is installed)`;
  }
}

if (testing) {
  const result = spawnSync(go, ['test', '-trimpath', '-tags', 'disable_grpc_modules', '.'], { cwd: root, env, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

mkdirSync(dirname(binary), { recursive: true });
const before = (() => {
  try {
    return statSync(binary).mtimeMs;
  } catch {
    return undefined;
  }
})();
const started = Date.now();
const result = spawnSync(go, ['build', '-trimpath', '-tags', 'disable_grpc_modules', '-ldflags=-s -w', '-o', binary, '.'], {
  cwd: root,
  env,
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
});
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.status !== 0) {
  const reason = (result.stderr || result.error?.message || `exit ${result.status}`).trim();
  if (process.env.CI === 'true') {
    process.stderr.write(`${reason}\n`);
    console.error(`${prefix} go build failed after ${seconds} s (go.temporal.io/server ${server}${toolchainNote})`);
    process.exit(1);
  }
  console.log(`${prefix} NOT built, go build failed after ${seconds} s: ${reason.split('\n').slice(-1)[0]} (chibo uses the \`temporal\` CLI or a downloaded dev server instead)`);
  process.exit(0);
}
const after = statSync(binary);
const state = before === after.mtimeMs ? 'up to date' : 'built';
console.log(`${prefix} ${state} bin/${binary.split(/[\\/]/).pop()} (go.temporal.io/server ${server}, ${(after.size / 1024 / 1024).toFixed(0)} MB) in ${seconds} s${toolchainNote}`);
