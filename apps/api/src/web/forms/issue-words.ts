import type { FieldIssue } from '@chibo/procedure';
import { translateOptional, type Lang } from '../i18n/i18n';

/**
 * A field issue in the page's language: an issue that carries its data (`params`) and whose rule has words
 * (`rule.<rule>`) is worded here, at the edge, with `param` turning each value into words (a step id into its title,
 * a fact into its name); any other issue keeps the message the core wrote.
 */
export function issueInWords(issue: FieldIssue, lang: Lang, param: (name: string, value: string | number) => string = (_n, v) => String(v)): FieldIssue {
  if (!issue.params) return issue;
  const params = Object.fromEntries(Object.entries(issue.params).map(([name, value]) => [name, param(name, value)]));
  const message = translateOptional(lang, `rule.${issue.rule}`, params);
  return message ? { ...issue, message } : issue;
}
