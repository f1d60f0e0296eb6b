import type { FieldIssue } from '@chibo/procedure';
import { fieldName } from './form-body';

/**
 * Issues for text containing NUL, which Postgres cannot store (the API refuses it the same way): a form field can
 * carry one (`%00`), and the person should see which field, not a server error.
 */
export function nulIssues(value: unknown, message: string, path: Array<string | number> = []): FieldIssue[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ path: fieldName(path.join('.')), rule: 'control-characters', message }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulIssues(item, message, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nulIssues(v, message, [...path, k]));
  return [];
}
