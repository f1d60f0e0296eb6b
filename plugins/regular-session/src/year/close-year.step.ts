import { z } from 'zod';
import { defineStep } from '@chibo/procedure';
import { compareInstants, endOfDeadline } from '@chibo/rules';
import { parseYearInstanceId } from './calendar';

export const CLOSE_YEAR_STEP = 'year:close';

/**
 * This step keeps the year open while its sessions run and report, and closes it on `closeOn` (month-day of the next
 * year, default 15 January: after December's session has reported). The year's rating is kept up to date by every
 * session report (see `year:schedule`), so closing only ends the instance.
 */
export const closeYearStep = defineStep({
  name: CLOSE_YEAR_STEP,
  version: 1,
  title: { vi: 'Kết thúc năm sinh hoạt', en: 'Close the year' },
  description: { vi: 'Kết thúc năm sinh hoạt của chi bộ sau khi buổi sinh hoạt cuối năm đã báo cáo.', en: 'Closes the year once its last session has reported.' },
  params: z.object({ closeOn: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/).default('01-15') }),
  initialState: {},
  tasks: {},
  start: (ctx) => {
    const year = parseYearInstanceId(ctx.instanceId)?.year ?? 0;
    const at = endOfDeadline(`${year + 1}-${ctx.params.closeOn}`);
    return compareInstants(at, ctx.now) > 0 ? { timers: [{ key: 'close', fireAt: at }] } : { complete: {} };
  },
  onTimer: (ctx, timer) => (timer.key === 'close' && ctx.current ? { complete: {} } : {}),
});
