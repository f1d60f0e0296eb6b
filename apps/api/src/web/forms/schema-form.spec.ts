import { z } from 'zod';
import { fieldName, issuesByField } from './form-body';
import { buildFields, readForm, type JsonSchema } from './schema-form';

const schemaOf = (zod: z.ZodType) => z.toJSONSchema(zod, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

describe('forms generated from a step’s schema', () => {
  const plan = schemaOf(z.object({ topic: z.string().min(3), month: z.string(), preparer: z.string().optional(), notes: z.string().optional() }));
  const members = [{ id: 'nga', name: 'Ngô Thị Nga' }, { id: 'm03', name: 'Đảng viên 03' }];

  it('should label fields in Vietnamese and pick widgets from their names and types', () => {
    const fields = buildFields(plan, { topic: 'Tự soi, tự sửa' }, { lang: 'vi', members, errors: new Map() });
    expect(fields.map((f) => [f.name, f.label, f.widget, f.required])).toEqual([
      ['topic', 'Chủ đề sinh hoạt', 'text', true],
      ['month', 'Tháng tổ chức', 'month', true],
      ['preparer', 'Người chuẩn bị', 'member', false],
      ['notes', 'Ghi chú', 'textarea', false],
    ]);
    expect(fields[0]!.value).toBe('Tự soi, tự sửa');
    expect(fields[2]!.options.map((o) => o.label)).toEqual(['—', 'Ngô Thị Nga', 'Đảng viên 03']);
  });

  it('should show the server’s message at its field, linked for screen readers', () => {
    const errors = issuesByField([{ path: 'topic', message: 'Chủ đề cần ít nhất 3 ký tự' }]);
    const [topic] = buildFields(plan, { topic: 'ab' }, { lang: 'vi', members, errors });
    expect(topic!.error).toBe('Chủ đề cần ít nhất 3 ký tự');
    expect(topic!.describedBy).toBe('f-topic-error');
  });

  it('should show a typed session time as typed after a refusal, and a stored instant in Hà Nội time', () => {
    const convene = schemaOf(z.object({ sessionAt: z.string(), attachment: z.string().optional() }));
    const [typed, file] = buildFields(convene, { sessionAt: '2022-03-26T08:00' }, { lang: 'vi', members, errors: new Map() });
    expect(typed!.value).toBe('2022-03-26T08:00');
    expect(file!.widget).toBe('file');
    const [stored] = buildFields(convene, { sessionAt: '2022-03-26T01:00:00.000Z' }, { lang: 'vi', members, errors: new Map() });
    expect(stored!.value).toBe('2022-03-26T08:00');
  });

  it('should read a posted form back into the schema’s types', () => {
    const schema = schemaOf(
      z.object({
        minutes: z.number().int(),
        online: z.boolean().default(false),
        decision: z.enum(['approve', 'revise']),
        decisions: z.array(z.string()),
        opinions: z.array(z.object({ by: z.string(), text: z.string() })).default([]),
        note: z.string().optional(),
      }),
    );
    const input = readForm(schema, {
      minutes: '120',
      decision: 'approve',
      decisions: 'Một\r\n\r\n Hai ',
      'opinions.0.by': 'm04',
      'opinions.0.text': 'Ý kiến',
      'opinions.2.by': '',
      'opinions.2.text': '',
      note: '  ',
    });
    expect(input).toEqual({ minutes: 120, online: false, decision: 'approve', decisions: ['Một', 'Hai'], opinions: [{ by: 'm04', text: 'Ý kiến' }] });
    // A number nobody can read stays text, so the step's validation names the field.
    expect(readForm(schema, { minutes: 'hai giờ' })['minutes']).toBe('hai giờ');
    expect(readForm(schema, { minutes: '7,5' })['minutes']).toBe(7.5);
  });

  it('should turn the core’s issue paths into the form’s field names', () => {
    expect(fieldName('opinions[0].by')).toBe('opinions.0.by');
    expect(fieldName('marks.attendance')).toBe('marks.attendance');
    expect([...issuesByField([{ path: 'vote.for[3]', message: 'x' }]).keys()]).toEqual(['vote.for.3']);
  });
});
