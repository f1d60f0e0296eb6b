import { definePlugin } from '@chibo/procedure';
import { selfAssessStep, selfAssessStepV1, selfAssessStepV2 } from './steps/self-assess.step';

export * from './steps/self-assess.step';

/** The self-criticism plugin ("tự soi, tự sửa"), added to a session procedure by name: `self-criticism`. */
export const selfCriticismPlugin = definePlugin({
  id: 'self-criticism',
  title: { vi: 'Tự soi, tự sửa', en: 'Self-criticism' },
  steps: [selfAssessStepV1, selfAssessStepV2, selfAssessStep],
});
