import { Module } from '@nestjs/common';
import { NoticeTemplatesController } from './notice-templates.controller';
import { NotificationsController } from './notifications.controller';

/** The notice board, each user's e-mail and preferences, the admins' list of undelivered messages, and committees' notice templates. */
@Module({ controllers: [NotificationsController, NoticeTemplatesController] })
export class NotificationsModule {}
