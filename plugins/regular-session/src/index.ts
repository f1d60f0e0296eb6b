import { definePlugin } from '@chibo/procedure';
import { approveStep } from './steps/approve.step';
import { prepareStep } from './steps/prepare.step';
import { regularSessionProcedure } from './procedures';

export * from './steps/prepare.step';
export * from './steps/approve.step';
export * from './procedures';

/**
 * The regular-session plugin. Its own steps are the monthly preparation and approval; the session itself reuses the
 * thematic plugin's convene, hold, score, resolution and report steps (composition is data).
 */
export const regularSessionPlugin = definePlugin({
  id: 'regular',
  title: { vi: 'Sinh hoạt thường kỳ', en: 'Regular session' },
  steps: [prepareStep, approveStep],
  procedures: [regularSessionProcedure],
});
export * from './year';
