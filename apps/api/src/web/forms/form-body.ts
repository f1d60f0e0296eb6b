/** A parsed `application/x-www-form-urlencoded` body: a repeated name gives an array. */
export type FormBody = Record<string, string | string[] | undefined>;

/** The first value of a field (a repeated name keeps its first), or undefined. */
export function one(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Every value of a field (checkbox groups), or []. */
export function all(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The button that submitted the form (`name="_action" value="add-opinion"`), default `submit`. */
export function actionOf(body: FormBody): string {
  return one(body, '_action') ?? 'submit';
}

/** Issue paths as the core writes them (`opinions[0].by`, `marks.attendance`) in the form's dotted names. */
export function fieldName(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** The HTML id of a field: dotted names are not valid in CSS selectors, so dots become dashes. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Groups submission issues by field name. An issue is shown next to its field and, in the summary at the top of the
 * form, linked to it; an issue whose field is not on the form (or has no path) is shown in the summary only.
 */
export function issuesByField(issues: ReadonlyArray<{ path: string; message: string }>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const name = fieldName(issue.path);
    map.set(name, [...(map.get(name) ?? []), issue.message]);
  }
  return map;
}

/**
 * The error message of a field: issues on the field itself, or on anything inside it (`vote.for.3` shows on
 * `vote.for`). Parents do not take their children's messages when the children have fields of their own.
 */
export function errorFor(errors: ReadonlyMap<string, string[]>, name: string, exact = false): string | null {
  const messages: string[] = [];
  for (const [key, list] of errors) {
    if (key === name || (!exact && key.startsWith(`${name}.`))) messages.push(...list);
  }
  return messages.length ? [...new Set(messages)].join(' ') : null;
}

/** A summary entry: the message and the field it links to (none when the field is not on the form). */
export interface ErrorSummaryItem {
  message: string;
  href: string | null;
}

/** The error summary shown above a form, in field order where known. */
export function errorSummary(errors: ReadonlyMap<string, string[]>, onForm: (name: string) => string | null): ErrorSummaryItem[] {
  const items: ErrorSummaryItem[] = [];
  for (const [name, messages] of errors) {
    const target = name ? onForm(name) : null;
    for (const message of messages) items.push({ message, href: target ? `#${fieldId(target)}` : null });
  }
  return items;
}

/** The row indexes present in a body for the list `name` (`name.0.x`, `name.3.y` → [0, 3]). */
export function rowIndexesOf(body: FormBody, name: string): number[] {
  const prefix = `${name}.`;
  const set = new Set<number>();
  for (const key of Object.keys(body)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && index >= 0) set.add(index);
  }
  return [...set].sort((a, b) => a - b);
}
