import { parseVi } from '@chibo/procedure';
import { z } from 'zod';
import { parseWithIssues } from '../../common/zod-issues';
import { issueInWords, issueKeys, issuesInWords, pluginOfStep } from './issue-words';

describe('field issues worded at the edge', () => {
  const elapsed = { path: 'minutes', rule: 'longer-than-elapsed', message: 'Buổi sinh hoạt mới bắt đầu được 10 phút; không thể ghi thời lượng 120 phút', params: { elapsed: 10, minutes: 120 } };

  it.each([
    ['vi', 'Buổi sinh hoạt mới bắt đầu được 10 phút; không thể ghi thời lượng 120 phút.'],
    ['en', 'The session began only 10 minutes ago; it cannot have lasted 120 minutes.'],
  ] as const)('should word a step’s rule with its numbers from the plugin’s words in %s', (lang, message) => {
    expect(issueInWords(elapsed, lang, { plugin: 'thematic' })).toEqual({ ...elapsed, message });
  });

  it('should word a value of the data through the dictionaries (a role as its name) and keep names as given', () => {
    const absent = { path: 'clerk', rule: 'member-absent', message: 'Thư ký: đồng chí Trần Thị Nhung vắng mặt trong buổi sinh hoạt', params: { role: 'clerk', name: 'Trần Thị Nhung' } };
    expect(issueInWords(absent, 'en', { plugin: 'thematic' }).message).toBe('Clerk: Trần Thị Nhung was absent from the session.');
    expect(issueInWords(absent, 'vi', { plugin: 'thematic' }).message).toBe('Thư ký: đồng chí Trần Thị Nhung vắng mặt trong buổi sinh hoạt.');
  });

  it('should keep the core’s message when no words exist for the rule, or the words need data the issue lacks', () => {
    const unknown = { path: 'x', rule: 'no-such-rule', message: 'Thông điệp của lõi', params: { n: 1 } };
    expect(issueInWords(unknown, 'en')).toBe(unknown);
    // The thematic words name {role}: an issue without it keeps its own message rather than showing "{role}".
    const bare = { path: 'assignee', rule: 'unknown-member', message: 'Không có đảng viên “m99” trong chi bộ', params: { member: 'm99' } };
    expect(issueInWords(bare, 'en', { plugin: 'thematic' })).toBe(bare);
    // Another plugin's words are not looked up: the rule codes are the plugin's own.
    expect(issueInWords(elapsed, 'en', { plugin: 'self-criticism' })).toBe(elapsed);
    const noRule = { path: 'csv', message: 'Dòng 3: thiếu mã' };
    expect(issueInWords(noRule, 'en')).toBe(noRule);
  });

  it('should keep a schema’s own Vietnamese (naming the field) and word its limit in English', () => {
    const topic = z.object({ topic: z.string().trim().min(3, 'Chủ đề cần ít nhất 3 ký tự') });
    const parsed = parseVi(topic, { topic: 'ab' });
    if (parsed.success) throw new Error('should fail');
    expect(parsed.issues).toEqual([{ path: 'topic', rule: 'too_small', message: 'Chủ đề cần ít nhất 3 ký tự', params: { origin: 'string', minimum: 3 } }]);
    expect(issuesInWords(parsed.issues, 'vi')[0]!.message).toBe('Chủ đề cần ít nhất 3 ký tự');
    expect(issuesInWords(parsed.issues, 'en')[0]!.message).toBe('Must be at least 3 characters long');
  });

  it.each([
    [z.object({ n: z.number().int().min(1) }), { n: 0 }, 'Phải lớn hơn hoặc bằng 1', 'Must be 1 or more'],
    [z.object({ n: z.number().positive() }), { n: 0 }, 'Phải lớn hơn 0', 'Must be more than 0'],
    [z.object({ n: z.number().max(120) }), { n: 121 }, 'Phải nhỏ hơn hoặc bằng 120', 'Must be 120 or less'],
    [z.object({ s: z.string().min(1) }), { s: '' }, 'Không được để trống', 'Must not be empty'],
    [z.object({ s: z.string().max(50) }), { s: 'x'.repeat(51) }, 'Chỉ được có tối đa 50 ký tự', 'Must be at most 50 characters long'],
    [z.object({ a: z.array(z.string()).min(2) }), { a: ['x'] }, 'Phải có ít nhất 2 phần tử', 'Must have at least 2 entries'],
    [z.object({ n: z.number() }), {}, 'Bắt buộc phải có', 'Required'],
    [z.object({ n: z.number() }), { n: 'x' }, 'Phải là số, nhận được chuỗi ký tự', 'Must be a number'],
    [z.object({ e: z.enum(['a', 'b']) }), { e: 'c' }, 'Phải là một trong các giá trị: a, b', 'Must be one of: a, b'],
  ])('should word a step form’s default limit in Vietnamese in the core and in English at the edge (%#)', (schema, input, vi, en) => {
    const parsed = parseVi(schema as z.ZodType, input);
    if (parsed.success) throw new Error('should fail');
    expect(parsed.issues[0]!.message).toBe(vi);
    expect(issueInWords(parsed.issues[0]!, 'vi').message).toBe(vi);
    expect(issueInWords(parsed.issues[0]!, 'en').message).toBe(en);
  });

  it('should word the API’s own names for the same rules, and a custom rule with its data', () => {
    const parsed = parseWithIssues(z.strictObject({ number: z.string().max(50), cells: z.array(z.string()).superRefine((cells, ctx) => ctx.addIssue({ code: 'custom', path: [1], message: `Chi bộ ${cells[1]} được liệt kê hai lần`, params: { rule: 'duplicate', cell: cells[1] } })) }), {
      number: 'x'.repeat(51),
      cells: ['cb-a', 'cb-b', 'cb-b'],
    });
    if (parsed.success) throw new Error('should fail');
    expect(parsed.issues).toEqual([
      { path: 'number', rule: 'max', message: 'Chỉ được có tối đa 50 ký tự', params: { origin: 'string', maximum: 50 } },
      { path: 'cells[1]', rule: 'duplicate', message: 'Chi bộ cb-b được liệt kê hai lần', params: { cell: 'cb-b' } },
    ]);
    expect(issuesInWords(parsed.issues, 'en').map((i) => i.message)).toEqual(['Must be at most 50 characters long', 'Cell cb-b is listed twice.']);
    expect(issuesInWords(parsed.issues, 'vi').map((i) => i.message)).toEqual(['Chỉ được có tối đa 50 ký tự', 'Chi bộ cb-b được liệt kê hai lần.']);
  });

  it('should look a task’s words up in its step’s plugin first, then in the app’s', () => {
    expect(pluginOfStep('thematic:hold-session@1')).toBe('thematic');
    expect(pluginOfStep('no-namespace')).toBeUndefined();
    expect(issueKeys({ path: 'minutes', rule: 'longer-than-elapsed', message: '' }, 'thematic')).toEqual(['thematic.rule.longer-than-elapsed', 'rule.longer-than-elapsed']);
    expect(issueKeys({ path: 'n', rule: 'too_small', message: '', params: { origin: 'number', minimum: 0, exclusive: 1 } }, 'thematic')).toEqual(['rule.min.number.exclusive', 'rule.min']);
  });
});
