import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { type CreateOrgInput, createOrgSchema } from './dto/create-org.dto';
import type { OrgDetailView, OrgTreeNode, OrgView } from './dto/org.view';
import { OrgsService } from './orgs.service';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Get()
  @ApiOperation({ summary: 'Cây tổ chức mà người dùng được xem' })
  tree(@CurrentUser() user: AuthUser): Promise<OrgTreeNode[]> {
    return this.orgs.tree(user);
  }

  @Get(':code')
  @ApiOperation({ summary: 'Một đơn vị, với nhiệm kỳ hiện tại và các đơn vị trực thuộc' })
  detail(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<OrgDetailView> {
    return this.orgs.detail(user, code);
  }

  @Post()
  @Roles('admin', 'committee')
  @ApiOperation({ summary: 'Tạo đảng ủy hoặc chi bộ (quản trị viên, hoặc cấp ủy của đơn vị cấp trên)' })
  create(@CurrentUser() user: AuthUser, @Body({ schema: createOrgSchema }) body: CreateOrgInput): Promise<OrgView> {
    return this.orgs.create(user, body);
  }
}
