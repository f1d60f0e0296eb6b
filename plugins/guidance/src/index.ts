import { definePlugin } from '@chibo/procedure';
import { awaitReportsStep } from './steps/await-reports.step';
import { dispatchStep } from './steps/dispatch.step';
import { registerStep } from './steps/register.step';
import { rollupStep } from './steps/rollup.step';
import { submitUpwardStep } from './steps/submit-upward.step';
import { guidanceProcedure } from './procedures';

export * from './steps/register.step';
export * from './steps/dispatch.step';
export * from './steps/await-reports.step';
export * from './steps/rollup.step';
export * from './steps/submit-upward.step';
export * from './procedures';

/** The guidance plugin: a committee's side of a guidance, from registration to the roll-up sent upward. */
export const guidancePlugin = definePlugin({
  id: 'guidance',
  title: { vi: 'Hướng dẫn của cấp ủy', en: 'Guidance' },
  steps: [registerStep, dispatchStep, awaitReportsStep, rollupStep, submitUpwardStep],
  procedures: [guidanceProcedure],
});
