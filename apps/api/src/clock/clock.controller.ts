import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator';
import { ConflictError } from '../common/errors';
import { ProcedureEngine } from '../engine/procedure-engine';

const advanceSchema = z.strictObject({ to: z.iso.datetime({ offset: true }) });

/**
 * The engine's clock. On a simulated clock (scenario runs, demos) an admin moves time forward and every timer due on
 * the way fires; `settle` waits until queued work is done. On the system clock both are refused (409).
 */
@ApiTags('clock')
@Controller('clock')
export class ClockController {
  constructor(private readonly engine: ProcedureEngine) {}

  @Get()
  @ApiOperation({ summary: 'The engine’s current time and whether it is simulated' })
  now() {
    return { now: this.engine.clock.now(), simulated: this.engine.clock.simulated };
  }

  @Post('advance')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Simulated clock only: move time forward, firing due timers, and wait for their effects' })
  async advance(@Body({ schema: advanceSchema }) body: z.output<typeof advanceSchema>) {
    if (!this.engine.clock.simulated) throw new ConflictError('Đồng hồ hệ thống không thể điều chỉnh (chỉ đồng hồ mô phỏng)', 'clock-not-simulated').worded('clock-not-simulated');
    if (Date.parse(body.to) < Date.parse(this.engine.clock.now())) throw new ConflictError(`Không thể lùi đồng hồ về trước ${this.engine.clock.now()}`, 'clock-backwards').worded('clock-backwards', { now: this.engine.clock.now() });
    await this.engine.advanceTo(new Date(body.to).toISOString());
    await this.engine.drain();
    return this.now();
  }

  @Post('settle')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Wait until every queued command has been carried out' })
  async settle() {
    await this.engine.drain();
    return this.now();
  }
}
