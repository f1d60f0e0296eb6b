import type { FieldIssue } from '@chibo/procedure';
import type { DomainError } from '../../common/errors';
import { isDictionaryText, translate, translateComplete, translateOptional, type Lang } from '../i18n/i18n';

/** An issue as pages receive it: from the core, a step, the API's validation, or a page's own checks. */
export type IssueLike = Pick<FieldIssue, 'path' | 'message'> & Partial<Pick<FieldIssue, 'rule' | 'params'>>;

/**
 * The rules schemas check, under the core's zod codes and the API's names for them, with the name their words go by.
 * Their Vietnamese message is the core's own (ADR 0034): often the schema's, naming the field ("Chủ đề cần ít nhất 3
 * ký tự"), else the core's wording of the limit; other languages word them from the rule's data.
 */
const SCHEMA_RULES: Readonly<Record<string, string>> = {
  too_small: 'min',
  too_big: 'max',
  invalid_type: 'type',
  invalid_value: 'enum',
  invalid_format: 'format',
  min: 'min',
  max: 'max',
  type: 'type',
  required: 'required',
  enum: 'enum',
  format: 'format',
};

/** How a page words an issue's data: a step id as its title, a fact as its name… (default: see `paramInWords`). */
export type ParamWords = (name: string, value: string | number) => string | undefined;

export interface IssueWording {
  /**
   * The plugin whose words come first (`thematic` for a step `thematic:hold-session`): `<plugin>.rule.<rule>`; or a
   * page's area whose rules are its own (`account`, `import`, `sheet`), for the same lookup in the app's words.
   */
  plugin?: string;
  param?: ParamWords;
}

/** The dictionary keys that may word an issue, most specific first. */
export function issueKeys(issue: IssueLike, plugin?: string): string[] {
  if (!issue.rule) return [];
  // A rule with several cases names the one it is in `params.problem` (a template's syntax error: `unclosed-block`…);
  // the case's words come first.
  const problem = issue.params?.['problem'];
  const cases = typeof problem === 'string' ? [`${plugin ? `${plugin}.` : ''}rule.${issue.rule}.${problem}`] : [];
  const own = [...cases, ...(plugin ? [`${plugin}.rule.${issue.rule}`] : [])];
  const schema = SCHEMA_RULES[issue.rule];
  if (!schema) return [...own, `rule.${issue.rule}`];
  // A plugin's or area's own words of a schema rule ("The password needs at least 12 characters") say more than the
  // generic ones.
  const origin = issue.params?.['origin'];
  const keys: string[] = [...own, ...(schema === 'type' && issue.params?.['missing'] ? ['rule.required'] : [])];
  if (typeof origin === 'string' && (schema === 'min' || schema === 'max')) {
    const limit = issue.params?.[schema === 'min' ? 'minimum' : 'maximum'];
    if (schema === 'min' && limit === 1 && !issue.params?.['exclusive']) keys.push(`rule.min.${origin}.one`);
    keys.push(`rule.${schema}.${origin}${issue.params?.['exclusive'] ? '.exclusive' : ''}`);
  }
  keys.push(`rule.${schema}`);
  return keys;
}

/**
 * A value of an issue's data in words: a word the dictionaries have for it (`<plugin>.issue.<name>.<value>`, then
 * `issue.<name>.<value>`: a role `chair` is "Chủ trì" / "Chair"), a date as dd/mm/yyyy (data carries dates as typed,
 * `2026-12-31`, and months as `2026-12`: "12/2026"), else the value itself.
 */
function paramInWords(lang: Lang, plugin: string | undefined, name: string, value: string | number): string {
  const keys = [...(plugin ? [`${plugin}.issue.${name}.${value}`] : []), `issue.${name}.${value}`];
  for (const key of keys) {
    const text = translateOptional(lang, key);
    if (text !== undefined) return text;
  }
  if (typeof value === 'string') {
    const date = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
    if (date) return date[3] ? `${date[3]}/${date[2]}/${date[1]}` : `${date[2]}/${date[1]}`;
  }
  return String(value);
}

/**
 * A field issue in the page's language (ADR 0034): worded at the edge by the most specific dictionary key of its rule
 * (`issueKeys`), its data (`params`) filled in, each value through `param` or `paramInWords`. The message the core
 * wrote stays when no key words the rule, when the words need data the issue does not carry, and for the schemas'
 * rules in Vietnamese (see `SCHEMA_RULES`). Nothing else of the issue changes: the path, the rule and the data stay.
 */
export function issueInWords<T extends IssueLike>(issue: T, lang: Lang, wording: IssueWording = {}): T {
  if (!issue.rule || (lang === 'vi' && SCHEMA_RULES[issue.rule])) return issue;
  const params = Object.fromEntries(
    Object.entries(issue.params ?? {}).map(([name, value]) => [name, wording.param?.(name, value) ?? paramInWords(lang, wording.plugin, name, value)]),
  );
  for (const key of issueKeys(issue, wording.plugin)) {
    if (translateOptional(lang, key) === undefined) continue;
    // Words that name data this issue does not carry would show "{elapsed}": the core's message says it better.
    const message = translateComplete(lang, key, params);
    return message === undefined ? issue : { ...issue, message };
  }
  return issue;
}

/** Every issue in the page's language. */
export function issuesInWords<T extends IssueLike>(issues: readonly T[], lang: Lang, wording: IssueWording = {}): T[] {
  return issues.map((issue) => issueInWords(issue, lang, wording));
}

/** The plugin of a step (`thematic:hold-session@1` → `thematic`), whose words come first on its task's page. */
export function pluginOfStep(kind: string): string | undefined {
  const at = kind.indexOf(':');
  return at > 0 ? kind.slice(0, at) : undefined;
}

/**
 * Issues as lines of a page's error list, in its language: each worded (`issueInWords`), after the name of the entry
 * it is about when its path is in a list (`topics.1.month` → "Chuyên đề 2: …", by `lists`: the list's name → a word
 * key with `{n}`); never the raw path or rule code.
 */
export function issueLines(issues: readonly IssueLike[], lang: Lang, wording: IssueWording, lists: Readonly<Record<string, string>> = {}): string[] {
  return issues.map((issue) => {
    const { message } = issueInWords(issue, lang, wording);
    const entry = /^(?:\w+\.)?(\w+)(?:\.|\[)(\d+)\]?(?:\.|$)/.exec(issue.path);
    const key = entry ? lists[entry[1]!] : undefined;
    return key ? `${translate(lang, key, { n: Number(entry![2]) + 1 })}: ${message}` : message;
  });
}

/** A refusal (404, 409…) as an issue of a form: its rule (its `wording`'s, else its code), its data and its message. */
export function errorIssue(error: DomainError, path = ''): IssueLike & { rule: string } {
  const rule = error.wording?.rule ?? error.code;
  return { path, message: error.message, rule, ...(error.wording ? { params: error.wording.params } : {}) };
}

/**
 * A refusal's message in the page's language (ADR 0034): Vietnamese keeps the API's message; another language words
 * its rule (`rule.<rule>`, see `errorIssue`) with its data, else says what its status means — never the Vietnamese
 * sentence. A message that is already the page's own words (a page that threw `translate(…)`) stays.
 */
export function errorInWords(error: DomainError, lang: Lang): string {
  if (lang === 'vi' || isDictionaryText(lang, error.message)) return error.message;
  const issue = errorIssue(error);
  // A role travels as its code (`secretary`) and is worded by the app's own role names.
  const worded = issueInWords(issue, lang, { param: (name, value) => (name === 'role' ? translateOptional(lang, `role.${value}`) : undefined) });
  if (worded !== issue) return worded.message;
  return translateOptional(lang, `error.status.${error.statusCode}`) ?? translate(lang, 'error.status.other', { status: error.statusCode });
}