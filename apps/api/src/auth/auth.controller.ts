import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { OwnAccount } from './own-account.decorator';
import type { AuthUser } from './auth-user';
import { AuthService, type LoginResult } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { type ChangePasswordInput, changePasswordSchema, type LoginInput, loginSchema } from './dto/login.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đăng nhập: trả về mã đăng nhập (Bearer) và người dùng; 429 khi đăng nhập sai quá nhiều lần' })
  login(@Req() req: Request, @Body({ schema: loginSchema }) body: LoginInput): Promise<LoginResult> {
    return this.auth.login(body.login, body.password, clientAddress(req));
  }

  @Get('me')
  @ApiBearerAuth()
  @OwnAccount()
  @ApiOperation({ summary: 'Người dùng đang đăng nhập, với đảng viên và các quyền' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @OwnAccount()
  @ApiOperation({ summary: 'Đăng xuất: mọi mã đăng nhập của tài khoản hết hiệu lực ngay' })
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user);
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @OwnAccount()
  @ApiOperation({ summary: 'Đổi mật khẩu (cần mật khẩu hiện tại): các phiên khác kết thúc, trả về mã đăng nhập mới' })
  changePassword(@Req() req: Request, @CurrentUser() user: AuthUser, @Body({ schema: changePasswordSchema }) body: ChangePasswordInput): Promise<LoginResult> {
    return this.auth.changePassword(user, body.currentPassword, body.newPassword, clientAddress(req));
  }
}

/** The caller's address as Express sees it (behind a proxy: per TRUST_PROXY, from X-Forwarded-For). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
