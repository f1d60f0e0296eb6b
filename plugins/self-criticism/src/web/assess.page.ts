import type { TaskPage } from '@chibo/host';
import { MANIFESTATION_GROUPS, MANIFESTATIONS } from '@chibo/rules';
import { SELF_ASSESS_STEP } from '../steps/self-assess.step';

/** A member's self-assessment ("tự soi, tự sửa"): the manifestations that apply to them and their plan. */
export interface AssessValues {
  flagged: string[];
  plan: string;
}

/** The 27 manifestations of Nghị quyết 04-NQ/TW as three groups of checkboxes (their titles are Vietnamese only). */
export const assessPage: TaskPage<AssessValues> = {
  step: SELF_ASSESS_STEP,
  task: 'assess',
  partial: 'self-criticism/assess',
  defaults: () => ({ flagged: [], plan: '' }),
  read: (ctx, body) => ({ flagged: ctx.form.all(body, 'flagged'), plan: ctx.form.one(body, 'plan') ?? '' }),
  input: (_ctx, values) => ({ flagged: values.flagged, plan: values.plan }),
  view: (ctx, values, errors) => {
    const flagged = new Set(values.flagged);
    return {
      model: {
        groups: MANIFESTATION_GROUPS.map((title, i) => ({
          title,
          id: ctx.form.id(`group-${i + 1}`),
          items: MANIFESTATIONS.filter((m) => m.group === i + 1).map((m) => ({ code: m.code, title: m.title, id: ctx.form.id(`flagged.${m.code}`), checked: flagged.has(m.code) })),
        })),
        flaggedError: ctx.form.error(errors, 'flagged'),
        count: flagged.size,
        plan: ctx.form.field({ name: 'plan', label: ctx.t('self-criticism.plan'), widget: 'textarea', value: values.plan, required: true, hint: ctx.t('self-criticism.planHint') }, errors),
      },
      fields: ['plan'],
    };
  },
};
