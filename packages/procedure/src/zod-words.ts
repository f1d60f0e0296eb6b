import { z } from 'zod';

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
 * Vietnamese messages for the issues schemas produce, phrased for the people filling in forms (zod's own Vietnamese
 * locale says "Quá nhỏ: mong đợi number >=1"); anything not covered here falls back to that locale. Passed per parse,
 * so zod's global config stays untouched, and a message the schema writes itself (`.min(3, 'Chủ đề cần…')`) wins.
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

/**
 * What a zod issue says, as data for a page to word in its own language (`FieldIssue.params`): the limit of a
 * `too_small`/`too_big` (`minimum`/`maximum`, `origin` — `string`, `array`, `number`… — and `exclusive: 1` for `gt`/`lt`),
 * the expected type (and `missing: 1` when nothing was given, if the parse reported inputs), the format, the allowed
 * values. The input itself is never among them (it may be a password).
 */
export function zodIssueParams(issue: z.core.$ZodIssue): Record<string, string | number> | undefined {
  switch (issue.code) {
    case 'too_small':
      return { origin: issue.origin, minimum: Number(issue.minimum), ...(issue.inclusive === false ? { exclusive: 1 } : {}) };
    case 'too_big':
      return { origin: issue.origin, maximum: Number(issue.maximum), ...(issue.inclusive === false ? { exclusive: 1 } : {}) };
    case 'invalid_type':
      return { expected: issue.expected, ...('input' in issue && issue.input === undefined ? { missing: 1 } : {}) };
    case 'invalid_format':
      return { format: issue.format };
    case 'invalid_value':
      return { values: issue.values.map((v) => String(v)).join(', ') };
    default:
      return undefined;
  }
}
