#!/usr/bin/env node
// The `chibo` command as npm links it. It is committed (not generated) because npm links a workspace's bins while it
// installs, before any build: a bin pointing straight at dist/main.js does not exist yet on a fresh clone, npm makes
// no link, and `npx chibo` then fails with "could not determine executable to run". This file always exists, so the
// link is always made; it loads the build, or says how to make one.
'use strict';
const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');

const main = join(__dirname, '..', 'dist', 'main.js');
if (!existsSync(main)) {
  const root = join(__dirname, '..', '..', '..');
  console.error(
    `chibo is not built yet (${relative(root, main)} is missing).\n` +
      'Run `npm run build` at the repository root (`npm test` and `npm start` build it too), then try again.',
  );
  process.exit(1);
}
require(main);
