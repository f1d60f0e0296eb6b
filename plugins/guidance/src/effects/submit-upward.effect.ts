import { defineEffect } from '@chibo/host';
import { z } from 'zod';

/** What `guidance:submit-upward` sends: the committee, its superior (none at the top), the guidance and the roll-up. */
export const submitUpwardInput = z.object({
  from: z.string().min(1),
  to: z.string().min(1).nullable(),
  guidance: z.string().nullable(),
  rollup: z.unknown(),
});

/**
 * This effect hands the committee's roll-up to its superior. Within one installation the superior reads it from the
 * read side; across installations a transport would be added here. Compensation: none.
 */
export const submitUpwardEffect = defineEffect({
  name: 'submit-upward',
  description: "Hands a committee's roll-up to its superior",
  input: submitUpwardInput,
  async run(ctx, input) {
    return { delivered: true, at: ctx.at, to: input.to };
  },
});
