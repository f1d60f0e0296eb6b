import type { z } from 'zod';
import type { FieldIssue } from './issues';
import { vietnameseErrorMap, zodIssueParams } from './zod-words';

/** Turns a zod error into field issues with Vietnamese messages, the zod rule code and what the rule says (`params`). */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const params = zodIssueParams(issue);
    return { path: formatPath(issue.path), rule: issue.code, message: issue.message, ...(params ? { params } : {}) };
  });
}

/** Parses with Vietnamese messages. */
export function parseVi<T>(schema: z.ZodType<T>, input: unknown): { success: true; data: T } | { success: false; issues: FieldIssue[] } {
  // reportInput: a missing field is told from a wrong one (`missing`); `zodIssues` never passes the input on.
  const result = schema.safeParse(input, { error: vietnameseErrorMap, reportInput: true });
  return result.success ? { success: true, data: result.data } : { success: false, issues: zodIssues(result.error) };
}

/** `['absent', 2, 'member']` → `absent[2].member`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
