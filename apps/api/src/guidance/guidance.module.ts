import { Module } from '@nestjs/common';
import { GuidanceProgressService } from './guidance-progress.service';
import { GuidanceController } from './guidance.controller';

/** Guidance documents: issue (and dispatch), progress, roll-up. */
@Module({ controllers: [GuidanceController], providers: [GuidanceProgressService], exports: [GuidanceProgressService] })
export class GuidanceModule {}
