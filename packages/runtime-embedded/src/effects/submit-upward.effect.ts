import type { EffectHandler } from '@chibo/host';

/**
 * This effect hands the committee's roll-up to its superior. Within one installation the superior reads it from the
 * read side; across installations a transport would be added here. Compensation: none.
 */
export const submitUpwardEffect: EffectHandler = {
  name: 'submit-upward',
  async run(ctx, input) {
    return { delivered: true, at: ctx.at, to: input['to'] ?? null };
  },
};
