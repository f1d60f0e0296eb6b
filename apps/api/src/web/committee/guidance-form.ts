import type { StepRegistry } from '@chibo/procedure';
import { localDate } from '@chibo/rules';
import { translate, localized, type Lang } from '../i18n/i18n';
import { all, one, rowIndexesOf, type FormBody } from '../forms/form-body';
import { makeField } from '../forms/schema-form';

/** The guidance form as typed (text), before the API's schema checks it. */
export interface GuidanceValues {
  issuer: string;
  number: string;
  issuedOn: string;
  title: string;
  procedure: string;
  basedOn: Array<{ number: string; issuedOn: string }>;
  addSteps: string[];
  rubric: string;
  sessionBy: string;
  reportBy: string;
  scope: 'all' | 'list';
  cells: string;
}

export function guidanceDefaults(issuer: string, now: string): GuidanceValues {
  return { issuer, number: '', issuedOn: localDate(now), title: '', procedure: 'thematic-session', basedOn: [], addSteps: [], rubric: '', sessionBy: '', reportBy: '', scope: 'all', cells: '' };
}

export function readGuidance(body: FormBody): GuidanceValues {
  const basedOn = rowIndexesOf(body, 'basedOn')
    .map((i) => ({ number: (one(body, `basedOn.${i}.number`) ?? '').trim(), issuedOn: one(body, `basedOn.${i}.issuedOn`) ?? '' }))
    .filter((b) => b.number || b.issuedOn);
  return {
    issuer: one(body, 'issuer') ?? '',
    number: (one(body, 'number') ?? '').trim(),
    issuedOn: one(body, 'issuedOn') ?? '',
    title: one(body, 'title') ?? '',
    procedure: one(body, 'procedure') ?? 'thematic-session',
    basedOn,
    addSteps: all(body, 'addSteps'),
    rubric: one(body, 'rubric') ?? '',
    sessionBy: one(body, 'sessionBy') ?? '',
    reportBy: one(body, 'reportBy') ?? '',
    scope: one(body, 'scope') === 'list' ? 'list' : 'all',
    cells: one(body, 'cells') ?? '',
  };
}

export function applyGuidanceAction(values: GuidanceValues, action: string): GuidanceValues {
  if (action === 'add-based-on') return { ...values, basedOn: [...values.basedOn, { number: '', issuedOn: '' }] };
  const remove = /^remove:basedOn\.(\d+)$/.exec(action);
  if (remove) return { ...values, basedOn: values.basedOn.filter((_, i) => i !== Number(remove[1])) };
  return values;
}

/** The body the API's guidance schema reads (`issueGuidanceSchema`). */
export function guidanceInput(values: GuidanceValues): Record<string, unknown> {
  return {
    issuer: values.issuer,
    number: values.number,
    issuedOn: values.issuedOn,
    title: values.title,
    procedure: values.procedure,
    basedOn: values.basedOn,
    addSteps: values.addSteps,
    ...(values.rubric ? { rubric: values.rubric } : {}),
    ...(values.sessionBy ? { sessionBy: values.sessionBy } : {}),
    ...(values.reportBy ? { reportBy: values.reportBy } : {}),
    cells: values.scope === 'all' ? 'all' : values.cells.split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean),
  };
}

/** A committee score sheet the form offers for the cells' scoring step (pinned as `ref` when the guidance is issued). */
export interface SheetOption {
  ref: string;
  owner: string;
  version: number;
  title: string;
}

export function guidanceFormView(values: GuidanceValues, errors: ReadonlyMap<string, string[]>, lang: Lang, registry: StepRegistry, issuers: ReadonlyArray<{ code: string; name: string }>, sheets: readonly SheetOption[] = []) {
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const f = (spec: Parameters<typeof makeField>[0]) => makeField(spec, errors);
  // One choice per alias: the version a procedure composed by it gets (older versions share the alias).
  const addable = registry.listSteps().filter((s) => s.addable && registry.addable(s.addable.alias) === s);
  return {
    fields: {
      issuer: f({ name: 'issuer', label: t('guidance.issuer'), widget: 'select', value: values.issuer, required: true, options: issuers.map((o) => ({ value: o.code, label: `${o.name} (${o.code})` })) }),
      number: f({ name: 'number', label: t('guidance.number'), widget: 'text', value: values.number, required: true, hint: t('hint.guidanceNumber') }),
      issuedOn: f({ name: 'issuedOn', label: t('guidance.issuedOn'), widget: 'date', value: values.issuedOn, required: true }),
      title: f({ name: 'title', label: t('guidance.titleField'), widget: 'text', value: values.title, required: true }),
      procedure: f({
        name: 'procedure',
        label: t('guidance.procedure'),
        widget: 'select',
        value: values.procedure,
        required: true,
        hint: t('hint.procedure'),
        options: registry
          .listProcedures()
          .filter((p) => p.key !== 'guidance')
          .map((p) => ({ value: p.key, label: `${p.title} (${p.key})` })),
      }),
      rubric: f({ name: 'rubric', label: t('procedures.rubric'), widget: 'select', value: values.rubric, options: [{ value: '', label: t('guidance.rubricFromProcedure') }, ...registry.listRubrics().map((r) => ({ value: r.id, label: `${localized(lang, r.title)} (${r.id})` })), ...sheets.map((s) => ({ value: s.ref, label: t('guidance.sheetOption', { title: s.title, version: s.version, owner: s.owner }) }))], hint: sheets.length ? t('hint.guidanceSheet') : undefined }),
      sessionBy: f({ name: 'sessionBy', label: t('guidance.sessionBy'), widget: 'date', value: values.sessionBy }),
      reportBy: f({ name: 'reportBy', label: t('guidance.reportBy'), widget: 'date', value: values.reportBy }),
      cells: f({ name: 'cells', label: t('guidance.cellList'), widget: 'textarea', value: values.cells, hint: t('hint.cellList') }),
    },
    scopeAll: values.scope === 'all',
    scopeError: errors.get('cells')?.join(' ') ?? null,
    addSteps: addable.map((s) => ({ value: s.addable!.alias, label: localized(lang, s.title), id: `f-addSteps-${s.addable!.alias}`, checked: values.addSteps.includes(s.addable!.alias) })),
    addStepsError: [...errors.entries()].filter(([k]) => k.startsWith('addSteps')).flatMap(([, m]) => m).join(' ') || null,
    basedOn: values.basedOn.map((b, index) => ({
      index,
      number: f({ name: `basedOn.${index}.number`, label: t('guidance.number'), widget: 'text', value: b.number }),
      issuedOn: f({ name: `basedOn.${index}.issuedOn`, label: t('guidance.issuedOn'), widget: 'date', value: b.issuedOn }),
      removeAction: `remove:basedOn.${index}`,
    })),
  };
}
