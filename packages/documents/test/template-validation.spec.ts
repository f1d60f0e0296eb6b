import { ENABLED_PLUGINS } from '@chibo/catalog';
import { DocumentRenderer, shippedSamples, TemplateRenderError } from '../src';

const renderer = DocumentRenderer.fromPlugins(ENABLED_PLUGINS);
const minutesSamples = shippedSamples('thematic:minutes');
const resolutionSamples = shippedSamples('thematic:resolution');
const pluginMinutes = renderer.template('thematic:minutes')!.source;

/** A committee's resolution template: the official layout around a body of its own. */
const layout = (body: string) => `{{#> document}}\n{{> title-block}}\n<div class="body">\n${body}\n</div>\n{{#> footer}}<p class="recipient">- Lưu chi bộ.</p>{{/footer}}\n{{/document}}\n`;

describe('a committee template is checked before it is stored', () => {
  it('should accept the plugin templates themselves and a reworded body', () => {
    expect(renderer.validate(pluginMinutes, minutesSamples)).toEqual([]);
    expect(renderer.validate(layout('<p>Chi bộ quyết nghị: {{#each resolution.decisions}}{{inc @index}}) {{this}} {{/each}}</p>'), resolutionSamples)).toEqual([]);
  });

  it.each([
    ['a syntax error', layout('<p>{{#if resolution.adopted}}Thông qua</p>'), 'template-syntax', null],
    ['a block closed by another', layout('<p>{{#if resolution.adopted}}x{{/each}}</p>'), 'template-syntax', 4],
    ['an unknown helper', layout('<p>{{formatMoney resolution.for}}</p>'), 'unknown-helper', 4],
    ['an unknown block helper', layout('<p>{{#repeat 3}}x{{/repeat}}</p>'), 'unknown-helper', 4],
    ['an unknown partial', layout('{{> chu-ky}}'), 'unknown-partial', 4],
    ['unescaped output', layout('<p>{{{resolution.title}}}</p>'), 'unescaped-output', 4],
    ['a script', layout('<script>alert(1)</script>'), 'script-not-allowed', 4],
    ['a field the documents do not have', layout('<p>Số phiếu: {{resolution.votes}}</p>'), 'unknown-field', 4],
    ['a field under a missing object', layout('<p>{{#if meeting.place}}{{meeting.place}}{{/if}}</p>'), 'unknown-field', 4],
    ['a helper given nothing', layout('<p>{{longDate resolution.adoptedOn}}</p>'), 'helper-error', 4],
    ['no official header', '<p>{{resolution.title}}</p>', 'official-layout-missing', null],
    ['nothing', '  \n', 'empty-template', null],
  ])('should reject %s with the rule and the line', (_what, source, rule, line) => {
    const issues = renderer.validate(source, resolutionSamples);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ path: 'source', rule, ...(line === null ? {} : { line }) });
    expect(issues[0]!.message).toMatch(/\S/);
    // Vietnamese quotes around a name (“votes”), never "…" or «…».
    expect(issues[0]!.message).not.toMatch(/["«»]/);
  });

  it('should name the field it does not know in “ ” quotes', () => {
    const [issue] = renderer.validate(layout('<p>Số phiếu: {{resolution.votes}}</p>'), resolutionSamples);
    expect(issue!.message).toMatch(/^Trường “votes” không có trong dữ liệu của văn bản/);
  });

  it('should say where a syntax error is', () => {
    const [issue] = renderer.validate('{{#> document}}\n<p>ok</p>\n<p>{{resolution.title</p>\n{{/document}}', resolutionSamples);
    expect(issue).toMatchObject({ rule: 'template-syntax', line: 3 });
    expect(issue!.message).toMatch(/^Lỗi cú pháp/);
  });
});

describe('a template issue carries what it names, for a page to word it (ADR 0034)', () => {
  it.each([
    ['an unclosed block', '{{#> document}}\n<p>{{#if resolution.adopted}}Thông qua</p>', { problem: 'unclosed-block' }],
    ['an unclosed tag', '{{#> document}}\n<p>ok</p>\n<p>{{resolution.title</p>\n{{/document}}', { line: 3, problem: 'invalid-tag' }],
    ['a stray closing brace', '{{#> document}}\n{{{resolution.title}}\n{{/document}}', { line: 2, problem: 'unexpected', token: '}}' }],
    // Handlebars' lexer, not its parser, stops at these ("Lexical error on line 2. Unrecognized text.").
    ['an unclosed comment', '{{#> document}}\n<p>{{!-- ghi chú</p>\n{{/document}}', { line: 2, problem: 'invalid-tag', near: '<p>{{!-- ghi chú</p>' }],
  ])('should describe %s by its line, the text near it and the problem, not the parser’s tokens', (_what, source, params) => {
    const [issue] = renderer.validate(source, resolutionSamples);
    expect(issue).toMatchObject({ rule: 'template-syntax', params: expect.objectContaining(params) });
    expect(issue!.params!['near']).toEqual(expect.any(String));
    expect(issue!.message).toMatch(/^Lỗi cú pháp Handlebars ở dòng \d+ \(“[^”]+”\): /);
    expect(issue!.message).not.toMatch(/Expecting|INVALID|CLOSE|EOF|'/);
  });

  it('should name the blocks of a mismatch, an unknown helper, partial and field, and the limits', () => {
    const first = (source: string) => renderer.validate(source, resolutionSamples)[0]!;
    expect(first(layout('<p>{{#if resolution.adopted}}x{{/each}}</p>')).params).toEqual({ problem: 'mismatched-block', open: 'if', close: 'each', line: 4 });
    expect(first(layout('<p>{{formatMoney resolution.for}}</p>')).params).toEqual({ helper: 'formatMoney', line: 4 });
    expect(first(layout('<p>{{#repeat 3}}x{{/repeat}}</p>')).params).toEqual({ helper: 'repeat', block: 1, line: 4 });
    expect(first(layout('{{> chu-ky}}')).params).toMatchObject({ partial: 'chu-ky', line: 4 });
    expect(first(layout('<p>{{longDate resolution.adoptedOn}}</p>')).params).toEqual({ helper: 'longDate', line: 4 });
    expect(first(layout('<p>{{resolution.title}}</p>'.repeat(5_001))).params).toEqual({ max: 5_000, line: 4 });
  });
});

describe('rendering with a committee template', () => {
  const sample = resolutionSamples[0]!;

  it('should use the committee template when it renders the document', () => {
    const out = renderer.render(sample, { ref: 'override:DU-X:thematic:resolution@1', source: layout('<p>MẪU RIÊNG CỦA ĐẢNG ỦY</p>') });
    expect(out.templateRef).toBe('override:DU-X:thematic:resolution@1');
    expect(out.html).toContain('MẪU RIÊNG CỦA ĐẢNG ỦY');
    expect(out.html).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(out.note).toBeNull();
  });

  it('should fall back to the plugin template, saying why, when the committee template fails on this document', () => {
    const out = renderer.render(sample, { ref: 'override:DU-X:thematic:resolution@2', source: layout('<p>{{session.room}}</p>') });
    expect(out.templateRef).toBe('plugin:thematic:resolution');
    expect(out.html).toBe(renderer.render(sample).html);
    expect(out.note).toMatch(/override:DU-X:thematic:resolution@2.*dòng 4.*room/);
  });

  it('should never return part of a document: a failing template throws instead', () => {
    const broken = new DocumentRenderer([{ id: 'test:broken', type: 'NQ', title: { vi: 'x', en: 'x' }, source: layout('<p>{{resolution.title}}</p>'), plugin: 'test', file: 'broken.hbs' }]);
    expect(() => broken.render({ ...sample, template: 'test:broken', data: {} })).toThrow(TemplateRenderError);
  });

  it('should refuse, at start-up, a plugin template that does not compile', () => {
    expect(() => new DocumentRenderer([{ id: 'test:bad', type: 'NQ', title: { vi: 'x', en: 'x' }, source: '{{#> document}}{{#if}}{{/document}}', plugin: 'test', file: 'bad.hbs' }])).toThrow(/test:bad.*bad\.hbs/);
  });

  it('should escape what people typed (a title with markup is printed, not run)', () => {
    const out = renderer.render({ ...sample, title: 'Nghị quyết <img src=x onerror=alert(1)>' });
    expect(out.html).not.toContain('<img src=x');
    expect(out.html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('should use the generic template for a document no plugin template names', () => {
    const out = renderer.render({ type: 'CV', number: 'Số 03-CV/CB', title: 'Công văn về việc nộp đảng phí', issuedAt: '2022-04-01T02:00:00.000Z', data: null, org: { code: 'CB-X', name: 'Chi bộ Thôn Đông', abbr: 'CB', kind: 'cell', parentName: 'Đảng ủy xã Ngọc Sơn' } });
    expect(out.templateRef).toBe('core:generic');
    expect(out.html).toContain('CÔNG VĂN');
    expect(out.html).toContain('CHI BỘ THÔN ĐÔNG');
    expect(out.html).toContain('ĐẢNG BỘ XÃ NGỌC SƠN');
    expect(out.html).toContain('Ngọc Sơn, ngày 01 tháng 4 năm 2022');
  });
});

describe('a template bomb is refused before Handlebars parses it', () => {
  const nested = (levels: number) => layout(`${'{{#if resolution.adopted}}'.repeat(levels)}x${'{{/if}}'.repeat(levels)}`);

  it('should refuse 6,000 nested {{#if}} (120 KB) as too deep, naming the line, in milliseconds', () => {
    const source = nested(6_000);
    const started = Date.now();

    const issues = renderer.validate(source, resolutionSamples);

    expect(Date.now() - started).toBeLessThan(200);
    expect(issues).toEqual([expect.objectContaining({ path: 'source', rule: 'too-deep', line: 4 })]);
    expect(source.length).toBeGreaterThan(100_000);
  });

  it('should refuse a template with too many tags', () => {
    expect(renderer.validate(layout('<p>{{resolution.title}}</p>'.repeat(5_001)))).toEqual([expect.objectContaining({ rule: 'too-many-tags' })]);
  });

  it('should still accept nesting within the limit, and tags inside comments', () => {
    expect(renderer.validate(nested(10), resolutionSamples)).toEqual([]);
    expect(renderer.validate(layout(`{{!-- ${'{{#if x}}'.repeat(100)} --}}<p>{{resolution.title}}</p>`), resolutionSamples)).toEqual([]);
  });
});
