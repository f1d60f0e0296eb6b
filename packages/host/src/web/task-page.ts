import type { FieldIssue, InstanceState, RosterMember, RubricContribution } from '@chibo/procedure';

/**
 * A plugin's web contribution (ADR 0023): the pages of its tasks that are more than a generated form (the session
 * record, the vote, the score sheet…), the Handlebars partials that render them and their own words in Vietnamese and
 * English. It is Node-side, reached through the plugin's `./web` subpath (never its main entry, which the workflow
 * bundle imports), and enabled in `packages/catalog-node/src/enabled-web.ts` beside the effects.
 */
export interface WebContribution {
  /** The plugin's id (the namespace of its steps); its partials are registered as `<plugin>/<file>`, its words must start with `<plugin>.`. */
  plugin: string;
  /** Absolute folder of the plugin's `.hbs` partials (the build copies `src/web/views` to `dist/web/views`). */
  views: string;
  /** The plugin's words: the same keys in both languages, each starting with `<plugin>.`. */
  messages: { vi: Readonly<Record<string, string>>; en: Readonly<Record<string, string>> };
  pages: ReadonlyArray<TaskPage<unknown, unknown>>;
  /** How the composer shows its steps' parameters, by step name (`thematic:hold-session`) then parameter. */
  params?: Readonly<Record<string, Readonly<Record<string, ParamLabel>>>>;
}

/** A step parameter in the composer: its label (a word key of the plugin), a hint, its options' labels, its unit. */
export interface ParamLabel {
  label: string;
  hint?: string;
  /** `percent`: a share 0–1 in the definition, shown and typed as 0–100 %. */
  unit?: 'percent';
  /** Word keys of an enum's values. */
  options?: Readonly<Record<string, string>>;
}

/** A parsed `application/x-www-form-urlencoded` body: a repeated name gives an array. */
export type PostedForm = Record<string, string | string[] | undefined>;

export type WidgetName = 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'radio' | 'member' | 'datetime' | 'date' | 'month' | 'lines';

/** A field a page builds by hand; the web app turns it into what its `form/field` partial renders. */
export interface FieldSpec {
  name: string;
  label: string;
  widget: WidgetName;
  value?: string;
  checked?: boolean;
  required?: boolean;
  hint?: string | null;
  options?: Array<{ value: string; label: string }>;
  min?: number | null;
  max?: number | null;
}

/** A field as the web app's `form/field` partial renders it (its name, HTML id and error, and more the partial reads). */
export interface FieldModel {
  name: string;
  id: string;
  error: string | null;
}

/**
 * What the web app lends a page: the instance as it stands, the step's parameters (parsed, with defaults), the
 * language and words, and its form helpers, so a plugin needs nothing from the app.
 */
export interface TaskPageContext {
  lang: 'vi' | 'en';
  state: InstanceState;
  roster: readonly RosterMember[];
  /** The step's parameters with their defaults: the same values the step's rules run with. */
  params: Readonly<Record<string, unknown>>;
  /** A rubric by id from the registry (the one the step's parameters select). */
  rubric(id: string): RubricContribution;
  /** A word in the page's language: the plugin's own or the app's shared ones (`field.*`, `form.*`). */
  t(key: string, params?: Readonly<Record<string, unknown>>): string;
  form: {
    one(body: PostedForm, name: string): string | undefined;
    all(body: PostedForm, name: string): string[];
    /** The row indexes present in a body for the list `name` (`name.0.x`, `name.3.y` → [0, 3]). */
    rows(body: PostedForm, name: string): number[];
    /** The HTML id of a field name. */
    id(name: string): string;
    /** The error message of a field (and of anything inside it unless `exact`). */
    error(errors: ReadonlyMap<string, string[]>, name: string, exact?: boolean): string | null;
    field(spec: FieldSpec, errors: ReadonlyMap<string, string[]>): FieldModel;
  };
  format: {
    percent(ratio: number | null | undefined): string;
    number(value: number | null | undefined): string;
    /** An instant as the value of a `datetime-local` input (Hà Nội time). */
    localInput(value: string | null | undefined): string;
  };
}

/** A live part of a page the web app re-renders from the form as it stands (a tally, a score, attendance figures). */
export interface LivePart<M> {
  /** The partial that renders it (registered name, e.g. `thematic/tally`). */
  partial: string;
  /** Its model, from the page's view model. */
  model(view: M): Record<string, unknown>;
}

/**
 * The page of one task of one step kind. `V` is what the person typed, `M` the partial's model. Every function is
 * pure: the web app loads the instance, calls these and renders `partial` with `{ view }`.
 */
export interface TaskPage<V, M = unknown> {
  /** The step's name without version (`thematic:hold-session`) and the task (`record`). */
  step: string;
  task: string;
  /** The partial rendering the form's body, e.g. `thematic/session`. */
  partial: string;
  defaults(ctx: TaskPageContext): V;
  /** The posted form, with its add/remove/"all for" button (`action`) applied. */
  read(ctx: TaskPageContext, body: PostedForm, action: string): V;
  /** What the step receives. */
  input(ctx: TaskPageContext, values: V): Record<string, unknown>;
  /** Moves issues to the field that shows them (e.g. `absent.1.reason` to the absentee's row). */
  errorKeys?(errors: Map<string, string[]>, values: V): Map<string, string[]>;
  /** The partial's model and the names of the fields on it (to link the error summary). */
  view(ctx: TaskPageContext, values: V, errors: ReadonlyMap<string, string[]>): { model: M; fields: string[] };
  live?: Readonly<Record<string, LivePart<M>>>;
}

/** Declares a plugin's web contribution; checks that its words live in its namespace and exist in both languages. */
export function defineWebContribution(web: WebContribution): WebContribution {
  for (const lang of ['vi', 'en'] as const) {
    const other = lang === 'vi' ? 'en' : 'vi';
    for (const key of Object.keys(web.messages[lang])) {
      if (!key.startsWith(`${web.plugin}.`)) throw new Error(`Web words of plugin "${web.plugin}": "${key}" must start with "${web.plugin}."`);
      if (!Object.hasOwn(web.messages[other], key)) throw new Error(`Web words of plugin "${web.plugin}": "${key}" has no ${other} text`);
    }
  }
  for (const [step, labels] of Object.entries(web.params ?? {})) {
    if (!step.startsWith(`${web.plugin}:`)) throw new Error(`Parameter labels of "${step}" must belong to a step of plugin "${web.plugin}"`);
    for (const label of Object.values(labels)) {
      for (const key of [label.label, ...(label.hint ? [label.hint] : []), ...Object.values(label.options ?? {})]) {
        if (!Object.hasOwn(web.messages.vi, key)) throw new Error(`Parameter label "${key}" of "${step}" is not a word of plugin "${web.plugin}"`);
      }
    }
  }
  for (const page of web.pages) {
    if (!page.step.startsWith(`${web.plugin}:`)) throw new Error(`Page of "${page.step}" must belong to a step of plugin "${web.plugin}"`);
    if (!page.partial.startsWith(`${web.plugin}/`)) throw new Error(`Partial "${page.partial}" must be named "${web.plugin}/…"`);
  }
  return web;
}

/** A field issue's message in the page's language: the words for its rule (`<plugin>.rule.<rule>` or `rule.<rule>`) with its parameters, else the message the core wrote. */
export type IssueTranslator = (issue: FieldIssue) => string;
