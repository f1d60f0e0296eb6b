import { PdfRenderer } from '@chibo/documents';
import { Inject, Module, RequestMethod, type MiddlewareConsumer, type NestModule, type OnModuleDestroy } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MembersModule } from '../members/members.module';
import { TasksService } from '../tasks/tasks.service';
import { UsersModule } from '../users/users.module';
import { AccountPageController } from './account/account-page.controller';
import { AdminPageController } from './admin/admin-page.controller';
import { TraceApiController } from './audit/trace-api.controller';
import { TracePageController, TRACE_PDF } from './audit/trace-page.controller';
import { TraceService } from './audit/trace.service';
import { LoginController } from './auth/login.controller';
import { GuidancePageController } from './committee/guidance-page.controller';
import { GuidanceService } from './committee/guidance.service';
import { ProceduresPageController } from './committee/procedures-page.controller';
import { ProceduresService } from './committee/procedures.service';
import { RollupPageController } from './committee/rollup-page.controller';
import { RollupService } from './committee/rollup.service';
import { DocumentsPageController } from './documents/documents-page.controller';
import { DossierPageController } from './dossier/dossier-page.controller';
import { DossierService } from './dossier/dossier.service';
import { NotificationsPageController } from './notifications/notifications-page.controller';
import { NoticeTemplatesPageController } from './notifications/notice-templates-page.controller';
import { WebAuthGuard } from './session/web-auth.guard';
import { TaskContextService } from './tasks/task-context.service';
import { TaskPageService } from './tasks/task-page.service';
import { TasksPageController } from './tasks/tasks-page.controller';
import { FilesPageController } from './uploads/files-page.controller';
import { readMultipartTaskForm } from './uploads/multipart';
import { UploadsService } from './uploads/uploads.service';
import { WEB } from './web-paths';

/**
 * The web pages for committees, secretaries, members and auditors: server-rendered Handlebars, enhanced with htmx,
 * Vietnamese by default. Every page calls the same services and engine as the API, in-process. Needs the engine
 * (register it with the engine feature modules); `configureWebUi` sets up the views and assets before init.
 */
@Module({
  imports: [UsersModule, MembersModule, AuditModule],
  controllers: [
    LoginController,
    TasksPageController,
    DossierPageController,
    ProceduresPageController,
    GuidancePageController,
    RollupPageController,
    TracePageController,
    TraceApiController,
    DocumentsPageController,
    AdminPageController,
    NoticeTemplatesPageController,
    NotificationsPageController,
    AccountPageController,
    FilesPageController,
  ],
  providers: [
    WebAuthGuard,
    TasksService,
    TaskContextService,
    TaskPageService,
    DossierService,
    ProceduresService,
    GuidanceService,
    RollupService,
    TraceService,
    UploadsService,
    { provide: TRACE_PDF, useFactory: () => new PdfRenderer() },
  ],
})
export class WebModule implements NestModule, OnModuleDestroy {
  constructor(@Inject(TRACE_PDF) private readonly pdf: PdfRenderer) {}

  /** A task form with a file (the draft's PDF or DOCX) is read before the guards, which check its CSRF token. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(readMultipartTaskForm).forRoutes({ path: `${WEB.task.slice(1)}/:id`, method: RequestMethod.POST });
  }

  async onModuleDestroy(): Promise<void> {
    await this.pdf.close();
  }
}
