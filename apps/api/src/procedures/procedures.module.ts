import { Module } from '@nestjs/common';
import { ProceduresController } from './procedures.controller';

/** Procedure definitions: the step catalogue, compose, validate, publish. */
@Module({ controllers: [ProceduresController] })
export class ProceduresModule {}
