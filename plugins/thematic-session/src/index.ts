import { definePlugin } from '@chibo/procedure';
import { assignDraftStep } from './steps/assign-draft.step';
import { conveneStep, NOTICE_TEMPLATE } from './steps/convene.step';
import { holdSessionStep } from './steps/hold-session.step';
import { PLAN_TEMPLATE, planStep } from './steps/plan.step';
import { REPORT_TEMPLATE, reportStep } from './steps/report.step';
import { MINUTES_TEMPLATE, RESOLUTION_TEMPLATE, resolutionStep } from './steps/resolution.step';
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
  // The documents its steps issue; the build copies src/templates to dist/templates.
  templates: {
    package: '@chibo/plugin-thematic-session',
    dir: 'dist/templates',
    documents: [
      { id: PLAN_TEMPLATE, type: 'KH', file: 'plan.hbs', title: { vi: 'Kế hoạch sinh hoạt chuyên đề', en: 'Thematic session plan' } },
      { id: NOTICE_TEMPLATE, type: 'TB', file: 'notice.hbs', title: { vi: 'Thông báo triệu tập sinh hoạt chi bộ', en: 'Notice convening the session' } },
      { id: MINUTES_TEMPLATE, type: 'BB', file: 'minutes.hbs', title: { vi: 'Biên bản sinh hoạt chi bộ (kèm phiếu chấm điểm)', en: 'Minutes of the session (with the score sheet)' } },
      { id: RESOLUTION_TEMPLATE, type: 'NQ', file: 'resolution.hbs', title: { vi: 'Nghị quyết của chi bộ', en: 'Resolution of the cell' } },
      { id: REPORT_TEMPLATE, type: 'BC', file: 'report.hbs', title: { vi: 'Báo cáo kết quả sinh hoạt chi bộ', en: 'Report of the session to the superior' } },
    ],
  },
});
