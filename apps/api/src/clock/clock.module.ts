import { Module } from '@nestjs/common';
import { ClockController } from './clock.controller';

/** The engine's clock: read it; move a simulated one. */
@Module({ controllers: [ClockController] })
export class ClockModule {}
