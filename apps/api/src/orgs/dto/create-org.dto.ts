import { z } from 'zod';
import { codeSchema, isoDateSchema, lineSchema } from '../../common/schemas';

export const ORG_KINDS = ['committee', 'cell'] as const;

/** `POST /orgs` body: a committee (đảng ủy) or a cell (chi bộ) under a parent committee. */
export const createOrgSchema = z
  .strictObject({
    code: codeSchema.meta({ description: 'Mã đơn vị, duy nhất, ví dụ CB-THCS-AI-MO' }),
    name: lineSchema().meta({ description: 'Tên đầy đủ, ví dụ "Chi bộ Trường THCS Ái Mộ"' }),
    abbr: lineSchema(20).meta({ description: 'Tên viết tắt dùng trong số văn bản, ví dụ "CB", "ĐU"' }),
    kind: z.enum(ORG_KINDS),
    parent: codeSchema.optional().meta({ description: 'Mã đơn vị cấp trên; bỏ trống để tạo đơn vị gốc (chỉ quản trị viên)' }),
    term: z
      .strictObject({ from: isoDateSchema, to: isoDateSchema.optional() })
      .refine((term) => term.to === undefined || term.to >= term.from, {
        error: 'Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu',
        path: ['to'],
        params: { rule: 'after-from' },
      })
      .optional()
      .meta({ description: 'Nhiệm kỳ hiện tại (số văn bản đánh lại từ đầu mỗi nhiệm kỳ)' }),
  });
export type CreateOrgInput = z.output<typeof createOrgSchema>;
