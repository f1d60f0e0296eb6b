#!/usr/bin/env node
// Copies the Handlebars partials and templates next to the compiled code (dist/), where the renderer reads them.
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dir of ['partials', 'templates', 'samples']) {
  rmSync(join(root, 'dist', dir), { recursive: true, force: true });
  cpSync(join(root, 'src', dir), join(root, 'dist', dir), { recursive: true });
}
