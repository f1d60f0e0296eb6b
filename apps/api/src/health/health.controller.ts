import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { type HealthReport, HealthService } from './health.service';

/** Served at `/health`, outside the `/api/v1` prefix, for load balancers and the start script. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Tình trạng dịch vụ: cơ sở dữ liệu (503 khi không trả lời), Redis và độ trễ hàng đợi ("degraded" khi Redis mất hoặc việc chờ quá 60 giây)' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status === 'error') response.status(503);
    return report;
  }
}
