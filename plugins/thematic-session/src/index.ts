import { definePlugin } from '@chibo/procedure';
import { assignDraftStep } from './steps/assign-draft.step';
import { conveneStep } from './steps/convene.step';
import { holdSessionStep } from './steps/hold-session.step';
import { planStep } from './steps/plan.step';
import { reportStep } from './steps/report.step';
import { resolutionStep } from './steps/resolution.step';
import { reviewDraftStep } from './steps/review-draft.step';
import { scoreStep } from './steps/score.step';
import { submitDraftStep } from './steps/submit-draft.step';
import { thematicSessionProcedure } from './procedures';

export * from './steps/plan.step';
export * from './steps/assign-draft.step';
export * from './steps/submit-draft.step';
export * from './steps/review-draft.step';
export * from './steps/convene.step';
export * from './steps/hold-session.step';
export * from './steps/score.step';
export * from './steps/resolution.step';
export * from './steps/report.step';
export * from './procedures';
export { instantField, dateField } from './time-input';

/** The thematic-session plugin: the steps of a cell's thematic session, from plan to report. */
export const thematicSessionPlugin = definePlugin({
  id: 'thematic',
  title: { vi: 'Sinh hoạt chuyên đề', en: 'Thematic session' },
  steps: [planStep, assignDraftStep, submitDraftStep, reviewDraftStep, conveneStep, holdSessionStep, scoreStep, resolutionStep, reportStep],
  procedures: [thematicSessionProcedure],
});
