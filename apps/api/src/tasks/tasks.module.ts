import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { readMultipartSubmission } from '../web/uploads/multipart';
import { UploadsService } from '../web/uploads/uploads.service';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Việc của tôi: the inbox, a task's form, and submitting it (as JSON, or multipart with the draft's file). */
@Module({ controllers: [TasksController], providers: [TasksService, UploadsService] })
export class TasksModule implements NestModule {
  /** A submission with a file is read before the guards, which check its input as they check a JSON body. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(readMultipartSubmission).forRoutes({ path: 'tasks/:id/submit', method: RequestMethod.POST });
  }
}
