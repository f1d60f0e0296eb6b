import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebViews } from './web-views';
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPercent, toLocalInput } from './format';

function viewsWith(files: Record<string, string>): WebViews {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-views-'));
  for (const [path, content] of Object.entries({ 'layouts/main.hbs': '<main>{{body}}</main>', ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  for (const folder of ['pages', 'partials', 'layouts']) mkdirSync(join(dir, folder), { recursive: true });
  return new WebViews(dir);
}

describe('WebViews', () => {
  it('should compile every template of the app at start-up', () => {
    const views = new WebViews();
    expect(views.pageNames()).toEqual(expect.arrayContaining(['login', 'tasks/inbox', 'tasks/task', 'committee/compose', 'committee/guidance', 'committee/rollup', 'audit/trace', 'admin/index', 'dossier/show', 'documents/show', 'error']));
  });

  it('should escape what people typed, everywhere', () => {
    const views = viewsWith({ 'pages/p.hbs': '<p title="{{text}}">{{text}}</p>' });
    expect(views.render('p', { text: '<script>alert("x")</script>' })).toBe('<main><p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p></main>');
  });

  it('should refuse to render a page whose model lacks a field (strict mode), instead of printing nothing', () => {
    const views = viewsWith({ 'pages/p.hbs': '{{task.title}}' });
    expect(() => views.render('p', { task: null })).toThrow();
    expect(() => views.render('p', {})).toThrow();
  });

  it('should stop the app at start-up on a template with a syntax error', () => {
    expect(() => viewsWith({ 'pages/broken.hbs': '{{#if x}}never closed' })).toThrow('Template broken');
  });

  it('should render one partial alone for htmx, and translate with the page language', () => {
    const views = viewsWith({ 'pages/p.hbs': 'page', 'partials/part.hbs': '<b>{{t "tasks.overdue"}}</b>' });
    expect(views.render('p', { lang: 'en' }, { fragment: 'part' })).toBe('<b>Overdue</b>');
    expect(views.render('p', { lang: 'vi' }, { fragment: 'part' })).toBe('<b>Quá hạn</b>');
    expect(views.render('p', {}, { layout: false })).toBe('page');
  });
});

describe('formatting for Vietnamese readers', () => {
  it.each([
    ['2022-04-01T07:00:00.000Z', 'vi', '01/04/2022 14:00'],
    ['2022-04-01T07:00:00.000Z', 'en', '1 Apr 2022, 14:00'],
    ['2022-03-31T17:30:00.000Z', 'vi', '01/04/2022 00:30'],
  ] as const)('should show %s in Hà Nội time (%s)', (instant, lang, text) => {
    expect(formatDateTime(instant, lang)).toBe(text);
  });

  it('should show dates, months, numbers and percentages the local way', () => {
    expect(formatDate('2022-04-30', 'vi')).toBe('30/04/2022');
    expect(formatDate('2022-04-30', 'en')).toBe('30 Apr 2022');
    expect(formatMonth('2022-04', 'vi')).toBe('04/2022');
    expect(formatNumber(7.5, 'vi')).toBe('7,5');
    expect(formatNumber(7.5, 'en')).toBe('7.5');
    expect(formatPercent(15 / 17, 'vi')).toBe('88,2%');
    expect(toLocalInput('2022-04-01T07:00:00.000Z')).toBe('2022-04-01T14:00');
  });
});
