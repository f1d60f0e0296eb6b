import { Module } from '@nestjs/common';
import { SessionsController } from './sessions.controller';

/** Sessions as recorded: roll call, opinions, guests, score, vote. */
@Module({ controllers: [SessionsController] })
export class SessionsModule {}
