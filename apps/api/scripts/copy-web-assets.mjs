#!/usr/bin/env node
// The web pages' templates and static files are not TypeScript: copy them next to the compiled code
// (src/web/views → dist/web/views, src/web/assets → dist/web/assets), replacing what an earlier build left.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const folder of ['views', 'assets']) {
  const to = join(root, 'dist', 'web', folder);
  rmSync(to, { recursive: true, force: true });
  cpSync(join(root, 'src', 'web', folder), to, { recursive: true });
}
