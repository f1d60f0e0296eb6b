import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditTraceService } from './audit-trace.service';

/**
 * The audit trail's routes. The `AuditLog` itself (which the runtime appends to) is provided globally by
 * `startServer`, which builds it with the signing key before the runtime starts.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditTraceService],
  exports: [AuditTraceService],
})
export class AuditModule {}
