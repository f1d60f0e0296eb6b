import { AuditModule } from '../audit/audit.module';
import { CalendarModule } from '../calendar/calendar.module';
import { ClockModule } from '../clock/clock.module';
import { DocumentsModule } from '../documents/documents.module';
import { FindingsModule } from '../findings/findings.module';
import { GuidanceModule } from '../guidance/guidance.module';
import { InstancesModule } from '../instances/instances.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProceduresModule } from '../procedures/procedures.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TasksModule } from '../tasks/tasks.module';
import { WebModule } from '../web/web.module';
import { YearModule } from '../year/year.module';

/** The feature modules that read and drive procedures through the engine (the web pages among them). */
export const ENGINE_FEATURE_MODULES = [ProceduresModule, GuidanceModule, InstancesModule, TasksModule, SessionsModule, DocumentsModule, FindingsModule, ClockModule, AuditModule, NotificationsModule, WebModule, YearModule, CalendarModule];
