import type Handlebars from 'handlebars';
import { DOCUMENT_HELPERS } from './helpers';

/** One problem of a template source, with where it is (1-based line and column; null when unknown). */
export interface TemplateIssue {
  /** Always `source`: the request field the template came in. */
  path: 'source';
  rule: string;
  message: string;
  line: number | null;
  column: number | null;
  /** What the message names, as data (`{ field: 'votes' }`), for a page to word it in its language. */
  params?: Readonly<Record<string, string | number>>;
}

type Node = hbs.AST.Node;

/** The partial every document template must wrap its body in: it prints the official HD 36 header. */
export const LAYOUT_PARTIAL = 'document';

function issue(rule: string, message: string, loc?: hbs.AST.SourceLocation | null, params?: TemplateIssue['params']): TemplateIssue {
  return { path: 'source', rule, message, line: loc?.start.line ?? null, column: loc ? loc.start.column + 1 : null, ...(params ? { params } : {}) };
}

/** Deepest nesting of blocks (`{{#if}}`, `{{#each}}`, `{{#> partial}}`…) a committee's template may have. */
export const MAX_TEMPLATE_DEPTH = 40;
/** Most `{{ … }}` tags a committee's template may have (the plugins' own have a few hundred). */
export const MAX_TEMPLATE_TAGS = 5_000;

/**
 * Checks size and nesting with one linear scan of the source, before Handlebars parses it: its parser and compiler
 * are superlinear in nesting depth (1,000 nested `{{#if}}` took 0.7 s to parse, 6,000 blocked the event loop for over
 * a minute and overflow the stack), so a hostile template must be refused before either runs.
 */
export function checkTemplateShape(source: string): TemplateIssue[] {
  // Comments may contain anything, tags included: they are not blocks.
  const text = source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![^}]*\}\}/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const tag = /\{\{~?\s*([#^/]?)\s*(>?)\s*([^\s}~]*)/g;
  let depth = 0;
  let tags = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    tags++;
    const [, kind, , name] = m;
    // `{{^}}` alone is `{{else}}`; `{{^name}}` opens an inverse block.
    if (kind === '#' || (kind === '^' && name !== '')) depth++;
    else if (kind === '/') depth--;
    if (depth > MAX_TEMPLATE_DEPTH || tags > MAX_TEMPLATE_TAGS) {
      const line = text.slice(0, m.index).split('\n').length;
      const column = m.index - text.lastIndexOf('\n', m.index - 1);
      return depth > MAX_TEMPLATE_DEPTH
        ? [{ path: 'source', rule: 'too-deep', message: `Các khối {{#…}} lồng nhau quá sâu: tối đa ${MAX_TEMPLATE_DEPTH} cấp`, line, column, params: { max: MAX_TEMPLATE_DEPTH, line } }]
        : [{ path: 'source', rule: 'too-many-tags', message: `Mẫu văn bản có quá nhiều thẻ {{…}}: tối đa ${MAX_TEMPLATE_TAGS}`, line, column, params: { max: MAX_TEMPLATE_TAGS, line } }];
    }
  }
  return [];
}

/** Calls `visit` on every node of a template's syntax tree, depth first, in source order. */
export function walk(node: Node | null | undefined, visit: (node: Node) => void): void {
  if (!node) return;
  visit(node);
  const n = node as unknown as Record<string, unknown>;
  for (const key of ['path', 'name', 'params', 'hash', 'pairs', 'value', 'program', 'inverse', 'body']) {
    const child = n[key];
    if (Array.isArray(child)) for (const c of child) walk(c as Node, visit);
    else if (child && typeof child === 'object' && 'type' in (child as object)) walk(child as Node, visit);
  }
}

/**
 * What can be checked without data: the official layout is used, partials and helpers exist, output is escaped,
 * no decorators and no scripts. Unknown helpers are also caught by the compiler (`knownHelpersOnly`).
 */
export function checkTemplateAst(ast: hbs.AST.Program, partials: ReadonlySet<string>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const helpers = new Set([...Object.keys(DOCUMENT_HELPERS), 'if', 'unless', 'each', 'with', 'lookup']);
  walk(ast, (node) => {
    switch (node.type) {
      case 'MustacheStatement': {
        const m = node as hbs.AST.MustacheStatement;
        if (!m.escaped) issues.push(issue('unescaped-output', 'Không dùng {{{ … }}} hay {{& … }}: mọi nội dung phải được mã hóa HTML', node.loc, { line: node.loc.start.line }));
        break;
      }
      case 'DecoratorBlock':
      case 'Decorator':
        issues.push(issue('not-allowed', 'Không dùng decorator (*) trong mẫu văn bản', node.loc, { line: node.loc.start.line }));
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const p = node as hbs.AST.PartialStatement;
        const name = p.name.type === 'PathExpression' ? (p.name as hbs.AST.PathExpression).original : null;
        if (!name || !partials.has(name)) {
          const known = [...partials].sort().join(', ');
          issues.push(issue('unknown-partial', `Không có mẫu con “${name ?? '(động)'}”; dùng: ${known}`, node.loc, name ? { partial: name, values: known, line: node.loc.start.line } : undefined));
        }
        break;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        if (!helpers.has(b.path.original)) {
          issues.push(issue('unknown-helper', `Không có khối “{{#${b.path.original}}}”; dùng #if, #unless, #each, #with`, node.loc, { helper: b.path.original, block: 1, line: node.loc.start.line }));
        }
        break;
      }
      case 'ContentStatement': {
        const c = node as hbs.AST.ContentStatement;
        // `original` is the text as written; `value` may have lost the whitespace of standalone tags.
        const text = (c as { original?: unknown }).original;
        const source = typeof text === 'string' ? text : c.value;
        const at = source.search(/<script[\s>]/i);
        if (at >= 0) {
          // A text node spans lines: report the line of the tag itself.
          const before = source.slice(0, at).split('\n');
          const line = node.loc.start.line + before.length - 1;
          const column = before.length > 1 ? before[before.length - 1]!.length : node.loc.start.column + at;
          issues.push({ path: 'source', rule: 'script-not-allowed', message: 'Văn bản không được chứa mã <script>', line, column: column + 1, params: { line } });
        }
        break;
      }
    }
  });
  const usesLayout = ast.body.some((node) => node.type === 'PartialBlockStatement' && (node as hbs.AST.PartialBlockStatement).name.type === 'PathExpression' && ((node as hbs.AST.PartialBlockStatement).name as hbs.AST.PathExpression).original === LAYOUT_PARTIAL);
  if (!issues.length && !usesLayout) {
    issues.push(issue('official-layout-missing', `Mẫu phải đặt nội dung trong {{#> ${LAYOUT_PARTIAL}}} … {{/${LAYOUT_PARTIAL}}} để có phần đầu văn bản theo HD 36-HD/VPTW`, null, { partial: LAYOUT_PARTIAL }));
  }
  return issues;
}

/**
 * Turns what Handlebars (or a helper) threw into an issue with the line it happened on. Handlebars' own errors carry
 * the line; a JavaScript error from a lookup or a helper does not, so the line is that of the first use of the field
 * or helper the error names.
 */
export function issueFromError(error: unknown, source: string, hb: typeof Handlebars, fallbackRule = 'render-error'): TemplateIssue {
  const e = error as { message?: string; lineNumber?: number; column?: number };
  const message = String(e.message ?? error);
  const at = (line: number | null | undefined, column?: number | null): Pick<TemplateIssue, 'line' | 'column'> => ({
    line: line ?? null,
    column: column === undefined || column === null ? null : column + 1,
  });
  const parse = parseErrorOf(message, source);
  if (parse) {
    const { line, problem, near, token } = parse;
    const where = `Lỗi cú pháp Handlebars ở dòng ${line}${near ? ` (“${near}”)` : ''}`;
    return { path: 'source', rule: 'template-syntax', message: `${where}: ${SYNTAX_PROBLEMS[problem](token ?? '')}`, params: { line, problem, ...(near ? { near } : {}), ...(token ? { token } : {}) }, ...at(line) };
  }
  const located = / - (\d+):(\d+)$/.exec(message);
  const plain = message.replace(/ - \d+:\d+$/, '');
  const line = e.lineNumber ?? (located ? Number(located[1]) : undefined);
  const column = e.column ?? (located ? Number(located[2]) : undefined);
  let m: RegExpExecArray | null;
  if ((m = /^"([^"]+)" not defined in/.exec(plain))) {
    return { path: 'source', rule: 'unknown-field', message: `Trường “${m[1]}” không có trong dữ liệu của văn bản`, params: { field: m[1]! }, ...at(line, column) };
  }
  if ((m = /unknown helper (\S+)/.exec(plain))) {
    return { path: 'source', rule: 'unknown-helper', message: `Không có hàm trợ giúp “${m[1]}”`, params: { helper: m[1]!, ...(line !== undefined ? { line } : {}) }, ...at(line, column) };
  }
  if ((m = /^(\S+) doesn't match (\S+)$/.exec(plain))) {
    return { path: 'source', rule: 'template-syntax', message: `Khối {{#${m[1]}}} lại được đóng bằng {{/${m[2]}}}`, params: { problem: 'mismatched-block', open: m[1]!, close: m[2]!, ...(line !== undefined ? { line } : {}) }, ...at(line, column) };
  }
  if ((m = /^The partial (\S+) could not be found/.exec(plain))) {
    return { path: 'source', rule: 'unknown-partial', message: `Không có mẫu con “${m[1]}”`, params: { partial: m[1]!, ...(line !== undefined ? { line } : {}) }, ...at(line, column) };
  }
  if (line !== undefined) return { path: 'source', rule: fallbackRule, message: plain, ...at(line, column) };
  // A JavaScript error: find the first use of what it names.
  let ast: hbs.AST.Program | undefined;
  try {
    ast = hb.parse(source);
  } catch {
    ast = undefined;
  }
  // A built-in block helper given no argument or several ({{#if}}, {{#each}}): Handlebars says so in English, unplaced.
  if ((m = /^#(if|unless|with) requires exactly one argument$|^Must pass iterator to #(each)$/.exec(plain))) {
    const helper = (m[1] ?? m[2])!;
    const node = ast && findNode(ast, (n) => n.type === 'BlockStatement' && ((n as hbs.AST.BlockStatement).path as hbs.AST.PathExpression).original === helper && (n as hbs.AST.BlockStatement).params.length !== 1);
    return { path: 'source', rule: 'helper-error', message: `Khối {{#${helper} …}} cần đúng một trường, ví dụ {{#${helper} title}}`, params: { helper, ...(node ? { line: node.loc.start.line } : {}) }, ...at(node?.loc.start.line, node?.loc.start.column) };
  }
  if ((m = /reading '([^']+)'/.exec(plain))) {
    const field = m[1]!;
    const node = ast && findNode(ast, (n) => n.type === 'PathExpression' && (n as hbs.AST.PathExpression).parts.indexOf(field) > 0);
    const path = node ? (node as hbs.AST.PathExpression).original : field;
    return { path: 'source', rule: 'unknown-field', message: `Không đọc được “${path}”: phần trước “${field}” không có trong dữ liệu`, params: { field: path }, ...at(node?.loc.start.line, node?.loc.start.column) };
  }
  if ((m = /^(\w+): (.+)$/.exec(plain)) && m[1]! in DOCUMENT_HELPERS) {
    const helper = m[1]!;
    const node =
      ast &&
      findNode(ast, (n) => ['MustacheStatement', 'SubExpression', 'BlockStatement'].includes(n.type) && ((n as hbs.AST.SubExpression).path as hbs.AST.PathExpression).original === helper && (n as hbs.AST.SubExpression).params.length > 0);
    return { path: 'source', rule: 'helper-error', message: `Hàm ${helper}: ${m[2]}`, params: { helper, ...(node ? { line: node.loc.start.line } : {}) }, ...at(node?.loc.start.line, node?.loc.start.column) };
  }
  return { path: 'source', rule: fallbackRule, message: plain, line: null, column: null };
}

/** What a Handlebars parse error is about, for a committee to fix it: never the parser's token names. */
export type SyntaxProblem = 'unclosed-block' | 'unclosed-tag' | 'invalid-tag' | 'unexpected' | 'mismatched-block';

/** The Vietnamese of each problem (the core's message; pages word `params.problem` in their language). */
const SYNTAX_PROBLEMS: Record<Exclude<SyntaxProblem, 'mismatched-block'>, (token: string) => string> = {
  'unclosed-block': () => 'khối {{#…}} chưa được đóng bằng {{/…}}',
  'unclosed-tag': () => 'mẫu kết thúc khi thẻ {{…}} chưa được đóng',
  'invalid-tag': () => 'thẻ {{…}} viết chưa đúng (thiếu “}}” hay có ký tự không hợp lệ?)',
  unexpected: (token) => `“${token}” đặt không đúng chỗ`,
};

/** Longest line a syntax error quotes whole. */
const MAX_NEAR = 80;

/** The parser's tokens a committee can recognise, as written in a template. */
const TOKEN_TEXT: Readonly<Record<string, string>> = {
  CLOSE: '}}',
  CLOSE_UNESCAPED: '}}}',
  CLOSE_RAW_BLOCK: '}}}}',
  OPEN: '{{',
  OPEN_BLOCK: '{{#',
  OPEN_ENDBLOCK: '{{/',
  OPEN_INVERSE: '{{^',
  OPEN_INVERSE_CHAIN: '{{else',
  INVERSE: '{{else}}',
  OPEN_PARTIAL: '{{>',
  OPEN_PARTIAL_BLOCK: '{{#>',
  OPEN_SEXPR: '(',
  CLOSE_SEXPR: ')',
  EQUALS: '=',
};

/**
 * A Handlebars parse error ("Parse error on line 3:\n…{{resolution.title</p>\n-----^\nExpecting 'ID', …, got
 * 'INVALID'") as its line, the text around where it stopped (what the parser quotes), and
 * what is wrong in words a template's author knows; null for any other error.
 */
export function parseErrorOf(message: string, source?: string): { line: number; problem: Exclude<SyntaxProblem, 'mismatched-block'>; near?: string; token?: string } | null {
  // The lexer stops first at text it has no token for (an unclosed {{!-- comment): a tag written wrong.
  const lexical = /^Lexical error on line (\d+)\. Unrecognized text\.\n([^\n]*)\n-*\^$/.exec(message);
  if (lexical) {
    const line = Number(lexical[1]);
    const own = source?.split('\n')[line - 1]?.trim();
    const near = own && own.length <= MAX_NEAR ? own : lexical[2]!.replace(/^\.\.\.|\.\.\.$/g, '').trim();
    return { line, problem: 'invalid-tag', ...(near ? { near } : {}) };
  }
  const m = /^Parse error on line (\d+):\n([^\n]*)\n(-*)\^\n(Expecting [\s\S]*)$/.exec(message);
  if (!m) return null;
  const line = Number(m[1]);
  // The line itself when it is short; else what the parser quotes (up to 20 characters either side of where it
  // stopped, lines joined).
  const own = source?.split('\n')[line - 1]?.trim();
  const near = own && own.length <= MAX_NEAR ? own : m[2]!.replace(/^\.\.\.|\.\.\.$/g, '').trim();
  const got = /got '([^']+)'$/.exec(m[4]!)?.[1];
  const expected = m[4]!;
  const base = near ? { line, near } : { line };
  if (got === 'EOF') return { ...base, problem: expected.includes("'OPEN_ENDBLOCK'") ? 'unclosed-block' : 'unclosed-tag' };
  const token = got ? TOKEN_TEXT[got] : undefined;
  return token ? { ...base, problem: 'unexpected', token } : { ...base, problem: 'invalid-tag' };
}

function findNode(ast: hbs.AST.Program, test: (node: Node) => boolean): Node | undefined {
  let found: Node | undefined;
  walk(ast, (node) => {
    if (!found && test(node)) found = node;
  });
  return found;
}
