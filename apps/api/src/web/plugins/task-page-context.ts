import type { TaskPageContext } from '@chibo/host';
import { pinnedRubricOf, type StepRegistry } from '@chibo/procedure';
import { translate, type Lang } from '../i18n/i18n';
import { all, errorFor, fieldId, one, rowIndexesOf } from '../forms/form-body';
import { makeField } from '../forms/schema-form';
import { formatNumber, formatPercent, toLocalInput } from '../view/format';
import type { TaskContext } from '../tasks/task-context.service';

/** What the web app lends a plugin's page: the instance, the step's parameters, the words and the form helpers. */
export function taskPageContext(ctx: Pick<TaskContext, 'state' | 'roster' | 'params'>, registry: StepRegistry, lang: Lang): TaskPageContext {
  return {
    lang,
    state: ctx.state,
    roster: ctx.roster,
    params: ctx.params,
    // A committee's sheet pinned in the definition first (ADR 0020), else the registered rubric.
    rubric: (id) => pinnedRubricOf(ctx.state.definition, registry, id) ?? registry.rubric(id),
    t: (key, params) => translate(lang, key, params),
    form: { one, all, rows: rowIndexesOf, id: fieldId, error: errorFor, field: (spec, errors) => makeField(spec, errors) },
    format: { percent: (ratio) => formatPercent(ratio, lang), number: (value) => formatNumber(value, lang), localInput: toLocalInput },
  };
}
