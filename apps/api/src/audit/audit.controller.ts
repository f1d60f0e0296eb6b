import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { NotFoundError } from '../common/errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { type CheckpointsQuery, checkpointsQuerySchema, entryIdSchema, type TraceQuery, traceQuerySchema, type VerifyQuery, verifyQuerySchema } from './dto/audit-query.dto';
import { AuditTraceService } from './audit-trace.service';

/**
 * The audit trail (read-only): trace queries by org unit, guidance, member, time range and finding; one entry with
 * its integrity; the signed checkpoints to keep outside the database; a verification of the chains in scope.
 */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly trace: AuditTraceService) {}

  @Get('entries')
  @ApiOperation({
    summary: 'Truy vết nhật ký kiểm tra theo đơn vị, hướng dẫn, đảng viên, khoảng thời gian, phát hiện',
    description:
      'Mỗi mục dẫn tới sự kiện (quy trình và số thứ tự trong quy trình), văn bản và mã kiểm tra (checksum) ghi lúc ban hành. Sắp theo số thứ tự toàn cục; trang sau: ?after=<next>.',
  })
  async entries(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(traceQuerySchema)) query: TraceQuery): Promise<StreamableFile> {
    // Written as JSON bytes by the service (a cell's ten years is 5,000 entries: no objects, no second serialisation).
    const json = await this.trace.traceJson(user, query);
    return new StreamableFile(json, { type: 'application/json; charset=utf-8', length: json.length });
  }

  @Get('entries/:id')
  @ApiOperation({ summary: 'Một mục nhật ký: nội dung đầy đủ, liên kết, và kiểm tra mã băm của chính nó' })
  entry(@CurrentUser() user: AuthUser, @Param('id', new ZodValidationPipe(entryIdSchema)) id: number) {
    return this.trace.entry(user, id);
  }

  @Get('checkpoints')
  @ApiOperation({ summary: 'Các mốc kiểm chứng đã ký (Ed25519) của các chuỗi trong phạm vi: lưu ra ngoài để đối chiếu sau (chibo audit verify --from)' })
  checkpoints(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(checkpointsQuerySchema)) query: CheckpointsQuery) {
    return this.trace.checkpoints(user, query);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Kiểm tra toàn vẹn các chuỗi trong phạm vi: tính lại mã băm, đối chiếu mốc kiểm chứng và văn bản; nêu mục hỏng đầu tiên' })
  verify(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(verifyQuerySchema)) query: VerifyQuery) {
    return this.trace.verify(user, query);
  }

  @Get('public-key')
  @ApiOperation({ summary: 'Khóa công khai kiểm chữ ký các mốc kiểm chứng (mã khóa để đối chiếu)' })
  publicKey() {
    const key = this.trace.publicKey();
    if (!key) throw new NotFoundError('Cài đặt này chưa có khóa ký nhật ký kiểm tra', 'no-audit-key').worded('no-audit-key');
    return key;
  }
}
