import { stepOrderIssues, stepRefSchema, type FieldIssue, type ProcedureDefinition, type StepRef, type StepRegistry } from '@chibo/procedure';
import { issueInWords } from '../forms/issue-words';
import { z } from 'zod';
import { translate, translateOptional, type Lang, localized } from '../i18n/i18n';
import { one, type FormBody } from '../forms/form-body';
import { buildFields, fieldNames, makeField, readForm, type FieldView, type JsonSchema } from '../forms/schema-form';
import { WEB_CONTRIBUTIONS } from '../plugins/web-contributions';
import { formatPercent } from '../view/format';
import { rubricName } from '../view/names';

/** The definition being composed, carried from post to post in the form itself (no server-side draft state). */
export interface EditorState {
  owner: string;
  key: string;
  title: string;
  /** The version it started from, for the diff ("default" owner for a plugin default). */
  base: { owner: string; key: string; version: number };
  steps: StepRef[];
}

const stepsSchema = z.array(stepRefSchema).max(50);

/** Parameter schema of a step kind as JSON Schema (what the committee may set). */
export function paramsSchema(registry: StepRegistry, kind: string): JsonSchema {
  if (!registry.hasStep(kind)) return {};
  return z.toJSONSchema(registry.step(kind).params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/**
 * Reads the editor's form: the step list from its hidden JSON, each step's parameters from their fields, the chosen
 * rubric applied to every scoring step, then the button pressed (add, remove, move up/down).
 */
export function readEditor(body: FormBody, registry: StepRegistry, fallback: EditorState): { state: EditorState; problem: boolean } {
  let steps: StepRef[] = fallback.steps;
  let problem = false;
  try {
    const parsed = stepsSchema.safeParse(JSON.parse(one(body, 'steps') ?? '[]'));
    if (parsed.success) steps = parsed.data;
    else problem = true;
  } catch {
    problem = true;
  }
  steps = steps.map((step, i) => {
    // Only steps whose parameter fields were on the form (an unticked checkbox is absent from a post, not "false").
    if (!registry.hasStep(step.kind) || one(body, `params.${i}._shown`) !== '1') return step;
    const definition = registry.step(step.kind);
    const schema = withoutRubric(paramsSchema(registry, step.kind), definition.rubricParam);
    return { ...step, params: mergeParams(step.params, fromPercent(step.kind, readForm(schema, body, `params.${i}`)), schema) };
  });
  const rubric = one(body, 'rubric');
  if (rubric && registry.hasRubric(rubric)) {
    steps = steps.map((step) => {
      const param = registry.hasStep(step.kind) ? registry.step(step.kind).rubricParam : undefined;
      return param ? { ...step, params: { ...step.params, [param]: rubric } } : step;
    });
  }
  const state: EditorState = {
    owner: one(body, 'owner') ?? fallback.owner,
    key: fallback.key,
    title: (one(body, 'title') ?? fallback.title).trim() || fallback.title,
    base: fallback.base,
    steps,
  };
  return { state: applyEditorAction(state, one(body, '_action') ?? '', one(body, 'newKind') ?? '', registry), problem };
}

/**
 * The parameters after an edit: a value equal to the parameter's default is not written unless the step already had
 * it, so a definition only says what differs from the plugin's defaults (and the diff shows only real changes).
 */
function mergeParams(before: Record<string, unknown>, read: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  const params = { ...before };
  for (const [key, value] of Object.entries(read)) {
    const fallback = schema.properties?.[key]?.default;
    if (Object.hasOwn(before, key) || JSON.stringify(value) !== JSON.stringify(fallback)) params[key] = value;
  }
  return params;
}

/** The definition's step-order problems (a step before the one providing what it needs), in the page's language. */
export function orderIssues(steps: readonly StepRef[], registry: StepRegistry, lang: Lang): FieldIssue[] {
  const title = (id: string) => {
    const ref = steps.find((s) => s.id === id);
    return ref && registry.hasStep(ref.kind) ? localized(lang, registry.step(ref.kind).title) : id;
  };
  return stepOrderIssues(steps, registry).map((issue) =>
    issueInWords(issue, lang, { param: (name, value) => (name === 'fact' ? (translateOptional(lang, `fact.${value}`) ?? String(value)) : title(String(value))) }),
  );
}

/** A parameter's name as its plugin words it (the code name when it does not). */
export function paramName(kind: string, key: string, lang: Lang, registry?: StepRegistry): string {
  if (registry?.hasStep(kind) && registry.step(kind).rubricParam === key) return translate(lang, 'procedures.rubric');
  const label = WEB_CONTRIBUTIONS.paramLabel(kind, key);
  return label ? translate(lang, label.label) : key;
}

/** A parameter's value for people: a share as a percentage, an option by its words, yes/no, "—" when unset. */
export function paramValue(kind: string, key: string, value: unknown, lang: Lang, registry?: StepRegistry): string {
  if (value === undefined) return '—';
  if (typeof value === 'string' && registry?.hasStep(kind) && registry.step(kind).rubricParam === key) return rubricName(registry, value, lang);
  const label = WEB_CONTRIBUTIONS.paramLabel(kind, key);
  if (label?.unit === 'percent' && typeof value === 'number') return formatPercent(value, lang);
  if (typeof value === 'string' && label?.options?.[value]) return translate(lang, label.options[value]!);
  if (typeof value === 'boolean') return translate(lang, value ? 'composer.yes' : 'composer.no');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Shares typed as percentages (85) back to what the step reads (0.85). */
function fromPercent(kind: string, read: Record<string, unknown>): Record<string, unknown> {
  const out = { ...read };
  for (const [key, value] of Object.entries(read)) {
    if (WEB_CONTRIBUTIONS.paramLabel(kind, key)?.unit === 'percent' && typeof value === 'number') out[key] = Math.round(value * 1e4) / 1e6;
  }
  return out;
}

/**
 * The parameter fields as the step's plugin words them (Vietnamese labels, options, hints), shares as percentages;
 * a parameter the plugin does not describe keeps its generated label.
 */
function describeParams(kind: string, fields: FieldView[], lang: Lang): FieldView[] {
  return fields.map((field) => {
    const key = field.name.split('.').pop()!;
    const label = WEB_CONTRIBUTIONS.paramLabel(kind, key);
    if (!label) return field;
    const hint = label.hint ? translate(lang, label.hint) : field.hint;
    const described: FieldView = {
      ...field,
      label: translate(lang, label.label),
      hint,
      hintId: field.hintId,
      describedBy: [hint ? field.hintId : null, field.error ? field.errorId : null].filter(Boolean).join(' ') || null,
      options: field.options.map((o) => (label.options?.[o.value] ? { ...o, label: translate(lang, label.options[o.value]!) } : o)),
    };
    if (label.unit === 'percent') {
      const share = Number(field.value);
      return { ...described, widget: 'number', value: field.value === '' || !Number.isFinite(share) ? field.value : String(Math.round(share * 1e4) / 100), min: 0, max: 100 };
    }
    return described;
  });
}

/**
 * The parameters a committee sets in the composer: not the rubric (chosen once for every scoring step) and not
 * structured values (a pinned score sheet is set by choosing the sheet, never typed field by field).
 */
function withoutRubric(schema: JsonSchema, rubricParam: string | undefined): JsonSchema {
  if (!schema.properties) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).filter(([key, prop]) => key !== rubricParam && prop.type !== 'object' && prop.type !== 'array' && !prop.properties));
  return { ...schema, properties };
}

/** Adds, removes or moves a step. */
export function applyEditorAction(state: EditorState, action: string, newKind: string, registry: StepRegistry): EditorState {
  const [verb, arg] = action.split(':') as [string, string | undefined];
  const steps = [...state.steps];
  const i = Number(arg);
  if (verb === 'add' && registry.hasStep(newKind)) {
    const step = registry.step(newKind);
    const id = uniqueId(step.addable?.alias ?? step.name.split(':').pop() ?? 'step', steps);
    // A step that says where it belongs (self-criticism after the session) goes there; anything else at the end.
    const anchor = step.addable ? findLastIndex(steps, (s) => step.addable!.after.includes(s.kind.split('@')[0]!)) : -1;
    const at = arg !== undefined && arg !== '' && Number.isInteger(i) ? Math.min(i + 1, steps.length) : anchor >= 0 ? anchor + 1 : steps.length;
    steps.splice(at, 0, { id, kind: newKind, params: {} });
  } else if (verb === 'remove' && Number.isInteger(i)) {
    steps.splice(i, 1);
  } else if (verb === 'up' && Number.isInteger(i) && i > 0) {
    [steps[i - 1], steps[i]] = [steps[i]!, steps[i - 1]!];
  } else if (verb === 'down' && Number.isInteger(i) && i < steps.length - 1) {
    [steps[i], steps[i + 1]] = [steps[i + 1]!, steps[i]!];
  }
  return { ...state, steps };
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

function uniqueId(base: string, steps: readonly StepRef[]): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^[^a-z]+/, '') || 'step';
  let id = clean;
  for (let n = 2; steps.some((s) => s.id === id); n++) id = `${clean}-${n}`;
  return id;
}

/** Steps added, removed, moved or re-parameterised from one version to the next (as the API's compose answers). */
export function diffSteps(before: readonly StepRef[], after: readonly StepRef[]) {
  const old = new Map(before.map((s, i) => [s.id, { ...s, index: i }]));
  const now = new Map(after.map((s, i) => [s.id, { ...s, index: i }]));
  // Moved: the fewest steps whose moving explains the new order, i.e. those outside the longest run of steps both
  // versions have that kept their relative order (inserting a step does not "move" the ones after it).
  const common = after.filter((s) => old.has(s.id)).map((s) => ({ id: s.id, was: old.get(s.id)!.index }));
  const kept = longestIncreasing(common.map((c) => c.was));
  return {
    added: after.filter((s) => !old.has(s.id)).map((s) => s.id),
    removed: before.filter((s) => !now.has(s.id)).map((s) => s.id),
    moved: common.filter((_, i) => !kept.has(i)).map((c) => c.id),
    changed: after.filter((s) => old.has(s.id) && JSON.stringify(old.get(s.id)!.params) !== JSON.stringify(s.params)).map((s) => s.id),
  };
}

/** Indexes of one longest strictly increasing subsequence of `values` (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((value, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1]!;
    tails[lo] = i;
  });
  const kept = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}

/** The diff as lines a committee reads: each step by its title, with what changed in its parameters. */
export function diffView(before: readonly StepRef[], after: readonly StepRef[], registry: StepRegistry, lang: Lang) {
  const diff = diffSteps(before, after);
  const title = (list: readonly StepRef[], id: string) => {
    const step = list.find((s) => s.id === id);
    return step && registry.hasStep(step.kind) ? `${localized(lang, registry.step(step.kind).title)} (${id})` : id;
  };
  const paramChanges = (id: string) => {
    const a = before.find((s) => s.id === id)?.params ?? {};
    const b = after.find((s) => s.id === id)?.params ?? {};
    return [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      .map((k) => {
        const kind = after.find((s) => s.id === id)?.kind ?? before.find((s) => s.id === id)?.kind ?? '';
        return `${paramName(kind, k, lang, registry)}: ${paramValue(kind, k, a[k], lang, registry)} → ${paramValue(kind, k, b[k], lang, registry)}`;
      });
  };
  const lines = [
    ...diff.added.map((id) => ({ kind: 'added', text: translate(lang, 'procedures.diffAdded', { step: title(after, id) }), details: [] as string[] })),
    ...diff.removed.map((id) => ({ kind: 'removed', text: translate(lang, 'procedures.diffRemoved', { step: title(before, id) }), details: [] as string[] })),
    ...diff.moved.map((id) => ({ kind: 'moved', text: translate(lang, 'procedures.diffMoved', { step: title(after, id) }), details: [] as string[] })),
    ...diff.changed.map((id) => ({ kind: 'changed', text: translate(lang, 'procedures.diffChanged', { step: title(after, id) }), details: paramChanges(id) })),
  ];
  return { ...diff, lines, empty: lines.length === 0 };
}

/** The editor's view model: each step with its parameter fields and move/remove buttons, the kinds that can be added. */
export function editorView(state: EditorState, registry: StepRegistry, lang: Lang, errors: ReadonlyMap<string, string[]>, owners: ReadonlyArray<{ code: string; name: string }>) {
  const rubrics = registry.listRubrics();
  const currentRubric = state.steps
    .map((s) => {
      const param = registry.hasStep(s.kind) ? registry.step(s.kind).rubricParam : undefined;
      return param ? s.params[param] : undefined;
    })
    .find((value) => typeof value === 'string');
  const steps = state.steps.map((step, i) => {
    const known = registry.hasStep(step.kind);
    const definition = known ? registry.step(step.kind) : undefined;
    const schema = withoutRubric(paramsSchema(registry, step.kind), definition?.rubricParam);
    // Defaults shown as values, so the committee sees what applies (saving still writes only what differs).
    const parsed = definition ? definition.params.safeParse(step.params) : undefined;
    const shown = parsed?.success ? (parsed.data as Record<string, unknown>) : step.params;
    const fields: FieldView[] = describeParams(step.kind, buildFields(schema, shown, { lang, members: [], errors }, `params.${i}`), lang);
    return {
      index: i,
      number: i + 1,
      id: step.id,
      kind: step.kind,
      title: definition ? localized(lang, definition.title) : step.kind,
      description: definition ? localized(lang, definition.description) : translate(lang, 'procedures.unknownKind'),
      fields,
      hasFields: fields.length > 0,
      first: i === 0,
      last: i === state.steps.length - 1,
      error: [...errors.entries()].filter(([k]) => k === `steps.${i}` || k.startsWith(`steps.${i}.`)).flatMap(([, m]) => m).join(' ') || null,
    };
  });
  return {
    state: { ...state, json: JSON.stringify(state.steps) },
    owner: makeField({ name: 'owner', label: translate(lang, 'procedures.owner'), widget: 'select', value: state.owner, options: owners.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })) }, errors),
    title: makeField({ name: 'title', label: translate(lang, 'procedures.titleField'), widget: 'text', value: state.title, required: true }, errors),
    rubric: makeField(
      { name: 'rubric', label: translate(lang, 'procedures.rubric'), widget: 'select', value: typeof currentRubric === 'string' ? currentRubric : '', options: [{ value: '', label: translate(lang, 'procedures.noRubric') }, ...rubrics.map((r) => ({ value: r.id, label: localized(lang, r.title) }))] },
      errors,
    ),
    steps,
    kinds: registry
      .listSteps()
      .filter((s) => !s.name.startsWith('guidance:'))
      .map((s) => ({ value: `${s.name}@${s.version}`, label: localized(lang, s.title) })),
    names: ['owner', 'title', 'rubric', ...steps.flatMap((s) => fieldNames(s.fields))],
  };
}

/** The editor state for a new version composed from `base`. */
export function editorFrom(base: ProcedureDefinition, owner: string): EditorState {
  return { owner, key: base.key, title: base.title, base: { owner: base.owner, key: base.key, version: base.version }, steps: base.steps.map((s) => ({ ...s, params: { ...s.params } })) };
}
