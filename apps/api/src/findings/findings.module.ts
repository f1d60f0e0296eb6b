import { Module } from '@nestjs/common';
import { FindingsController } from './findings.controller';

/** Compliance findings, with filters. */
@Module({ controllers: [FindingsController] })
export class FindingsModule {}
