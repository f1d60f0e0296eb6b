import { z } from 'zod';
import { defineStep, FACTS } from '@chibo/procedure';
import { effectiveGuidance } from '../cascade';

export const REGISTER_STEP = 'guidance:register';

/** This step records the guidance (its identity is number and date) and the chain of higher guidance it implements. */
export const registerStep = defineStep({
  name: REGISTER_STEP,
  version: 1,
  title: { vi: 'Tiếp nhận hướng dẫn', en: 'Register the guidance' },
  description: { vi: 'Ghi nhận hướng dẫn (số và ngày ban hành) và các văn bản cấp trên mà nó thực hiện.', en: 'Record the guidance and the higher documents it implements.' },
  params: z.object({}),
  initialState: {},
  tasks: {},
  start: (ctx) => {
    const guidance = effectiveGuidance(ctx);
    if (!guidance) return { fail: { reason: 'Thiếu thông tin hướng dẫn' } };
    return {
      facts: {
        guidance: {
          identity: `${guidance.number}|${guidance.issuedOn}`,
          number: guidance.number,
          issuedOn: guidance.issuedOn,
          title: guidance.title,
          basedOn: guidance.basedOn ?? [],
        },
        [FACTS.status]: 'registered',
      },
      complete: {},
    };
  },
});
