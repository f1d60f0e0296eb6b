import { z } from 'zod';
import { GRANT_ROLES, type Grant } from '../../auth/auth-user';
import { codeSchema, lineSchema } from '../../common/schemas';

/** Shortest password accepted for a new account. */
export const MIN_PASSWORD_LENGTH = 8;

const grantSchema = z.strictObject({
  role: z.enum(GRANT_ROLES).meta({ description: 'admin, committee, secretary, member, auditor' }),
  org: codeSchema.meta({ description: 'Mã đơn vị: quyền áp dụng cho đơn vị này và mọi đơn vị trực thuộc' }),
});

/** `POST /users` body. */
export const createUserSchema = z.strictObject({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(100)
    .regex(/^[a-z0-9][a-z0-9._@-]*$/, { error: 'Chỉ gồm chữ cái không dấu, chữ số, ".", "_", "@", "-"' })
    .meta({ description: 'Tên đăng nhập (lưu chữ thường)' }),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
  displayName: lineSchema(),
  member: z
    .strictObject({ org: codeSchema, code: codeSchema })
    .optional()
    .meta({ description: 'Đảng viên mà tài khoản này thuộc về (mã chi bộ và mã đảng viên)' }),
  grants: z.array(grantSchema).max(50).default([]),
});
export type CreateUserInput = z.output<typeof createUserSchema>;

/** `POST /users/:id/password-reset` body: the temporary password, or none to have one generated. */
export const resetPasswordSchema = z.strictObject({
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1024).optional().meta({ description: 'Mật khẩu tạm (bỏ trống: hệ thống tự sinh và trả về một lần)' }),
});
export type ResetPasswordInput = z.output<typeof resetPasswordSchema>;

/** `POST /users/:id/roles` body. */
export const addRoleSchema = grantSchema;
export type AddRoleInput = z.output<typeof addRoleSchema>;

/** A user as the users endpoints return it. */
export interface UserView {
  id: string;
  login: string;
  displayName: string;
  disabled: boolean;
  member: { id: string; code: string; name: string; orgCode: string } | null;
  /** The grants the caller may see. */
  grants: Grant[];
  createdAt: string;
}
