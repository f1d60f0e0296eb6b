import { z } from 'zod';

/** `POST /auth/login` body. */
export const loginSchema = z.strictObject({
  login: z.string().trim().min(1).max(200).meta({ description: 'Tên đăng nhập (không phân biệt hoa thường)' }),
  password: z.string().min(1).max(1024).meta({ description: 'Mật khẩu' }),
});
export type LoginInput = z.output<typeof loginSchema>;

/** `POST /auth/password` body. */
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024).meta({ description: 'Mật khẩu hiện tại' }),
  newPassword: z.string().min(1).max(1024).meta({ description: 'Mật khẩu mới: ít nhất 10 ký tự, không chứa tên đăng nhập' }),
});
export type ChangePasswordInput = z.output<typeof changePasswordSchema>;
