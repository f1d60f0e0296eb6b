import { definePlugin } from '@chibo/procedure';
import { ANNUAL_PLAN_TEMPLATE, approvePlanStep } from './approve-plan.step';
import { closeYearStep } from './close-year.step';
import { planYearStep } from './plan-year.step';
import { cellYearProcedure, scheduledThematicProcedure } from './procedure';
import { scheduleYearStep } from './schedule-year.step';

export * from './calendar';
export * from './annual-plan';
export * from './year-record';
export * from './start-session';
export * from './move-session';
export * from './schedule-year.step';
export * from './plan-year.step';
export * from './approve-plan.step';
export * from './close-year.step';
export * from './procedure';


/**
 * The cell-year plugin (namespace `year`): a cell's own calendar of regular and thematic sessions, its annual thematic
 * plan, and the year's record and rating. Each scheduled session runs `regular-session` or `thematic-session`.
 */
export const cellYearPlugin = definePlugin({
  id: 'year',
  title: { vi: 'Năm sinh hoạt của chi bộ', en: 'A cell’s year' },
  steps: [scheduleYearStep, planYearStep, approvePlanStep, closeYearStep],
  procedures: [cellYearProcedure, scheduledThematicProcedure],
  templates: {
    package: '@chibo/plugin-regular-session',
    dir: 'dist/templates',
    documents: [{ id: ANNUAL_PLAN_TEMPLATE, type: 'KH', file: 'annual-plan.hbs', title: { vi: 'Kế hoạch sinh hoạt chuyên đề năm', en: 'Annual thematic plan' } }],
  },
});
