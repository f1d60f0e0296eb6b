import { translateOptional, type Lang } from '../i18n/i18n';
import { toLocalInput } from '../view/format';
import { all, errorFor, fieldId, one, rowIndexesOf, type FormBody } from './form-body';

/** The part of JSON Schema (as zod's `toJSONSchema` writes task forms) the generic form understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** Field names that hold a member id of the cell: shown as a picker of the roster. */
const MEMBER_FIELDS = new Set(['assignee', 'preparer', 'chair', 'clerk', 'presenter', 'member', 'to', 'by']);
/** Field names that hold a local date and time (the core reads "2022-04-01T14:00" as Hà Nội time). */
const DATETIME_FIELDS = new Set(['heldAt', 'sessionAt']);
const MONTH_FIELDS = new Set(['month']);
/** Fields that take an uploaded file (the draft's attachment): the form is then posted as multipart. */
const FILE_FIELDS = new Set(['attachment']);
/** Field names of free text that deserves room. */
const TEXTAREA_FIELDS = new Set(['content', 'notes', 'summary', 'conclusion', 'agenda', 'brief', 'note', 'plan', 'text', 'draftResolution']);

export type Widget = 'file' | 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'radio' | 'member' | 'datetime' | 'date' | 'month' | 'lines' | 'group' | 'list';

/** One option of a select or radio group. */
export interface OptionView {
  value: string;
  label: string;
  selected: boolean;
  id: string;
}

/** A field as the `form/field` partial renders it. */
export interface FieldView {
  name: string;
  id: string;
  label: string;
  hint: string | null;
  widget: Widget;
  required: boolean;
  value: string;
  checked: boolean;
  options: OptionView[];
  min: number | null;
  max: number | null;
  error: string | null;
  errorId: string;
  hintId: string;
  describedBy: string | null;
  /** Nested fields of a group, and rows of a list (each row a list of fields). */
  fields: FieldView[];
  rows: Array<{ index: number; number: number; fields: FieldView[]; removeAction: string }>;
  addAction: string | null;
}

/** What rendering a generic form needs besides the schema. */
export interface FormContext {
  lang: Lang;
  /** The cell's roster, for member pickers (empty outside a cell). */
  members: ReadonlyArray<{ id: string; name: string }>;
  errors: ReadonlyMap<string, string[]>;
  /** Extra empty rows asked for with the "add" buttons, by list name. */
  extraRows?: ReadonlyMap<string, number>;
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null') ?? 'string';
  return schema.type ?? (schema.enum ? 'string' : schema.properties ? 'object' : 'string');
}

function leaf(name: string): string {
  const parts = name.split('.').filter((p) => !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? name;
}

/** The label of a field: our dictionary, else the schema's description, else its name. */
export function fieldLabel(lang: Lang, name: string, schema: JsonSchema): string {
  return translateOptional(lang, `field.${leaf(name)}`) ?? schema.description ?? leaf(name);
}

/**
 * Builds the fields of a task form from its JSON Schema and the current values (the prefill, or what was submitted),
 * with each field's error. Field names are dotted paths (`opinions.0.by`), as {@link readForm} reads them back.
 */
export function buildFields(schema: JsonSchema, values: unknown, ctx: FormContext, prefix = ''): FieldView[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, prop]) => buildField(prefix ? `${prefix}.${key}` : key, prop, (values as Record<string, unknown> | undefined)?.[key], required.has(key) && prop.default === undefined, ctx));
}

function buildField(name: string, schema: JsonSchema, value: unknown, required: boolean, ctx: FormContext): FieldView {
  const type = typeOf(schema);
  const key = leaf(name);
  const id = fieldId(name);
  const hint = translateOptional(ctx.lang, `hint.${key}`) ?? (translateOptional(ctx.lang, `field.${key}`) ? (schema.description ?? null) : null);
  const error = errorFor(ctx.errors, name, type === 'object' || type === 'array');
  const base: FieldView = {
    name,
    id,
    label: fieldLabel(ctx.lang, name, schema),
    hint,
    widget: 'text',
    required,
    value: value === undefined || value === null || typeof value === 'object' ? '' : String(value),
    checked: value === true,
    options: [],
    min: schema.minimum ?? null,
    max: schema.maximum ?? null,
    error,
    errorId: `${id}-error`,
    hintId: `${id}-hint`,
    describedBy: [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || null,
    fields: [],
    rows: [],
    addAction: null,
  };
  if (schema.enum) {
    const options = schema.enum.map((option) => ({
      value: String(option),
      label: translateOptional(ctx.lang, `option.${key}.${String(option)}`) ?? String(option),
      selected: String(option) === base.value,
      id: `${id}-${String(option).replace(/[^A-Za-z0-9_-]/g, '-')}`,
    }));
    return { ...base, widget: options.length <= 4 ? 'radio' : 'select', options };
  }
  if (type === 'boolean') return { ...base, widget: 'checkbox', checked: value === true || (value === undefined && schema.default === true) };
  if (type === 'number' || type === 'integer') return { ...base, widget: 'number' };
  if (type === 'object') {
    return { ...base, widget: 'group', fields: buildFields(schema, value, ctx, name) };
  }
  if (type === 'array') {
    const items = schema.items ?? {};
    if (typeOf(items) !== 'object') {
      return { ...base, widget: 'lines', value: Array.isArray(value) ? value.map(String).join('\n') : base.value };
    }
    const list = Array.isArray(value) ? value : [];
    const count = Math.max(list.length, 0) + (ctx.extraRows?.get(name) ?? (list.length === 0 ? 1 : 0));
    const rows = Array.from({ length: count }, (_, index) => ({
      index,
      number: index + 1,
      fields: buildFields(items, list[index], ctx, `${name}.${index}`).map((f) => ({ ...f, required: false })),
      removeAction: `remove:${name}.${index}`,
    }));
    return { ...base, widget: 'list', rows, addAction: `add:${name}` };
  }
  if (MEMBER_FIELDS.has(key) && ctx.members.length) {
    const options = [
      { value: '', label: '—', selected: base.value === '', id: `${id}-none` },
      ...ctx.members.map((m) => ({ value: m.id, label: m.name, selected: m.id === base.value, id: `${id}-${m.id}` })),
    ];
    return { ...base, widget: 'member', options };
  }
  // An instant (a prefill, a stored value) shows in local time; what the person typed (local already) stays as typed —
  // converting it again would move a refused form's time by the zone's offset on every submission.
  if (DATETIME_FIELDS.has(key)) return { ...base, widget: 'datetime', value: /Z$|[+-]\d{2}:\d{2}$/.test(base.value) ? toLocalInput(base.value) : base.value };
  if (MONTH_FIELDS.has(key)) return { ...base, widget: 'month' };
  if (TEXTAREA_FIELDS.has(key)) return { ...base, widget: 'textarea' };
  if (FILE_FIELDS.has(key) && type === 'string') return { ...base, widget: 'file', value: '' };
  return base;
}

/**
 * Reads a submitted form back into the JSON its schema describes: numbers from their text (an unreadable number is
 * left as text, so the server's validation names the field), checkboxes as booleans, one line per item for lists of
 * text, rows of a list of objects by index (blank rows dropped), empty optional values left out.
 */
export function readForm(schema: JsonSchema, body: FormBody, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    const value = readValue(name, prop, body, required.has(key));
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function readValue(name: string, schema: JsonSchema, body: FormBody, required: boolean): unknown {
  const type = typeOf(schema);
  if (type === 'boolean') {
    const v = one(body, name);
    return v === 'on' || v === 'true' || v === '1';
  }
  if (type === 'object') {
    const nested = readForm(schema, body, name);
    return Object.keys(nested).length || required ? nested : undefined;
  }
  if (type === 'array') {
    const items = schema.items ?? {};
    if (typeOf(items) !== 'object') {
      const raw = all(body, name);
      const lines = raw.flatMap((v) => v.split(/\r?\n/)).map((l) => l.trim()).filter(Boolean);
      return lines.length || required ? lines : undefined;
    }
    const indexes = rowIndexes(body, name);
    const rows = indexes.map((i) => readForm(items, body, `${name}.${i}`)).filter((row) => Object.values(row).some((v) => v !== '' && v !== false && v !== undefined));
    return rows.length || required ? rows : undefined;
  }
  const raw = one(body, name);
  if (raw === undefined) return undefined;
  if (type === 'number' || type === 'integer') {
    const text = raw.trim().replace(',', '.');
    if (text === '') return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : raw;
  }
  if (raw.trim() === '' && !required) return undefined;
  return raw;
}

/** The row indexes present in a body for the list `name`. */
export const rowIndexes = rowIndexesOf;

/** Every field name of a form, depth first (to link summary errors to fields). */
export function fieldNames(fields: readonly FieldView[]): string[] {
  return fields.flatMap((f) => [f.name, ...fieldNames(f.fields), ...f.rows.flatMap((r) => fieldNames(r.fields))]);
}

/** A field built by hand (the session, score and vote pages), rendered by the same partial as generic fields. */
export function makeField(
  spec: { name: string; label: string; widget: Widget; value?: string; checked?: boolean; required?: boolean; hint?: string | null; options?: Array<{ value: string; label: string }>; min?: number | null; max?: number | null },
  errors: ReadonlyMap<string, string[]>,
): FieldView {
  const id = fieldId(spec.name);
  const error = errorFor(errors, spec.name);
  const hint = spec.hint ?? null;
  const value = spec.value ?? '';
  return {
    name: spec.name,
    id,
    label: spec.label,
    hint,
    widget: spec.widget,
    required: spec.required ?? false,
    value,
    checked: spec.checked ?? false,
    options: (spec.options ?? []).map((o) => ({ ...o, selected: o.value === value, id: `${id}-${o.value.replace(/[^A-Za-z0-9_-]/g, '-')}` })),
    min: spec.min ?? null,
    max: spec.max ?? null,
    error,
    errorId: `${id}-error`,
    hintId: `${id}-hint`,
    describedBy: [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || null,
    fields: [],
    rows: [],
    addAction: null,
  };
}
