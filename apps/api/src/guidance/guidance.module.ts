import { Module } from '@nestjs/common';
import { GuidanceController } from './guidance.controller';

/** Guidance documents: issue (and dispatch), progress, roll-up. */
@Module({ controllers: [GuidanceController] })
export class GuidanceModule {}
