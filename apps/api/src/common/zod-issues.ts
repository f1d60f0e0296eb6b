import { formatPath } from '@chibo/procedure';
import { z } from 'zod';
import type { FieldIssue } from './errors';

const vietnamese = z.locales.vi();

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  boolean: 'giá trị đúng/sai',
  object: 'đối tượng',
  array: 'danh sách',
  null: 'null',
  date: 'ngày',
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function count(value: number | bigint, origin: string): string {
  if (origin === 'string') return `${value} ký tự`;
  if (origin === 'array' || origin === 'set') return `${value} phần tử`;
  return String(value);
}

/**
 * Vietnamese messages for the issues request bodies produce, phrased for the people filling in forms; anything not
 * covered here falls back to zod's own Vietnamese locale. Passed per parse, so zod's global config stays untouched.
 */
export const vietnameseErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'Bắt buộc phải có';
      // A query parameter coerced to a number ("?limit=abc") arrives as NaN: "must be a number, got a number" would be absurd.
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return `Phải là ${typeName(issue.expected)}`;
      return `Phải là ${typeName(issue.expected)}, nhận được ${typeName(typeOf(issue.input))}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'Không được để trống';
      if (issue.origin === 'array' && Number(issue.minimum) === 1) return 'Phải có ít nhất một phần tử';
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Phải có ít nhất ${count(issue.minimum, issue.origin)}`
        : `Phải lớn hơn ${issue.inclusive ? 'hoặc bằng ' : ''}${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Chỉ được có tối đa ${count(issue.maximum, issue.origin)}`
        : `Phải nhỏ hơn ${issue.inclusive ? 'hoặc bằng ' : ''}${issue.maximum}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Phải là ${JSON.stringify(issue.values[0])}`
        : `Phải là một trong các giá trị: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'Trường này không được hỗ trợ';
    default:
      return vietnamese.localeError(issue);
  }
};

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
    return [{ path: formatPath(issue.path), rule: ruleOf(issue), message: issue.message }];
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
