import 'reflect-metadata';

// Booting
export { createApp, API_PREFIX, DOCS_PATH, type CreateAppOptions } from './create-app';
export { AppModule, FEATURE_MODULES, type AppModuleOptions } from './app.module';
export { CoreModule } from './core.module';
export { CHIBO_CONFIG, InjectConfig } from './common/config.token';

// Errors and validation, for feature modules
export {
  DomainError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  UnsupportedMediaTypeError,
  ValidationError,
  ServiceUnavailableError,
  type FieldIssue,
} from './common/errors';
export { ApiExceptionFilter, type ApiErrorBody } from './common/api-exception.filter';
export { ZodValidationPipe } from './common/zod-validation.pipe';
export { parseWithIssues, toFieldIssues, vietnameseErrorMap } from './common/zod-issues';
export { codeSchema, lineSchema, textSchema, isoDateSchema } from './common/schemas';

// Auth and scopes
export { AuthModule } from './auth/auth.module';
export { ScopeService, type ScopedOrg, type SubtreeFilter } from './auth/scope.service';
export { CurrentUser } from './auth/current-user.decorator';
export { Roles } from './auth/roles.decorator';
export { Public } from './auth/public.decorator';
export { GRANT_ROLES, type AuthUser, type AuthMember, type Grant, type GrantRole, type AuthenticatedRequest } from './auth/auth-user';
export { hashPassword, verifyPassword, needsRehash, SCRYPT_DEFAULTS } from './auth/password';
export { TokenService } from './auth/token.service';

// Features
export { OrgsModule } from './orgs/orgs.module';
export { OrgsService } from './orgs/orgs.service';
export { orgNotFound } from './orgs/org-units';
export type { OrgView, OrgTreeNode, OrgDetailView, TermView } from './orgs/dto/org.view';
export { MembersModule } from './members/members.module';
export {
  parseMemberCsv,
  MEMBER_CSV_COLUMNS,
  MAX_MEMBER_CSV_ROWS,
  type MemberCsvResult,
  type MemberCsvRow,
  type MemberCsvRowReport,
} from './members/member-csv';
export { MEMBER_STATUSES, MEMBER_ROLES, type MemberRole, type MemberView, type MemberImportResult } from './members/dto/member.dto';
export { UsersModule } from './users/users.module';
export type { UserView } from './users/dto/user.dto';

// Seeding, for tests and the CLI
export { createUser, seedAdmin, createOrgUnit, type SeedUserInput, type SeedAdminInput, type SeedOrgUnitInput } from './seed/seed-users';

// The procedure engine and the features that drive it
export { EngineModule } from './engine/engine.module';
export { ProcedureEngine } from './engine/procedure-engine';
export { ActorService } from './engine/actor.service';
export { ENGINE_FEATURE_MODULES } from './engine/engine-features';
export { toDomainError } from './engine/engine-errors.interceptor';
export { upsertMembers } from './members/members.service';
export { startServer, type RunningServer } from './serve';
export { AuditModule } from './audit/audit.module';
export { AuditTraceService, type TraceEntry, type TraceEntryDetail, type CheckpointView } from './audit/audit-trace.service';
export { traceQuerySchema, MAX_TRACE_LIMIT, type TraceQuery } from './audit/dto/audit-query.dto';
