import { z } from 'zod';
import { parseWithIssues } from './zod-issues';

const schema = z.strictObject({
  name: z.string().min(1),
  age: z.number().int().max(120),
  kind: z.enum(['cell', 'committee']),
  items: z.array(z.strictObject({ code: z.string() })),
});

describe('parseWithIssues', () => {
  it('should name each field with a dotted path, a rule and a Vietnamese message when input is wrong', () => {
    const result = parseWithIssues(schema, { name: '', age: 'x', kind: 'club', items: [{ code: 1 }, {}], extra: true });

    expect(result.success).toBe(false);
    expect(result.success === false && result.issues).toEqual([
      { path: 'name', rule: 'min', message: 'Không được để trống', params: { origin: 'string', minimum: 1 } },
      { path: 'age', rule: 'type', message: 'Phải là số, nhận được chuỗi ký tự', params: { expected: 'number' } },
      { path: 'kind', rule: 'enum', message: 'Phải là một trong các giá trị: cell, committee', params: { values: 'cell, committee' } },
      { path: 'items[0].code', rule: 'type', message: 'Phải là chuỗi ký tự, nhận được số', params: { expected: 'string' } },
      { path: 'items[1].code', rule: 'required', message: 'Bắt buộc phải có', params: { expected: 'string', missing: 1 } },
      { path: 'extra', rule: 'unknown-field', message: 'Trường này không được hỗ trợ' },
    ]);
  });

  it('should report one issue per field when several checks fail on it', () => {
    const result = parseWithIssues(z.object({ password: z.string().min(8) }), { password: [] });

    expect(result.success === false && result.issues).toEqual([{ path: 'password', rule: 'type', message: 'Phải là chuỗi ký tự, nhận được danh sách', params: { expected: 'string' } }]);
  });

  it('should not say "got a number" when a coerced query parameter is not a number', () => {
    const result = parseWithIssues(z.object({ limit: z.coerce.number().int() }), { limit: 'abc' });
    expect(result.success === false && result.issues).toEqual([{ path: 'limit', rule: 'type', message: 'Phải là số', params: { expected: 'number' } }]);
  });

  it('should return the parsed data when input is right', () => {
    expect(parseWithIssues(schema, { name: 'a', age: 3, kind: 'cell', items: [] })).toEqual({
      success: true,
      data: { name: 'a', age: 3, kind: 'cell', items: [] },
    });
  });
});
