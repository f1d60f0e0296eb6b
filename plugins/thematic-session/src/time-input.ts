import { z } from 'zod';
import { parseLocal } from '@chibo/rules';

/**
 * A date-time field: local Vietnam time ("2022-04-01T14:00") or an ISO instant. Parsed to a UTC instant; an
 * unreadable value is a field error, not an exception.
 */
export const instantField = z.string().transform((value, ctx) => {
  try {
    return parseLocal(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `Thời gian “${value}” không hợp lệ (dạng 2022-04-01T14:00)` });
    return z.NEVER;
  }
});

/** A local date field, YYYY-MM-DD. */
export const dateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD');
