import { MANIFESTATION_GROUPS, MANIFESTATIONS } from '@chibo/rules';
import { translate, type Lang } from '../i18n/i18n';
import { all, errorFor, fieldId, one, type FormBody } from '../forms/form-body';
import { makeField } from '../forms/schema-form';

/** A member's self-assessment ("tự soi, tự sửa"): the manifestations that apply to them and their plan. */
export interface AssessValues {
  flagged: string[];
  plan: string;
}

export function assessDefaults(): AssessValues {
  return { flagged: [], plan: '' };
}

export function readAssess(body: FormBody): AssessValues {
  return { flagged: all(body, 'flagged'), plan: one(body, 'plan') ?? '' };
}

export function assessInput(values: AssessValues): Record<string, unknown> {
  return { flagged: values.flagged, plan: values.plan };
}

/** The 27 manifestations of Nghị quyết 04-NQ/TW as three groups of checkboxes (their titles are Vietnamese only). */
export function assessView(values: AssessValues, errors: ReadonlyMap<string, string[]>, lang: Lang) {
  const flagged = new Set(values.flagged);
  return {
    groups: MANIFESTATION_GROUPS.map((title, i) => ({
      title,
      id: fieldId(`group-${i + 1}`),
      items: MANIFESTATIONS.filter((m) => m.group === i + 1).map((m) => ({ code: m.code, title: m.title, id: fieldId(`flagged.${m.code}`), checked: flagged.has(m.code) })),
    })),
    flaggedError: errorFor(errors, 'flagged'),
    count: flagged.size,
    plan: makeField({ name: 'plan', label: translate(lang, 'field.remediationPlan'), widget: 'textarea', value: values.plan, required: true, hint: translate(lang, 'hint.remediationPlan') }, errors),
  };
}
