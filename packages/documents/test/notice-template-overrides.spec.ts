import { TemplateSandbox, validateNoticeOverride } from '../src';

/** A notice view as `@chibo/notifications`' sampleNoticeView gives it (trimmed to what these templates use). */
const SAMPLE = { recipientName: 'Nguyễn Văn An', title: 'Thông báo triệu tập', link: 'https://chibo.example.vn/ho-so/mau', event: { when: '08:00 ngày 25/03/2022' }, items: Array.from({ length: 20 }, (_, i) => i) };

describe("committees' notice templates are checked in the sandbox, naming the field", () => {
  const sandbox = new TemplateSandbox(500);
  afterAll(() => sandbox.close());

  it('should accept templates that use only the notice’s fields and built-in helpers', async () => {
    expect(await validateNoticeOverride({ subject: 'Họp {{event.when}}', text: '{{#if title}}{{title}}{{/if}} {{link}}', html: '<p>{{recipientName}}</p>' }, [SAMPLE], sandbox)).toEqual([]);
  });

  it('should refuse an unknown variable, an unknown helper and a syntax error, each under its field', async () => {
    const issues = await validateNoticeOverride({ subject: 'Họp {{ngayHop}}', text: '{{upper title}}', html: '<p>{{#if title}}</p>' }, [SAMPLE], sandbox);
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['subject', expect.any(String)],
      ['text', expect.any(String)],
      ['html', 'template-syntax'],
    ]);
    expect(issues[0]!.message).toContain('ngayHop');
    expect(issues[1]!.message).toContain('upper');
    // What each names travels as data, for the notice templates page to word it in its language.
    expect(issues.map((i) => i.params)).toEqual([{ field: 'ngayHop' }, { helper: 'upper', line: 1 }, expect.objectContaining({ line: 1, problem: 'unclosed-block', near: '<p>{{#if title}}</p>' })]);
  });

  it('should word an unclosed comment, which Handlebars’ lexer stops at, as a tag written wrong on its line', async () => {
    const [issue] = await validateNoticeOverride({ text: 'Kính gửi {{recipientName}}\n{{!-- ghi chú' }, [SAMPLE], sandbox);
    expect(issue).toMatchObject({ path: 'text', rule: 'template-syntax', line: 2, params: { line: 2, problem: 'invalid-tag', near: '{{!-- ghi chú' } });
    expect(issue!.message).toBe('Lỗi cú pháp Handlebars ở dòng 2 (“{{!-- ghi chú”): thẻ {{…}} viết chưa đúng (thiếu “}}” hay có ký tự không hợp lệ?)');
  });

  it.each([
    ['{{#if}}có{{/if}}', 'if'],
    ['{{#unless title link}}x{{/unless}}', 'unless'],
    ['{{#each}}x{{/each}}', 'each'],
  ])('should word %s, a built-in block without its one field, in Vietnamese on its line', async (text, helper) => {
    const [issue] = await validateNoticeOverride({ text: `Kính gửi\n${text}` }, [SAMPLE], sandbox);
    expect(issue).toMatchObject({ path: 'text', rule: 'helper-error', line: 2, params: { helper, line: 2 } });
    expect(issue!.message).toBe(`Khối {{#${helper} …}} cần đúng một trường, ví dụ {{#${helper} title}}`);
  });

  it('should refuse an HTML body that writes a script, and an empty field', async () => {
    const issues = await validateNoticeOverride({ html: '<script>alert(1)</script>', text: '  ' }, [SAMPLE], sandbox);
    expect(issues.map((i) => [i.path, i.rule])).toEqual([
      ['text', 'empty-template'],
      ['html', 'script-not-allowed'],
    ]);
  });

  it('should refuse a template that runs past the limit with too-slow, and render the next one normally', async () => {
    const slow = `${'{{#each @root.items}}'.repeat(7)}.${'{{/each}}'.repeat(7)}`;
    const issues = await validateNoticeOverride({ text: slow }, [SAMPLE], sandbox);
    expect(issues).toEqual([expect.objectContaining({ path: 'text', rule: 'too-slow', params: { seconds: 0.5 } })]);
    await expect(sandbox.render('Kính gửi {{recipientName}} & bạn', SAMPLE, 'plain-text')).resolves.toBe('Kính gửi Nguyễn Văn An & bạn');
    await expect(sandbox.render('<b>{{recipientName}} & {{link}}</b>', { ...SAMPLE, recipientName: 'A & B' }, 'plain-html')).resolves.toBe('<b>A &amp; B & https://chibo.example.vn/ho-so/mau</b>');
  });
});
