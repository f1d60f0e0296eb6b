import { LongText } from '../common/input/long-text.decorator';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { UnsupportedMediaTypeError, ValidationError } from '../common/errors';
import { parseWithIssues } from '../common/zod-issues';
import {
  type CreateMemberInput,
  createMemberSchema,
  importMembersSchema,
  type MemberImportResult,
  type MemberView,
  type UpdateMemberInput,
  updateMemberSchema,
} from './dto/member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('orgs/:code/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOperation({ summary: 'Danh sách đảng viên của chi bộ' })
  list(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<MemberView[]> {
    return this.members.list(user, code);
  }

  @Post()
  @ApiOperation({ summary: 'Thêm đảng viên (bí thư chi bộ, cấp ủy cấp trên, quản trị viên)' })
  create(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body({ schema: createMemberSchema }) body: CreateMemberInput,
  ): Promise<MemberView> {
    return this.members.create(user, code, body);
  }

  @Patch(':memberCode')
  @ApiOperation({ summary: 'Sửa họ tên, tình trạng hoặc chức vụ của đảng viên' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('memberCode') memberCode: string,
    @Body({ schema: updateMemberSchema }) body: UpdateMemberInput,
  ): Promise<MemberView> {
    return this.members.update(user, code, memberCode, body);
  }

  @Post('import')
  @HttpCode(200)
  // A CSV file is one long string; BODY_LIMIT and MAX_MEMBER_CSV_ROWS bound it.
  @LongText(Number.MAX_SAFE_INTEGER)
  @ApiOperation({
    summary: 'Nhập danh sách đảng viên từ CSV (code,name,status,roles): lưu tất cả hoặc không lưu gì',
    description:
      'Gửi nội dung CSV với Content-Type: text/csv, hoặc JSON { "csv": "…" }. Khi có dòng lỗi: 422 với báo cáo từng dòng (`rows`), không lưu gì.',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({ schema: { type: 'string', example: 'code,name,status,roles\nnga,Ngô Thị Nga,official,secretary\nm09,Đảng viên 09,probationary,' } })
  import(@CurrentUser() user: AuthUser, @Param('code') code: string, @Body() body: unknown): Promise<MemberImportResult> {
    return this.members.import(user, code, csvFromBody(body));
  }
}

function csvFromBody(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined) {
    throw new UnsupportedMediaTypeError('Hãy gửi nội dung CSV với Content-Type: text/csv, hoặc JSON { "csv": "…" }');
  }
  const parsed = parseWithIssues(importMembersSchema, body);
  if (!parsed.success) throw new ValidationError(parsed.issues);
  return parsed.data.csv;
}
