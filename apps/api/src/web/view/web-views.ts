import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isLang, localized, translate, type Lang } from '../i18n/i18n';
import { WEB_CONTRIBUTIONS } from '../plugins/web-contributions';
import { sharedStaticAssets } from '../static-assets';
import { formatDeadline } from './deadline';
import { findingName } from './names';
import { formatDate, formatDateTime, formatMonth, formatNumber, formatPercent } from './format';

/** Where the templates are: `src/web/views` in tests, `dist/web/views` once built (the build copies them). */
export const VIEWS_DIR = join(__dirname, '..', 'views');

type Template = Handlebars.TemplateDelegate;

/** What a page render may ask for besides its model. */
export interface RenderOptions {
  /** Layout to wrap the page in (default `main`); `false` for none. */
  layout?: string | false;
  /** Render only this partial with the model (an htmx fragment). */
  fragment?: string;
}

/**
 * The web pages' templates: one isolated Handlebars instance (its helpers and partials are nobody else's), strict
 * mode (a missing field is an error, not an empty string), every template compiled once when the app starts, and
 * Handlebars' escaping of `{{…}}` everywhere; the only triple-stash is the layout's `{{{body}}}`, which is a page this
 * class rendered.
 *
 * Layout `layouts/<name>.hbs`, partials `partials/**` (registered by their path: `partials/form/field.hbs` is
 * `form/field`), pages `pages/**` (`pages/tasks/inbox.hbs` is `tasks/inbox`); the enabled plugins' partials as
 * `<plugin>/<file>` (`self-criticism/assess`).
 */
export class WebViews {
  private readonly hb = Handlebars.create();
  private readonly pages = new Map<string, Template>();
  private readonly layouts = new Map<string, Template>();
  private readonly partials = new Map<string, Template>();

  constructor(readonly dir: string = VIEWS_DIR) {
    registerHelpers(this.hb);
    for (const [name, source] of templatesIn(join(dir, 'partials'))) {
      const template = this.compile(name, source);
      this.partials.set(name, template);
      this.hb.registerPartial(name, template);
    }
    // The enabled plugins' own partials (their step pages), as `<plugin>/<file>`.
    for (const { plugin, dir: folder } of WEB_CONTRIBUTIONS.viewFolders()) {
      for (const [file, source] of templatesIn(folder)) {
        const name = `${plugin}/${file}`;
        if (this.partials.has(name)) throw new Error(`Partial "${name}" defined twice`);
        const template = this.compile(name, source);
        this.partials.set(name, template);
        this.hb.registerPartial(name, template);
      }
    }
    for (const [name, source] of templatesIn(join(dir, 'layouts'))) this.layouts.set(name, this.compile(name, source));
    for (const [name, source] of templatesIn(join(dir, 'pages'))) this.pages.set(name, this.compile(name, source));
  }

  /** Directory of the page templates (Express's `views` setting). */
  get pagesDir(): string {
    return join(this.dir, 'pages');
  }

  /**
   * Marks text as trusted markup for `{{…}}` (no escaping). Only for our own files, e.g. the print stylesheet
   * inlined into a PDF's HTML; never for anything a person typed.
   */
  trusted(text: string): Handlebars.SafeString {
    return new this.hb.SafeString(text);
  }

  has(page: string): boolean {
    return this.pages.has(page);
  }

  pageNames(): string[] {
    return [...this.pages.keys()].sort();
  }

  /** Renders a page inside its layout, or only a fragment (partial) of it. */
  render(page: string, model: Record<string, unknown>, options: RenderOptions = {}): string {
    if (options.fragment) {
      const fragment = this.partials.get(options.fragment);
      if (!fragment) throw new Error(`Unknown partial "${options.fragment}"`);
      return fragment(model);
    }
    const template = this.pages.get(page);
    if (!template) throw new Error(`Unknown page "${page}"`);
    const body = template(model);
    const layoutName = options.layout ?? 'main';
    if (layoutName === false) return body;
    const layout = this.layouts.get(layoutName);
    if (!layout) throw new Error(`Unknown layout "${layoutName}"`);
    return layout({ ...model, body: new this.hb.SafeString(body) });
  }

  /**
   * The Express view engine (`app.engine('hbs', …)`): Express resolves `res.render('tasks/inbox', locals)` to the
   * file under {@link pagesDir}; the page name is that path. `locals.layout` and `locals.fragment` are the options.
   */
  expressEngine(): (path: string, options: object, callback: (error: unknown, html?: string) => void) => void {
    return (path, options, callback) => {
      try {
        const name = relative(this.pagesDir, path).replace(/\.hbs$/, '').split(sep).join('/');
        const model = options as Record<string, unknown> & RenderOptions;
        const renderOptions: RenderOptions = {};
        if (model.layout !== undefined) renderOptions.layout = model.layout;
        if (typeof model.fragment === 'string') renderOptions.fragment = model.fragment;
        callback(null, this.render(name, model, renderOptions));
      } catch (error) {
        callback(error);
      }
    };
  }

  private compile(name: string, source: string): Template {
    // Parse now, so a template with a syntax error stops the app at start-up rather than on the page that uses it.
    try {
      this.hb.parse(source);
    } catch (error) {
      throw new Error(`Template ${name}: ${(error as Error).message}`);
    }
    return this.hb.compile(source, { strict: true, preventIndent: true });
  }
}

let shared: WebViews | undefined;

/** One set of compiled templates per process, shared by every app instance (tests boot many). */
export function sharedWebViews(): WebViews {
  shared ??= new WebViews();
  return shared;
}

function templatesIn(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.hbs')) out.push([relative(dir, path).replace(/\.hbs$/, '').split(sep).join('/'), readFileSync(path, 'utf8')]);
    }
  };
  walk(dir);
  return out.sort(([a], [b]) => a.localeCompare(b));
}

/** The language of the page being rendered (every model carries `lang`; the layout's locals provide it). */
function langOf(options: Handlebars.HelperOptions | undefined): Lang {
  // A helper given fewer arguments than it takes receives no options: the page's language is then unknown here.
  const root = (options?.data as { root?: { lang?: unknown } } | undefined)?.root;
  return isLang(root?.lang) ? root.lang : 'vi';
}

type Hash = Record<string, unknown>;

function registerHelpers(hb: typeof Handlebars): void {
  /** {{t "key" name=value}}: a message in the page's language (escaped like any value). */
  hb.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
    return translate(langOf(options), String(key), options.hash as Hash);
  });
  /** {{loc title}}: a `{ vi, en }` text in the page's language. */
  hb.registerHelper('loc', function (text: unknown, options: Handlebars.HelperOptions) {
    return localized(langOf(options), text as { vi: string; en?: string } | string | null);
  });
  hb.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => formatDate(value as string | null, langOf(options)));
  hb.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) => formatDateTime(value as string | null, langOf(options)));
  /** {{asset "app.css"}}: the asset's URL with its content hash (cached for a year; a new file, a new URL). */
  hb.registerHelper('asset', (name: unknown) => sharedStaticAssets().url(String(name)));
  /** {{finding code}}: a finding by its name ("Dự thảo gửi muộn"), not its code. */
  hb.registerHelper('finding', (code: unknown, options: Handlebars.HelperOptions) => findingName(String(code), langOf(options)));
  /** {{deadline dueAt}}: a deadline by its last day ("31/12/2026", never "01/01/2027 00:00"). */
  hb.registerHelper('deadline', (value: unknown, options: Handlebars.HelperOptions) => formatDeadline(value as string | null, langOf(options)));
  hb.registerHelper('month', (value: unknown, options: Handlebars.HelperOptions) => formatMonth(String(value), langOf(options)));
  hb.registerHelper('num', (value: unknown, options: Handlebars.HelperOptions) => formatNumber(value as number | null, langOf(options)));
  hb.registerHelper('pct', (value: unknown, options: Handlebars.HelperOptions) => formatPercent(value as number | null, langOf(options)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  hb.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('includes', (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item));
  // A generated form with a file field is posted as multipart (web/uploads reads it).
  hb.registerHelper('hasFileField', (fields: unknown) => Array.isArray(fields) && fields.some((f: { widget?: string }) => f.widget === 'file'));
  /** {{uri value}}: a path segment or query value (instance ids hold "/" and Vietnamese letters). */
  hb.registerHelper('uri', (value: unknown) => encodeURIComponent(String(value ?? '')));
  /** {{concat a b …}}: for building ids and keys. */
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join(''));
  /** {{json value}}: pretty JSON, escaped (data of a document without a rendering). */
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));
}
