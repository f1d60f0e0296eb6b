import { Module } from '@nestjs/common';
import { InstancesController } from './instances.controller';

/** Procedure instances: list with filters, state, timeline. */
@Module({ controllers: [InstancesController] })
export class InstancesModule {}
