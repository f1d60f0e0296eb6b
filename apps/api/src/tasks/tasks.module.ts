import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Việc của tôi: the inbox, a task's form, and submitting it. */
@Module({ controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
