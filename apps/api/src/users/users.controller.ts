import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser, Grant } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { type AddRoleInput, addRoleSchema, type CreateUserInput, createUserSchema, type ResetPasswordInput, resetPasswordSchema, type UserView } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin', 'committee')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Tài khoản thuộc phạm vi quản lý của người dùng' })
  list(@CurrentUser() user: AuthUser): Promise<UserView[]> {
    return this.users.list(user);
  }

  @Post()
  @ApiOperation({ summary: 'Tạo tài khoản, có thể gắn với đảng viên và cấp quyền' })
  create(@CurrentUser() user: AuthUser, @Body({ schema: createUserSchema }) body: CreateUserInput): Promise<UserView> {
    return this.users.create(user, body);
  }

  @Post(':id/roles')
  @ApiOperation({ summary: 'Cấp quyền cho tài khoản tại một đơn vị (và các đơn vị trực thuộc)' })
  addRole(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body({ schema: addRoleSchema }) body: AddRoleInput): Promise<Grant> {
    return this.users.addRole(user, id, body);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Đặt lại mật khẩu (mật khẩu tạm, tự sinh nếu không gửi): mọi phiên kết thúc, phải đổi khi đăng nhập lần sau' })
  resetPassword(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body({ schema: resetPasswordSchema }) body: ResetPasswordInput): Promise<{ temporaryPassword: string; mustChangePassword: true }> {
    return this.users.resetPassword(user, id, body.password);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Khóa tài khoản: mọi phiên đăng nhập kết thúc ngay' })
  disable(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<UserView> {
    return this.users.setDisabled(user, id, true);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mở khóa tài khoản' })
  enable(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<UserView> {
    return this.users.setDisabled(user, id, false);
  }

  @Delete(':id/roles/:assignmentId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Thu hồi một quyền của tài khoản' })
  removeRole(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('assignmentId') assignmentId: string): Promise<void> {
    return this.users.removeRole(user, id, assignmentId);
  }
}
