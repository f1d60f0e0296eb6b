import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/** The notice board, each user's e-mail and preferences, and the admins' list of undelivered messages. */
@Module({ controllers: [NotificationsController] })
export class NotificationsModule {}
