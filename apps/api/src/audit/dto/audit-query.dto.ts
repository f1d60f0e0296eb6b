import { endOfDeadline, isFindingCode, parseLocal } from '@chibo/rules';
import { z } from 'zod';
import { codeSchema } from '../../common/schemas';

/** Most entries one trace page returns: a cell's ten years (about 5,000 entries) fit in one page. */
export const MAX_TRACE_LIMIT = 10_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A local date (YYYY-MM-DD, the whole day in Việt Nam time) or an ISO instant with its offset. */
const momentSchema = z
  .string()
  .trim()
  .refine((value) => (DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) || (INSTANT.test(value) && !Number.isNaN(Date.parse(value))), {
    error: 'Phải là ngày YYYY-MM-DD hoặc thời điểm ISO 8601 có múi giờ (ví dụ 2022-04-01T14:00:00+07:00)',
    params: { rule: 'instant' },
  });

const uuidSchema = z.uuid({ error: 'Phải là mã định danh (uuid)' });

/** `GET /audit/entries`: every filter is optional and they combine (AND). */
export const traceQuerySchema = z
  .strictObject({
    org: codeSchema.optional().meta({ description: 'Mã chi bộ hoặc đảng ủy: chỉ chuỗi nhật ký của đơn vị đó' }),
    guidance: uuidSchema.optional().meta({ description: 'Mã hướng dẫn: mọi mục của hướng dẫn và của các chi bộ thực hiện nó' }),
    member: uuidSchema.optional().meta({ description: 'Mã đảng viên (id): việc đảng viên làm và việc liên quan tới đảng viên' }),
    instance: z.string().trim().min(1).max(200).optional().meta({ description: 'Mã quy trình' }),
    finding: z
      .string()
      .refine(isFindingCode, { error: 'Mã phát hiện không hợp lệ', params: { rule: 'finding-code' } })
      .optional()
      .meta({ description: 'Mã phát hiện, ví dụ report-late' }),
    findingId: uuidSchema.optional().meta({ description: 'Một phát hiện cụ thể (id trong /findings)' }),
    type: z.string().trim().min(1).max(100).optional().meta({ description: 'Loại sự kiện hoặc thao tác, ví dụ task-submitted, member-updated' }),
    from: momentSchema.optional().meta({ description: 'Từ ngày/thời điểm (tính cả)' }),
    to: momentSchema.optional().meta({ description: 'Đến ngày/thời điểm (tính cả)' }),
    after: z.coerce.number().int().min(0).optional().meta({ description: 'Trang sau: số thứ tự toàn cục của mục cuối trang trước (`next`)' }),
    limit: z.coerce.number().int().min(1).max(MAX_TRACE_LIMIT).default(1000),
    payload: z.enum(['true', 'false']).default('false').meta({ description: 'Kèm nội dung đầy đủ của từng mục' }),
  })
  .refine((q) => !q.from || !q.to || rangeStart(q.from) < rangeEnd(q.to), {
    path: ['to'],
    error: 'Thời điểm kết thúc phải sau thời điểm bắt đầu',
    params: { rule: 'range' },
  });
export type TraceQuery = z.output<typeof traceQuerySchema>;

/** `GET /audit/verify`: the chains of the caller's scope, or of one unit and its subtree. */
export const verifyQuerySchema = z.strictObject({
  org: codeSchema.optional().meta({ description: 'Chỉ đơn vị này và các đơn vị trực thuộc' }),
});
export type VerifyQuery = z.output<typeof verifyQuerySchema>;

/** `GET /audit/checkpoints`. */
export const checkpointsQuerySchema = verifyQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(MAX_TRACE_LIMIT).default(1000),
});
export type CheckpointsQuery = z.output<typeof checkpointsQuerySchema>;

export const entryIdSchema = z.coerce.number({ error: 'Phải là số thứ tự của mục nhật ký' }).int().min(1).max(2_147_483_647);

/** The first instant a `from` value covers, in UTC (a date: 00:00 of that day in Việt Nam). */
export function rangeStart(value: string): string {
  return new Date(DATE.test(value) ? parseLocal(value) : value).toISOString();
}

/** The first instant after a `to` value, in UTC (exclusive bound; a date covers its whole local day). */
export function rangeEnd(value: string): string {
  return DATE.test(value) ? new Date(endOfDeadline(value)).toISOString() : new Date(Date.parse(value) + 1).toISOString();
}
