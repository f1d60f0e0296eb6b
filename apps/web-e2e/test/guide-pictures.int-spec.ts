import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUIDE_DIR, GUIDE_PICTURES } from './support/chromium';

/**
 * The Vietnamese user guide's pictures are screenshots the browser test takes (GUIDE_SCREENSHOTS=1, see
 * support/chromium.ts): every picture the guide shows must be one of them and be committed, and none may be left over.
 */
const GUIDE = join(GUIDE_DIR, '..');
const pages = readdirSync(GUIDE).filter((f) => f.endsWith('.md'));
const referenced = pages.flatMap((page) => [...readFileSync(join(GUIDE, page), 'utf8').matchAll(/!\[[^\]]+\]\((anh\/[^)]+\.png)\)/g)].map((m) => ({ page, file: m[1]! })));

describe('the user guide’s screenshots (docs/huong-dan)', () => {
  it('should show pictures in the guide for each kind of user', () => {
    expect(new Set(referenced.map((r) => r.page))).toEqual(new Set(['bi-thu.md', 'cap-uy.md', 'dang-vien.md', 'kiem-tra-vien.md']));
  });

  it('should have every picture the guide shows committed, each taken by the browser test', () => {
    expect(referenced.filter((r) => !existsSync(join(GUIDE, r.file)))).toEqual([]);
    const taken = new Set([...GUIDE_PICTURES].map(([name, picture]) => `anh/${name}-${picture.on}.png`));
    expect(referenced.filter((r) => !taken.has(r.file))).toEqual([]);
  });

  it('should keep no picture the guide does not show', () => {
    const shown = new Set(referenced.map((r) => r.file.replace(/^anh\//, '')));
    expect(readdirSync(GUIDE_DIR).filter((f) => !shown.has(f))).toEqual([]);
  });
});
