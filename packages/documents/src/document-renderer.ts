import type { PluginDefinition } from '@chibo/procedure';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { BUILT_IN_HELPERS, DOCUMENT_HELPERS } from './helpers';
import { buildDocumentModel, type RenderInput } from './render-model';
import { GENERIC_TEMPLATE_ID, loadCorePartials, loadCoreTemplates, loadPluginTemplates, type DocumentTemplate } from './template-catalog';
import { SandboxedTemplateError, TemplateSandbox, TemplateTimeoutError } from './sandbox/template-sandbox';
import { checkTemplateAst, checkTemplateShape, issueFromError, type TemplateIssue } from './template-validation';

/** Compiled once per template: strict (a missing field throws), only the registered helpers, HTML-escaped output. */
const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpers: Object.fromEntries([...Object.keys(DOCUMENT_HELPERS), ...BUILT_IN_HELPERS].map((name) => [name, true])),
  knownHelpersOnly: true,
  preventIndent: true,
};
type CompileOptions = Parameters<typeof Handlebars.compile>[1];
type Template = Handlebars.TemplateDelegate;

/** Where a trial model carries its sample's number (for messages); not a field a template can reach by name. */
const SAMPLE_NUMBER = '@@sample-number';

/** Largest template source accepted (a committee's override included). */
export const MAX_TEMPLATE_BYTES = 200_000;

/** A committee's template to use instead of the plugin's (already validated when it was saved). */
export interface TemplateOverrideSource {
  /** e.g. `override:DU-NGOC-LAM:thematic:minutes@2` */
  ref: string;
  source: string;
}

/** A rendered document: the HTML exactly as stored, its sha256, and which template produced it. */
export interface RenderedDocument {
  html: string;
  checksum: string;
  templateRef: string;
  /** Set when a committee's template failed and the plugin's was used instead. */
  note: string | null;
}

/** Thrown when a template cannot render the data it was given (the document is then not rendered at all). */
export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';

  constructor(
    readonly templateRef: string,
    readonly issue: TemplateIssue,
  ) {
    super(`${templateRef}: ${issue.line ? `dòng ${issue.line}: ` : ''}${issue.message}`);
  }
}

/**
 * Renders documents to HTML with an isolated Handlebars environment (its own helpers and partials; nothing global):
 * strict mode, templates compiled once, committee overrides compiled once per distinct source. Rendering either
 * returns the whole document or throws — nothing is ever half-rendered.
 */
export class DocumentRenderer {
  private readonly hb = Handlebars.create();
  private readonly byId = new Map<string, DocumentTemplate>();
  private readonly compiled = new Map<string, Template>();
  /** Overrides by source checksum; bounded, least recently used first out. */
  private readonly overrides = new Map<string, Template>();

  /** Where committees' templates are compiled and rendered: a worker thread with a time limit (created on first use). */
  private sandboxInstance: TemplateSandbox | undefined;

  constructor(
    templates: readonly DocumentTemplate[],
    partials: Record<string, string> = loadCorePartials(),
    private readonly options: { templateTimeLimitMs?: number } = {},
  ) {
    for (const [name, helper] of Object.entries(DOCUMENT_HELPERS)) this.hb.registerHelper(name, helper);
    // `log` would let a template write to the server's console.
    this.hb.unregisterHelper('log');
    for (const [name, source] of Object.entries(partials)) {
      this.assertParses(`partial ${name}`, source);
      this.hb.registerPartial(name, this.hb.compile(source, COMPILE_OPTIONS));
    }
    this.partialNames = new Set(Object.keys(partials));
    for (const template of [...loadCoreTemplates(), ...templates]) {
      if (this.byId.has(template.id)) throw new Error(`Document template "${template.id}" is declared twice`);
      const issues = this.check(template.source);
      if (issues.length) {
        const first = issues[0]!;
        throw new Error(`Template "${template.id}" (${template.file}) is invalid: ${first.line ? `line ${first.line}: ` : ''}${first.message}`);
      }
      this.byId.set(template.id, template);
      this.compiled.set(template.id, this.hb.compile(template.source, COMPILE_OPTIONS));
    }
  }

  private readonly partialNames: ReadonlySet<string>;

  /** The renderer of the enabled plugins' templates (read from the plugin packages). */
  static fromPlugins(plugins: readonly PluginDefinition[], resolveFrom?: string): DocumentRenderer {
    return new DocumentRenderer(loadPluginTemplates(plugins, resolveFrom));
  }

  /** Every template, this package's generic one first. */
  templates(): DocumentTemplate[] {
    return [...this.byId.values()];
  }

  template(id: string): DocumentTemplate | undefined {
    return this.byId.get(id);
  }

  /** The template a document uses: the one its step named, else the generic one. */
  templateIdFor(input: Pick<RenderInput, 'template'>): string {
    return input.template && this.byId.has(input.template) ? input.template : GENERIC_TEMPLATE_ID;
  }

  /**
   * Renders a document. With an override, the committee's template is used; if it fails on this data, the plugin's
   * template renders the document instead and `note` says why. Throws {@link TemplateRenderError} when the plugin's
   * own template fails (a bug in a template or in the data its step passes).
   */
  render(input: RenderInput, override?: TemplateOverrideSource | null): RenderedDocument {
    const model = buildDocumentModel(input);
    const id = this.templateIdFor(input);
    let note: string | null = null;
    if (override) {
      try {
        const html = this.overrideTemplate(override.source)(model);
        return { html, checksum: sha256(html), templateRef: override.ref, note: null };
      } catch (error) {
        const issue = issueFromError(error, override.source, this.hb);
        note = `Mẫu ${override.ref} không dựng được văn bản (${issue.line ? `dòng ${issue.line}: ` : ''}${issue.message}); đã dùng mẫu mặc định.`;
      }
    }
    const template = this.byId.get(id)!;
    try {
      const html = this.compiled.get(id)!(model);
      return { html, checksum: sha256(html), templateRef: refOf(template), note };
    } catch (error) {
      throw new TemplateRenderError(refOf(template), issueFromError(error, template.source, this.hb));
    }
  }

  /**
   * Renders a document as {@link render} does, but a committee's override is compiled and rendered in the sandbox
   * (a worker thread, with a time limit): an override that fails, or runs past the limit, leaves the document to the
   * plugin's template and `note` says why. The plugins' own templates (shipped, trusted) render here.
   */
  async renderAsync(input: RenderInput, override?: TemplateOverrideSource | null): Promise<RenderedDocument> {
    if (!override) return this.render(input);
    const model = buildDocumentModel(input);
    let note: string;
    try {
      const html = await this.sandbox.render(override.source, model);
      return { html, checksum: sha256(html), templateRef: override.ref, note: null };
    } catch (error) {
      if (!(error instanceof SandboxedTemplateError) && !(error instanceof TemplateTimeoutError)) throw error;
      const issue = error.issue;
      note = `Mẫu ${override.ref} không dựng được văn bản (${issue.line ? `dòng ${issue.line}: ` : ''}${issue.message}); đã dùng mẫu mặc định.`;
    }
    return { ...this.render(input), note };
  }

  /**
   * Checks a template source a committee wants to use instead of `templateId`: size, syntax, helpers, partials, no
   * unescaped output or scripts, the official layout (the `document` partial), and a trial render against each
   * sample (documents of that template). Returns the problems, each with its line; empty means usable. Runs on the
   * calling thread: for a committee's source use {@link validateAsync}.
   */
  validate(source: string, samples: readonly RenderInput[] = []): TemplateIssue[] {
    return this.trialRender(source, samples.map((sample) => ({ ...buildDocumentModel(sample), [SAMPLE_NUMBER]: sample.number })));
  }

  /**
   * {@link validate} off the event loop: size and nesting are checked here (one linear scan), then parsing,
   * compiling and the trial renders run in the sandbox's worker thread, within the time limit (`too-slow` past it).
   */
  async validateAsync(source: string, samples: readonly RenderInput[] = []): Promise<TemplateIssue[]> {
    const shape = checkTemplateShape(source);
    if (shape.length) return shape;
    return this.sandbox.validate(
      source,
      samples.map((sample) => ({ ...buildDocumentModel(sample), [SAMPLE_NUMBER]: sample.number })),
    );
  }

  /** The sandbox's side of {@link validate}: every check, a compile, and a render of each model. */
  trialRender(source: string, models: ReadonlyArray<Record<string, unknown>>): TemplateIssue[] {
    const issues = this.check(source);
    if (issues.length) return issues;
    const template = this.hb.compile(source, COMPILE_OPTIONS);
    for (const { [SAMPLE_NUMBER]: number, ...model } of models) {
      let html: string;
      try {
        html = template(model);
      } catch (error) {
        const issue = issueFromError(error, source, this.hb);
        return [{ ...issue, message: `${issue.message} (khi dựng thử ${String(number)})` }];
      }
      if (/<script[\s>]/i.test(html)) return [{ path: 'source', rule: 'script-not-allowed', message: 'Văn bản không được chứa mã <script>', line: null, column: null }];
    }
    return [];
  }

  /** The sandbox's side of {@link renderAsync}: a committee's source (compiled once per distinct source) with a model. */
  renderSource(source: string, model: Record<string, unknown>): string {
    return this.overrideTemplate(source)(model);
  }

  /** A template's failure as an issue with its line. */
  describeError(error: unknown, source: string): TemplateIssue {
    return issueFromError(error, source, this.hb);
  }

  /** Stops the sandbox's worker thread, if one was started. */
  async close(): Promise<void> {
    await this.sandboxInstance?.close();
    this.sandboxInstance = undefined;
  }

  private get sandbox(): TemplateSandbox {
    this.sandboxInstance ??= new TemplateSandbox(this.options.templateTimeLimitMs);
    return this.sandboxInstance;
  }

  private check(source: string): TemplateIssue[] {
    if (!source.trim()) return [{ path: 'source', rule: 'empty-template', message: 'Mẫu văn bản đang trống', line: null, column: null }];
    if (Buffer.byteLength(source, 'utf8') > MAX_TEMPLATE_BYTES) {
      return [{ path: 'source', rule: 'too-large', message: `Mẫu văn bản dài quá ${MAX_TEMPLATE_BYTES / 1000} kB`, line: null, column: null }];
    }
    const shape = checkTemplateShape(source);
    if (shape.length) return shape;
    let ast: hbs.AST.Program;
    try {
      ast = this.hb.parse(source);
    } catch (error) {
      return [issueFromError(error, source, this.hb, 'template-syntax')];
    }
    const issues = checkTemplateAst(ast, this.partialNames);
    if (issues.length) return issues;
    try {
      this.hb.precompile(source, COMPILE_OPTIONS);
    } catch (error) {
      return [issueFromError(error, source, this.hb, 'template-syntax')];
    }
    return [];
  }

  private overrideTemplate(source: string): Template {
    const key = sha256(source);
    let template = this.overrides.get(key);
    if (template) {
      this.overrides.delete(key);
    } else {
      template = this.hb.compile(source, COMPILE_OPTIONS);
      if (this.overrides.size >= 200) this.overrides.delete(this.overrides.keys().next().value!);
    }
    this.overrides.set(key, template);
    return template;
  }

  private assertParses(what: string, source: string): void {
    try {
      this.hb.parse(source);
    } catch (error) {
      throw new Error(`${what} does not parse: ${(error as Error).message}`);
    }
  }
}

/** `plugin:thematic:minutes`, `core:generic`. */
function refOf(template: DocumentTemplate): string {
  return template.plugin ? `plugin:${template.id}` : template.id;
}

/** sha256 (hex) of a text, as stored next to documents and templates. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
