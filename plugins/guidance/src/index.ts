import { definePlugin } from '@chibo/procedure';
import { awaitReportsStep, awaitReportsStepV1 } from './steps/await-reports.step';
import { dispatchStep } from './steps/dispatch.step';
import { registerStep } from './steps/register.step';
import { ROLLUP_TEMPLATE, rollupStep } from './steps/rollup.step';
import { submitUpwardStep } from './steps/submit-upward.step';
import { guidanceImplementationProcedure, guidanceProcedure } from './procedures';
import { implementStep } from './steps/implement.step';

export * from './steps/register.step';
export * from './steps/dispatch.step';
export * from './steps/await-reports.step';
export * from './steps/rollup.step';
export * from './steps/submit-upward.step';
export * from './procedures';
export * from './steps/implement.step';
export * from './cascade';

/** The guidance plugin: a committee's side of a guidance, from registration to the roll-up sent upward. */
export const guidancePlugin = definePlugin({
  id: 'guidance',
  title: { vi: 'Hướng dẫn của cấp ủy', en: 'Guidance' },
  steps: [registerStep, dispatchStep, awaitReportsStepV1, awaitReportsStep, rollupStep, submitUpwardStep, implementStep],
  procedures: [guidanceProcedure, guidanceImplementationProcedure],
  // The committee's roll-up report; the build copies src/templates to dist/templates.
  templates: {
    package: '@chibo/plugin-guidance',
    dir: 'dist/templates',
    documents: [{ id: ROLLUP_TEMPLATE, type: 'BC', file: 'rollup.hbs', title: { vi: 'Báo cáo tổng hợp kết quả của cấp ủy', en: 'The committee’s roll-up report' } }],
  },
});
