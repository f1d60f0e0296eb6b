import { z } from 'zod';
import type { FieldIssue } from './issues';

const vietnamese = z.locales.vi();

/** Turns a zod error into field issues with Vietnamese messages and the zod rule code. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path),
    rule: issue.code,
    message: issue.message,
  }));
}

/** Parses with Vietnamese messages. */
export function parseVi<T>(schema: z.ZodType<T>, input: unknown): { success: true; data: T } | { success: false; issues: FieldIssue[] } {
  const result = schema.safeParse(input, { error: vietnamese.localeError });
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
