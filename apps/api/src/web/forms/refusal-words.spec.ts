import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NotFoundError, procedureNotFound } from '../../common/errors';
import { orgNotFound } from '../../orgs/org-units';
import { translateOptional } from '../i18n/i18n';
import { errorInWords } from './issue-words';

/**
 * Every 404 and 409 worded at its source (ADR 0034, fourth pass) has its words in both languages, naming only the data
 * the source gives: the sources are read as text (the API's `.worded(rule, params)` and the host's
 * `{ rule, params }`), so a refusal added with a rule nobody worded, or with data its words do not name, fails here.
 */
describe('the words of every refusal worded at its source', () => {
  const vietnamese = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;
  const ROOTS = [join(__dirname, '../..'), ...['host', 'runtime-embedded', 'runtime-temporal'].map((p) => join(__dirname, `../../../../../packages/${p}/src`))];

  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
    });
  }

  /** The text of the `{ … }` that starts at `from`, braces of template literals included. */
  function braces(text: string, from: number): string {
    let depth = 0;
    for (let i = from; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) return text.slice(from + 1, i);
    }
    throw new Error(`unbalanced braces at ${from}`);
  }

  /** The top-level keys of an object literal's text (`member: a.b, cell` → member, cell). */
  function keys(body: string): string[] {
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c === '{' || c === '(' || c === '[') depth++;
      else if (c === '}' || c === ')' || c === ']') depth--;
      else if (c === ',' && depth === 0) {
        parts.push(body.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(body.slice(start));
    return parts.map((p) => /^\s*(\w+)/.exec(p)?.[1]).filter((k): k is string => k !== undefined);
  }

  /** Each rule worded in the sources, with the names of the data it is given there, and where. */
  const worded = ROOTS.flatMap((root) =>
    sources(root).flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      const found: Array<{ rule: string; params: string[]; where: string }> = [];
      for (const m of text.matchAll(/\.worded\(\s*'([a-z.-]+)'\s*(,\s*)?/g)) {
        const at = m.index + m[0].length;
        found.push({ rule: m[1]!, params: m[2] && text[at] === '{' ? keys(braces(text, at)) : [], where: relative(root, path) });
      }
      for (const m of text.matchAll(/\{\s*rule:\s*'([a-z.-]+)',\s*params:\s*/g)) {
        const at = m.index + m[0].length;
        found.push({ rule: m[1]!, params: text[at] === '{' ? keys(braces(text, at)) : [], where: relative(root, path) });
      }
      return found;
    }),
  );

  it('should find the refusals the sources word (the scan itself works)', () => {
    expect(worded.length).toBeGreaterThan(40);
    expect(worded).toContainEqual({ rule: 'member-not-found', params: ['member', 'cell'], where: 'members/members.service.ts' });
    expect(worded).toContainEqual({ rule: 'owner-procedure-not-found', params: ['procedure', 'owner'], where: 'definitions/definitions.ts' });
    expect(worded).toContainEqual({ rule: 'instance-not-found', params: ['instance'], where: 'embedded-runtime.ts' });
    expect(worded).toContainEqual({ rule: 'instance-exists', params: ['instance'], where: 'temporal-engine.ts' });
  });

  it('should have words for each in both languages, naming only data the source gives, English without Vietnamese', () => {
    const problems: string[] = [];
    for (const { rule, params, where } of worded) {
      for (const lang of ['vi', 'en'] as const) {
        const text = translateOptional(lang, `rule.${rule}`);
        if (text === undefined) {
          problems.push(`${where}: rule.${rule} has no ${lang} words`);
          continue;
        }
        const named = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        const missing = named.filter((name) => !params.includes(name));
        if (missing.length) problems.push(`${where}: rule.${rule} (${lang}) names ${missing.join(', ')}, which the source does not give`);
        if (lang === 'en' && vietnamese.test(text)) problems.push(`${where}: rule.${rule} (en) is not English: ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ['a task', new NotFoundError('Không tìm thấy nhiệm vụ t-1').worded('task-not-found', { task: 't-1' }), 'There is no task t-1 you may see.'],
    ['a cell named by a member form', orgNotFound('CB-X', 'chi bộ'), 'There is no cell CB-X you may see.'],
    ['a superior unit', orgNotFound('DU-X', 'đơn vị cấp trên'), 'There is no superior unit DU-X you may see.'],
    ['any unit', orgNotFound('DU-X'), 'There is no unit DU-X you may see.'],
    ['a procedure', procedureNotFound('p-1'), 'There is no procedure p-1 you may see.'],
  ])('should word a 404 for %s in English, and keep the API’s message in Vietnamese', (_name, error, en) => {
    expect(errorInWords(error, 'en')).toBe(en);
    expect(errorInWords(error, 'vi')).toBe(error.message);
    expect(error.code).toBe('not-found'); // the JSON API's code is unchanged
  });
});
