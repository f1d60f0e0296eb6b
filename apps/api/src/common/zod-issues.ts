import { formatPath, vietnameseErrorMap, zodIssueParams } from '@chibo/procedure';
import type { z } from 'zod';
import type { FieldIssue } from './errors';

/** Vietnamese messages for request bodies: the core's (`@chibo/procedure`), shared with the steps' forms. */
export { vietnameseErrorMap };

/** Machine-readable rule for a zod issue: `required`, `type`, `min`, `max`, `enum`, `format`, `unknown-field`, … */
function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'type';
    case 'too_small':
      return 'min';
    case 'too_big':
      return 'max';
    case 'invalid_value':
      return 'enum';
    case 'invalid_format':
      return issue.format === 'regex' ? 'format' : issue.format;
    case 'unrecognized_keys':
      return 'unknown-field';
    case 'custom': {
      const rule: unknown = issue.params?.['rule'];
      return typeof rule === 'string' ? rule : 'custom';
    }
    default:
      return issue.code;
  }
}

/** What the rule says, as data (`{ origin: 'string', maximum: 50 }`); a custom rule's own `params` beside its `rule`. */
function paramsOf(issue: z.core.$ZodIssue): FieldIssue['params'] {
  if (issue.code !== 'custom') return zodIssueParams(issue);
  const own = Object.entries(issue.params ?? {}).filter((e): e is [string, string | number] => e[0] !== 'rule' && (typeof e[1] === 'string' || typeof e[1] === 'number'));
  return own.length ? Object.fromEntries(own) : undefined;
}

/**
 * zod issues → API field issues: dotted paths, one issue per unknown key, and only the first issue of each field
 * (an array sent for a string is "wrong type", not also "too short"). Issue inputs are never echoed back.
 */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const all = error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        rule: ruleOf(issue),
        message: issue.message,
      }));
    }
    const params = paramsOf(issue);
    return [{ path: formatPath(issue.path), rule: ruleOf(issue), message: issue.message, ...(params ? { params } : {}) }];
  });
  return all.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}

/** Parses with Vietnamese messages; returns the data or the field issues. */
export function parseWithIssues<T extends z.ZodType>(
  schema: T,
  input: unknown,
): { success: true; data: z.output<T> } | { success: false; issues: FieldIssue[] } {
  // reportInput: the rule of an invalid_type issue depends on whether the field was missing (see ruleOf).
  const result = schema.safeParse(input, { error: vietnameseErrorMap, reportInput: true });
  return result.success ? { success: true, data: result.data } : { success: false, issues: toFieldIssues(result.error) };
}
