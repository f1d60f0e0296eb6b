import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from './auth-user';
import { AuthService, type LoginResult } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { type LoginInput, loginSchema } from './dto/login.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đăng nhập: trả về mã đăng nhập (Bearer) và người dùng' })
  login(@Body({ schema: loginSchema }) body: LoginInput): Promise<LoginResult> {
    return this.auth.login(body.login, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Người dùng đang đăng nhập, với đảng viên và các quyền' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
