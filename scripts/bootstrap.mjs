#!/usr/bin/env node
// Makes a fresh clone usable: installs dependencies when node_modules is missing or older than the lockfile.
// Kept dependency-free because it runs before anything is installed.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');

const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  // `npm install` rather than `npm ci`: with npm 11 the lockfile leaves out the optional packages of other platforms
  // (swc, turbo binaries), which `npm ci` then refuses as "out of sync". The lockfile still pins every version.
  const cmd = 'npm install --no-audit --no-fund';
  console.log(`[chibo] installing dependencies: ${cmd}`);
  execSync(cmd, { cwd: root, stdio: 'inherit' });
} else if (!existsSync(join(root, 'node_modules', '.bin', 'chibo'))) {
  // A checkout installed while apps/cli's bin still pointed at dist/ has no `chibo` link (npm links bins only while
  // installing, and skipped a target that did not exist yet). Linking it takes a second; a full install is not needed.
  const cmd = 'npm rebuild @chibo/cli --ignore-scripts';
  console.log(`[chibo] linking the chibo command: ${cmd}`);
  execSync(cmd, { cwd: root, stdio: 'inherit' });
}
