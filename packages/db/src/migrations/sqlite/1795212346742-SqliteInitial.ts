import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteInitial1795212346742 implements MigrationInterface {
    name = 'SqliteInitial1795212346742'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "org_units" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "code" varchar(100) NOT NULL,
                "name" text NOT NULL,
                "abbr" varchar(20) NOT NULL,
                "kind" varchar(20) NOT NULL,
                "parent_id" varchar(36),
                "path" varchar(500) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_org_units_path" ON "org_units" ("path")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_org_units_parent_id" ON "org_units" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code")
        `);
        await queryRunner.query(`
            CREATE TABLE "numbering_registers" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "type" varchar(10) NOT NULL,
                "term_from" varchar(10) NOT NULL,
                "last_seq" integer NOT NULL DEFAULT (0)
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_numbering_registers_org_type_term" ON "numbering_registers" ("org_id", "type", "term_from")
        `);
        await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "instance_id" varchar(200),
                "type" varchar(10) NOT NULL,
                "seq" integer NOT NULL,
                "number" varchar(100) NOT NULL,
                "register_id" varchar(36) NOT NULL,
                "title" text NOT NULL,
                "data" text NOT NULL,
                "checksum" varchar(128),
                "status" varchar(20) NOT NULL,
                "idempotency_key" varchar(300),
                "issued_at" varchar(30) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_instance_id" ON "documents" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_org_id_type" ON "documents" ("org_id", "type")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_documents_idempotency_key" ON "documents" ("idempotency_key")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_documents_register_seq" ON "documents" ("register_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "effect_runs" (
                "idempotency_key" varchar(300) PRIMARY KEY NOT NULL,
                "name" varchar(200) NOT NULL,
                "result" text,
                "completed_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "findings" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "guidance_id" varchar(36),
                "code" varchar(50) NOT NULL,
                "detail" text,
                "recorded_at" varchar(30) NOT NULL,
                "resolved_at" varchar(30),
                "resolved_reason" text
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_findings_guidance_id" ON "findings" ("guidance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_findings_instance_id" ON "findings" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_findings_org_id_code" ON "findings" ("org_id", "code")
        `);
        await queryRunner.query(`
            CREATE TABLE "guidances" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "issuer_org_id" varchar(36) NOT NULL,
                "number" varchar(100) NOT NULL,
                "issued_on" varchar(10) NOT NULL,
                "title" text NOT NULL,
                "based_on" text NOT NULL,
                "procedure_key" varchar(100) NOT NULL,
                "procedure_version" integer NOT NULL,
                "add_steps" text NOT NULL,
                "rubric" varchar(100) NOT NULL,
                "session_by" varchar(10),
                "report_by" varchar(10),
                "scope" text NOT NULL,
                "rollup_at" varchar(30),
                "instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_guidances_instance_id" ON "guidances" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_guidances_issuer_number_issued_on" ON "guidances" ("issuer_org_id", "number", "issued_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "instance_events" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "seq" integer NOT NULL,
                "type" varchar(100) NOT NULL,
                "payload" text NOT NULL,
                "at" varchar(30) NOT NULL,
                "recorded_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_instance_events_instance_seq" ON "instance_events" ("instance_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "members" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "code" varchar(100) NOT NULL,
                "name" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "roles" text NOT NULL,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_members_org_code" ON "members" ("org_id", "code")
        `);
        await queryRunner.query(`
            CREATE TABLE "member_assignments" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "member_id" varchar(36) NOT NULL,
                "kind" varchar(50) NOT NULL,
                "instance_id" varchar(200),
                "at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_member_assignments_member_id_kind" ON "member_assignments" ("member_id", "kind")
        `);
        await queryRunner.query(`
            CREATE TABLE "outbox" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "command_id" varchar(200) NOT NULL,
                "type" varchar(100) NOT NULL,
                "payload" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "attempts" integer NOT NULL DEFAULT (0),
                "available_at" varchar(30) NOT NULL,
                "last_error" text,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_outbox_status_available_at" ON "outbox" ("status", "available_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_outbox_instance_command" ON "outbox" ("instance_id", "command_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "procedure_definitions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "key" varchar(100) NOT NULL,
                "version" integer NOT NULL,
                "owner_org_id" varchar(36),
                "title" text NOT NULL,
                "steps" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "created_at" varchar(30) NOT NULL,
                "published_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_definitions_owner_org_id" ON "procedure_definitions" ("owner_org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_definitions_global_key_version" ON "procedure_definitions" ("key", "version")
            WHERE "owner_org_id" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_definitions_key_version_owner" ON "procedure_definitions" ("key", "version", "owner_org_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "procedure_instances" (
                "id" varchar(200) PRIMARY KEY NOT NULL,
                "business_key" varchar(200) NOT NULL,
                "definition_key" varchar(100) NOT NULL,
                "definition_version" integer NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "guidance_id" varchar(36),
                "parent_instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "version" integer NOT NULL DEFAULT (0),
                "state" text,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_parent_instance_id" ON "procedure_instances" ("parent_instance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_status" ON "procedure_instances" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_guidance_id" ON "procedure_instances" ("guidance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_org_id" ON "procedure_instances" ("org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_instances_business_key" ON "procedure_instances" ("business_key")
        `);
        await queryRunner.query(`
            CREATE TABLE "reports" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "guidance_id" varchar(36),
                "submitted_at" varchar(30) NOT NULL,
                "on_time" boolean NOT NULL,
                "summary" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_reports_guidance_id" ON "reports" ("guidance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_reports_org_id" ON "reports" ("org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_reports_instance_id" ON "reports" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "resolutions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "title" text NOT NULL,
                "decisions" text NOT NULL,
                "adopted" boolean NOT NULL,
                "document_id" varchar(36)
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_resolutions_instance_id" ON "resolutions" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "login" varchar(200) NOT NULL,
                "password_hash" varchar(300) NOT NULL,
                "display_name" text NOT NULL,
                "member_id" varchar(36),
                "disabled" boolean NOT NULL DEFAULT (0),
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_member_id" ON "users" ("member_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_login" ON "users" ("login")
        `);
        await queryRunner.query(`
            CREATE TABLE "role_assignments" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "user_id" varchar(36) NOT NULL,
                "role" varchar(20) NOT NULL,
                "org_id" varchar(36) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_role_assignments_org_id" ON "role_assignments" ("org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_role_assignments_user_role_org" ON "role_assignments" ("user_id", "role", "org_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "scores" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "rubric" varchar(100) NOT NULL,
                "marks" text,
                "total" double precision,
                "rating" varchar(20) NOT NULL,
                "capped" boolean NOT NULL,
                "recorded_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_scores_instance_id" ON "scores" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "held_at" varchar(30) NOT NULL,
                "minutes" integer NOT NULL,
                "place" text,
                "online" boolean NOT NULL,
                "chair" varchar(100) NOT NULL,
                "clerk" varchar(100) NOT NULL,
                "presenter" varchar(100) NOT NULL,
                "present" integer NOT NULL,
                "eligible" integer NOT NULL,
                "total" integer NOT NULL,
                "present_official" integer NOT NULL,
                "present_probationary" integer NOT NULL,
                "agenda" text,
                "conclusion" text NOT NULL,
                "assignments" text NOT NULL,
                "combined" boolean NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_sessions_org_id" ON "sessions" ("org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_sessions_instance_id" ON "sessions" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_attendance" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "member_code" varchar(100) NOT NULL,
                "member_name" text NOT NULL,
                "present" boolean NOT NULL,
                "reason" text,
                "excused" boolean NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_attendance_session_member" ON "session_attendance" ("session_id", "member_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_guests" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "name" text NOT NULL,
                "title" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_session_guests_session_id" ON "session_guests" ("session_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_opinions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "seq" integer NOT NULL,
                "member_code" varchar(100),
                "speaker_name" text NOT NULL,
                "text" text NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_opinions_session_seq" ON "session_opinions" ("session_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "tasks" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "task_id" varchar(200) NOT NULL,
                "step_id" varchar(200) NOT NULL,
                "key" varchar(200) NOT NULL,
                "task" varchar(200) NOT NULL,
                "title_vi" text NOT NULL,
                "title_en" text NOT NULL,
                "assignee_member_id" varchar(36),
                "assignee_role" varchar(50),
                "assignee_org_id" varchar(36),
                "org_id" varchar(36) NOT NULL,
                "status" varchar(20) NOT NULL,
                "opened_at" varchar(30) NOT NULL,
                "due_at" varchar(30),
                "submitted_at" varchar(30),
                "submitted_by" varchar(36),
                "prefill" text
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_org_id_status" ON "tasks" ("org_id", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_assignee_member_id_status" ON "tasks" ("assignee_member_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tasks_instance_task" ON "tasks" ("instance_id", "task_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "terms" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "from_date" varchar(10) NOT NULL,
                "to_date" varchar(10)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_terms_org_id" ON "terms" ("org_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "timers" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "timer_id" varchar(200) NOT NULL,
                "fire_at" varchar(30) NOT NULL,
                "status" varchar(20) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_timers_status_fire_at" ON "timers" ("status", "fire_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_timers_instance_timer" ON "timers" ("instance_id", "timer_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "votes" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "for_count" integer NOT NULL,
                "against_count" integer NOT NULL,
                "abstain_count" integer NOT NULL,
                "denominator" integer NOT NULL,
                "required" integer NOT NULL,
                "adopted" boolean NOT NULL,
                "method" varchar(50) NOT NULL,
                "voters" text,
                "recorded_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_votes_instance_id" ON "votes" ("instance_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_org_units_path"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_org_units_parent_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_org_units_code"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_org_units" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "code" varchar(100) NOT NULL,
                "name" text NOT NULL,
                "abbr" varchar(20) NOT NULL,
                "kind" varchar(20) NOT NULL,
                "parent_id" varchar(36),
                "path" varchar(500) NOT NULL,
                "created_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_org_units_parent_id" FOREIGN KEY ("parent_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_org_units"(
                    "id",
                    "code",
                    "name",
                    "abbr",
                    "kind",
                    "parent_id",
                    "path",
                    "created_at"
                )
            SELECT "id",
                "code",
                "name",
                "abbr",
                "kind",
                "parent_id",
                "path",
                "created_at"
            FROM "org_units"
        `);
        await queryRunner.query(`
            DROP TABLE "org_units"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_org_units"
                RENAME TO "org_units"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_org_units_path" ON "org_units" ("path")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_org_units_parent_id" ON "org_units" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_numbering_registers_org_type_term"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_numbering_registers" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "type" varchar(10) NOT NULL,
                "term_from" varchar(10) NOT NULL,
                "last_seq" integer NOT NULL DEFAULT (0),
                CONSTRAINT "fk_numbering_registers_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_numbering_registers"("id", "org_id", "type", "term_from", "last_seq")
            SELECT "id",
                "org_id",
                "type",
                "term_from",
                "last_seq"
            FROM "numbering_registers"
        `);
        await queryRunner.query(`
            DROP TABLE "numbering_registers"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_numbering_registers"
                RENAME TO "numbering_registers"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_numbering_registers_org_type_term" ON "numbering_registers" ("org_id", "type", "term_from")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_documents_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_documents_org_id_type"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_documents_idempotency_key"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_documents_register_seq"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_documents" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "instance_id" varchar(200),
                "type" varchar(10) NOT NULL,
                "seq" integer NOT NULL,
                "number" varchar(100) NOT NULL,
                "register_id" varchar(36) NOT NULL,
                "title" text NOT NULL,
                "data" text NOT NULL,
                "checksum" varchar(128),
                "status" varchar(20) NOT NULL,
                "idempotency_key" varchar(300),
                "issued_at" varchar(30) NOT NULL,
                "created_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_documents_register_id" FOREIGN KEY ("register_id") REFERENCES "numbering_registers" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_documents"(
                    "id",
                    "org_id",
                    "instance_id",
                    "type",
                    "seq",
                    "number",
                    "register_id",
                    "title",
                    "data",
                    "checksum",
                    "status",
                    "idempotency_key",
                    "issued_at",
                    "created_at"
                )
            SELECT "id",
                "org_id",
                "instance_id",
                "type",
                "seq",
                "number",
                "register_id",
                "title",
                "data",
                "checksum",
                "status",
                "idempotency_key",
                "issued_at",
                "created_at"
            FROM "documents"
        `);
        await queryRunner.query(`
            DROP TABLE "documents"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_documents"
                RENAME TO "documents"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_instance_id" ON "documents" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_org_id_type" ON "documents" ("org_id", "type")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_documents_idempotency_key" ON "documents" ("idempotency_key")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_documents_register_seq" ON "documents" ("register_id", "seq")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_guidances_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_guidances_issuer_number_issued_on"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_guidances" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "issuer_org_id" varchar(36) NOT NULL,
                "number" varchar(100) NOT NULL,
                "issued_on" varchar(10) NOT NULL,
                "title" text NOT NULL,
                "based_on" text NOT NULL,
                "procedure_key" varchar(100) NOT NULL,
                "procedure_version" integer NOT NULL,
                "add_steps" text NOT NULL,
                "rubric" varchar(100) NOT NULL,
                "session_by" varchar(10),
                "report_by" varchar(10),
                "scope" text NOT NULL,
                "rollup_at" varchar(30),
                "instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "created_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_guidances_issuer_org_id" FOREIGN KEY ("issuer_org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_guidances"(
                    "id",
                    "issuer_org_id",
                    "number",
                    "issued_on",
                    "title",
                    "based_on",
                    "procedure_key",
                    "procedure_version",
                    "add_steps",
                    "rubric",
                    "session_by",
                    "report_by",
                    "scope",
                    "rollup_at",
                    "instance_id",
                    "status",
                    "created_at"
                )
            SELECT "id",
                "issuer_org_id",
                "number",
                "issued_on",
                "title",
                "based_on",
                "procedure_key",
                "procedure_version",
                "add_steps",
                "rubric",
                "session_by",
                "report_by",
                "scope",
                "rollup_at",
                "instance_id",
                "status",
                "created_at"
            FROM "guidances"
        `);
        await queryRunner.query(`
            DROP TABLE "guidances"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_guidances"
                RENAME TO "guidances"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_guidances_instance_id" ON "guidances" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_guidances_issuer_number_issued_on" ON "guidances" ("issuer_org_id", "number", "issued_on")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_members_org_code"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_members" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "code" varchar(100) NOT NULL,
                "name" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "roles" text NOT NULL,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_members_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_members"(
                    "id",
                    "org_id",
                    "code",
                    "name",
                    "status",
                    "roles",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "org_id",
                "code",
                "name",
                "status",
                "roles",
                "created_at",
                "updated_at"
            FROM "members"
        `);
        await queryRunner.query(`
            DROP TABLE "members"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_members"
                RENAME TO "members"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_members_org_code" ON "members" ("org_id", "code")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_member_assignments_member_id_kind"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_member_assignments" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "member_id" varchar(36) NOT NULL,
                "kind" varchar(50) NOT NULL,
                "instance_id" varchar(200),
                "at" varchar(30) NOT NULL,
                CONSTRAINT "fk_member_assignments_member_id" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_member_assignments"("id", "member_id", "kind", "instance_id", "at")
            SELECT "id",
                "member_id",
                "kind",
                "instance_id",
                "at"
            FROM "member_assignments"
        `);
        await queryRunner.query(`
            DROP TABLE "member_assignments"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_member_assignments"
                RENAME TO "member_assignments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_member_assignments_member_id_kind" ON "member_assignments" ("member_id", "kind")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_definitions_owner_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_definitions_global_key_version"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_definitions_key_version_owner"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_procedure_definitions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "key" varchar(100) NOT NULL,
                "version" integer NOT NULL,
                "owner_org_id" varchar(36),
                "title" text NOT NULL,
                "steps" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "created_at" varchar(30) NOT NULL,
                "published_at" varchar(30),
                CONSTRAINT "fk_procedure_definitions_owner_org_id" FOREIGN KEY ("owner_org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_procedure_definitions"(
                    "id",
                    "key",
                    "version",
                    "owner_org_id",
                    "title",
                    "steps",
                    "status",
                    "created_at",
                    "published_at"
                )
            SELECT "id",
                "key",
                "version",
                "owner_org_id",
                "title",
                "steps",
                "status",
                "created_at",
                "published_at"
            FROM "procedure_definitions"
        `);
        await queryRunner.query(`
            DROP TABLE "procedure_definitions"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_procedure_definitions"
                RENAME TO "procedure_definitions"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_definitions_owner_org_id" ON "procedure_definitions" ("owner_org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_definitions_global_key_version" ON "procedure_definitions" ("key", "version")
            WHERE "owner_org_id" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_definitions_key_version_owner" ON "procedure_definitions" ("key", "version", "owner_org_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_parent_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_status"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_guidance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_instances_business_key"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_procedure_instances" (
                "id" varchar(200) PRIMARY KEY NOT NULL,
                "business_key" varchar(200) NOT NULL,
                "definition_key" varchar(100) NOT NULL,
                "definition_version" integer NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "guidance_id" varchar(36),
                "parent_instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "version" integer NOT NULL DEFAULT (0),
                "state" text,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_procedure_instances_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_procedure_instances"(
                    "id",
                    "business_key",
                    "definition_key",
                    "definition_version",
                    "org_id",
                    "guidance_id",
                    "parent_instance_id",
                    "status",
                    "version",
                    "state",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "business_key",
                "definition_key",
                "definition_version",
                "org_id",
                "guidance_id",
                "parent_instance_id",
                "status",
                "version",
                "state",
                "created_at",
                "updated_at"
            FROM "procedure_instances"
        `);
        await queryRunner.query(`
            DROP TABLE "procedure_instances"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_procedure_instances"
                RENAME TO "procedure_instances"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_parent_instance_id" ON "procedure_instances" ("parent_instance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_status" ON "procedure_instances" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_guidance_id" ON "procedure_instances" ("guidance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_org_id" ON "procedure_instances" ("org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_instances_business_key" ON "procedure_instances" ("business_key")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_member_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_login"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_users" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "login" varchar(200) NOT NULL,
                "password_hash" varchar(300) NOT NULL,
                "display_name" text NOT NULL,
                "member_id" varchar(36),
                "disabled" boolean NOT NULL DEFAULT (0),
                "created_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_users_member_id" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_users"(
                    "id",
                    "login",
                    "password_hash",
                    "display_name",
                    "member_id",
                    "disabled",
                    "created_at"
                )
            SELECT "id",
                "login",
                "password_hash",
                "display_name",
                "member_id",
                "disabled",
                "created_at"
            FROM "users"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_users"
                RENAME TO "users"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_member_id" ON "users" ("member_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_login" ON "users" ("login")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_role_assignments_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_role_assignments_user_role_org"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_role_assignments" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "user_id" varchar(36) NOT NULL,
                "role" varchar(20) NOT NULL,
                "org_id" varchar(36) NOT NULL,
                CONSTRAINT "fk_role_assignments_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION,
                CONSTRAINT "fk_role_assignments_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_role_assignments"("id", "user_id", "role", "org_id")
            SELECT "id",
                "user_id",
                "role",
                "org_id"
            FROM "role_assignments"
        `);
        await queryRunner.query(`
            DROP TABLE "role_assignments"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_role_assignments"
                RENAME TO "role_assignments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_role_assignments_org_id" ON "role_assignments" ("org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_role_assignments_user_role_org" ON "role_assignments" ("user_id", "role", "org_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_session_attendance_session_member"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_session_attendance" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "member_code" varchar(100) NOT NULL,
                "member_name" text NOT NULL,
                "present" boolean NOT NULL,
                "reason" text,
                "excused" boolean NOT NULL,
                CONSTRAINT "fk_session_attendance_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_session_attendance"(
                    "id",
                    "session_id",
                    "member_code",
                    "member_name",
                    "present",
                    "reason",
                    "excused"
                )
            SELECT "id",
                "session_id",
                "member_code",
                "member_name",
                "present",
                "reason",
                "excused"
            FROM "session_attendance"
        `);
        await queryRunner.query(`
            DROP TABLE "session_attendance"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_session_attendance"
                RENAME TO "session_attendance"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_attendance_session_member" ON "session_attendance" ("session_id", "member_code")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_session_guests_session_id"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_session_guests" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "name" text NOT NULL,
                "title" text NOT NULL,
                CONSTRAINT "fk_session_guests_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_session_guests"("id", "session_id", "name", "title")
            SELECT "id",
                "session_id",
                "name",
                "title"
            FROM "session_guests"
        `);
        await queryRunner.query(`
            DROP TABLE "session_guests"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_session_guests"
                RENAME TO "session_guests"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_session_guests_session_id" ON "session_guests" ("session_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_session_opinions_session_seq"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_session_opinions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "seq" integer NOT NULL,
                "member_code" varchar(100),
                "speaker_name" text NOT NULL,
                "text" text NOT NULL,
                CONSTRAINT "fk_session_opinions_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_session_opinions"(
                    "id",
                    "session_id",
                    "seq",
                    "member_code",
                    "speaker_name",
                    "text"
                )
            SELECT "id",
                "session_id",
                "seq",
                "member_code",
                "speaker_name",
                "text"
            FROM "session_opinions"
        `);
        await queryRunner.query(`
            DROP TABLE "session_opinions"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_session_opinions"
                RENAME TO "session_opinions"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_opinions_session_seq" ON "session_opinions" ("session_id", "seq")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_tasks_org_id_status"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_tasks_assignee_member_id_status"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_tasks_instance_task"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_tasks" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "task_id" varchar(200) NOT NULL,
                "step_id" varchar(200) NOT NULL,
                "key" varchar(200) NOT NULL,
                "task" varchar(200) NOT NULL,
                "title_vi" text NOT NULL,
                "title_en" text NOT NULL,
                "assignee_member_id" varchar(36),
                "assignee_role" varchar(50),
                "assignee_org_id" varchar(36),
                "org_id" varchar(36) NOT NULL,
                "status" varchar(20) NOT NULL,
                "opened_at" varchar(30) NOT NULL,
                "due_at" varchar(30),
                "submitted_at" varchar(30),
                "submitted_by" varchar(36),
                "prefill" text,
                CONSTRAINT "fk_tasks_assignee_member_id" FOREIGN KEY ("assignee_member_id") REFERENCES "members" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_tasks"(
                    "id",
                    "instance_id",
                    "task_id",
                    "step_id",
                    "key",
                    "task",
                    "title_vi",
                    "title_en",
                    "assignee_member_id",
                    "assignee_role",
                    "assignee_org_id",
                    "org_id",
                    "status",
                    "opened_at",
                    "due_at",
                    "submitted_at",
                    "submitted_by",
                    "prefill"
                )
            SELECT "id",
                "instance_id",
                "task_id",
                "step_id",
                "key",
                "task",
                "title_vi",
                "title_en",
                "assignee_member_id",
                "assignee_role",
                "assignee_org_id",
                "org_id",
                "status",
                "opened_at",
                "due_at",
                "submitted_at",
                "submitted_by",
                "prefill"
            FROM "tasks"
        `);
        await queryRunner.query(`
            DROP TABLE "tasks"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_tasks"
                RENAME TO "tasks"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_org_id_status" ON "tasks" ("org_id", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_assignee_member_id_status" ON "tasks" ("assignee_member_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tasks_instance_task" ON "tasks" ("instance_id", "task_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_terms_org_id"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_terms" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "from_date" varchar(10) NOT NULL,
                "to_date" varchar(10),
                CONSTRAINT "fk_terms_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_terms"("id", "org_id", "from_date", "to_date")
            SELECT "id",
                "org_id",
                "from_date",
                "to_date"
            FROM "terms"
        `);
        await queryRunner.query(`
            DROP TABLE "terms"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_terms"
                RENAME TO "terms"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_terms_org_id" ON "terms" ("org_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "idx_terms_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "terms"
                RENAME TO "temporary_terms"
        `);
        await queryRunner.query(`
            CREATE TABLE "terms" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "from_date" varchar(10) NOT NULL,
                "to_date" varchar(10)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "terms"("id", "org_id", "from_date", "to_date")
            SELECT "id",
                "org_id",
                "from_date",
                "to_date"
            FROM "temporary_terms"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_terms"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_terms_org_id" ON "terms" ("org_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_tasks_instance_task"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_tasks_assignee_member_id_status"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_tasks_org_id_status"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasks"
                RENAME TO "temporary_tasks"
        `);
        await queryRunner.query(`
            CREATE TABLE "tasks" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "task_id" varchar(200) NOT NULL,
                "step_id" varchar(200) NOT NULL,
                "key" varchar(200) NOT NULL,
                "task" varchar(200) NOT NULL,
                "title_vi" text NOT NULL,
                "title_en" text NOT NULL,
                "assignee_member_id" varchar(36),
                "assignee_role" varchar(50),
                "assignee_org_id" varchar(36),
                "org_id" varchar(36) NOT NULL,
                "status" varchar(20) NOT NULL,
                "opened_at" varchar(30) NOT NULL,
                "due_at" varchar(30),
                "submitted_at" varchar(30),
                "submitted_by" varchar(36),
                "prefill" text
            )
        `);
        await queryRunner.query(`
            INSERT INTO "tasks"(
                    "id",
                    "instance_id",
                    "task_id",
                    "step_id",
                    "key",
                    "task",
                    "title_vi",
                    "title_en",
                    "assignee_member_id",
                    "assignee_role",
                    "assignee_org_id",
                    "org_id",
                    "status",
                    "opened_at",
                    "due_at",
                    "submitted_at",
                    "submitted_by",
                    "prefill"
                )
            SELECT "id",
                "instance_id",
                "task_id",
                "step_id",
                "key",
                "task",
                "title_vi",
                "title_en",
                "assignee_member_id",
                "assignee_role",
                "assignee_org_id",
                "org_id",
                "status",
                "opened_at",
                "due_at",
                "submitted_at",
                "submitted_by",
                "prefill"
            FROM "temporary_tasks"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_tasks"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tasks_instance_task" ON "tasks" ("instance_id", "task_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_assignee_member_id_status" ON "tasks" ("assignee_member_id", "status")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_tasks_org_id_status" ON "tasks" ("org_id", "status")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_session_opinions_session_seq"
        `);
        await queryRunner.query(`
            ALTER TABLE "session_opinions"
                RENAME TO "temporary_session_opinions"
        `);
        await queryRunner.query(`
            CREATE TABLE "session_opinions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "seq" integer NOT NULL,
                "member_code" varchar(100),
                "speaker_name" text NOT NULL,
                "text" text NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "session_opinions"(
                    "id",
                    "session_id",
                    "seq",
                    "member_code",
                    "speaker_name",
                    "text"
                )
            SELECT "id",
                "session_id",
                "seq",
                "member_code",
                "speaker_name",
                "text"
            FROM "temporary_session_opinions"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_session_opinions"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_opinions_session_seq" ON "session_opinions" ("session_id", "seq")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_session_guests_session_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "session_guests"
                RENAME TO "temporary_session_guests"
        `);
        await queryRunner.query(`
            CREATE TABLE "session_guests" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "name" text NOT NULL,
                "title" text NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "session_guests"("id", "session_id", "name", "title")
            SELECT "id",
                "session_id",
                "name",
                "title"
            FROM "temporary_session_guests"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_session_guests"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_session_guests_session_id" ON "session_guests" ("session_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_session_attendance_session_member"
        `);
        await queryRunner.query(`
            ALTER TABLE "session_attendance"
                RENAME TO "temporary_session_attendance"
        `);
        await queryRunner.query(`
            CREATE TABLE "session_attendance" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "session_id" varchar(36) NOT NULL,
                "member_code" varchar(100) NOT NULL,
                "member_name" text NOT NULL,
                "present" boolean NOT NULL,
                "reason" text,
                "excused" boolean NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "session_attendance"(
                    "id",
                    "session_id",
                    "member_code",
                    "member_name",
                    "present",
                    "reason",
                    "excused"
                )
            SELECT "id",
                "session_id",
                "member_code",
                "member_name",
                "present",
                "reason",
                "excused"
            FROM "temporary_session_attendance"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_session_attendance"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_attendance_session_member" ON "session_attendance" ("session_id", "member_code")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_role_assignments_user_role_org"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_role_assignments_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "role_assignments"
                RENAME TO "temporary_role_assignments"
        `);
        await queryRunner.query(`
            CREATE TABLE "role_assignments" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "user_id" varchar(36) NOT NULL,
                "role" varchar(20) NOT NULL,
                "org_id" varchar(36) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "role_assignments"("id", "user_id", "role", "org_id")
            SELECT "id",
                "user_id",
                "role",
                "org_id"
            FROM "temporary_role_assignments"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_role_assignments"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_role_assignments_user_role_org" ON "role_assignments" ("user_id", "role", "org_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_role_assignments_org_id" ON "role_assignments" ("org_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_login"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_member_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
                RENAME TO "temporary_users"
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "login" varchar(200) NOT NULL,
                "password_hash" varchar(300) NOT NULL,
                "display_name" text NOT NULL,
                "member_id" varchar(36),
                "disabled" boolean NOT NULL DEFAULT (0),
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "users"(
                    "id",
                    "login",
                    "password_hash",
                    "display_name",
                    "member_id",
                    "disabled",
                    "created_at"
                )
            SELECT "id",
                "login",
                "password_hash",
                "display_name",
                "member_id",
                "disabled",
                "created_at"
            FROM "temporary_users"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_users"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_login" ON "users" ("login")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_member_id" ON "users" ("member_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_instances_business_key"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_guidance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_status"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_parent_instance_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "procedure_instances"
                RENAME TO "temporary_procedure_instances"
        `);
        await queryRunner.query(`
            CREATE TABLE "procedure_instances" (
                "id" varchar(200) PRIMARY KEY NOT NULL,
                "business_key" varchar(200) NOT NULL,
                "definition_key" varchar(100) NOT NULL,
                "definition_version" integer NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "guidance_id" varchar(36),
                "parent_instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "version" integer NOT NULL DEFAULT (0),
                "state" text,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "procedure_instances"(
                    "id",
                    "business_key",
                    "definition_key",
                    "definition_version",
                    "org_id",
                    "guidance_id",
                    "parent_instance_id",
                    "status",
                    "version",
                    "state",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "business_key",
                "definition_key",
                "definition_version",
                "org_id",
                "guidance_id",
                "parent_instance_id",
                "status",
                "version",
                "state",
                "created_at",
                "updated_at"
            FROM "temporary_procedure_instances"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_procedure_instances"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_instances_business_key" ON "procedure_instances" ("business_key")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_org_id" ON "procedure_instances" ("org_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_guidance_id" ON "procedure_instances" ("guidance_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_status" ON "procedure_instances" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_instances_parent_instance_id" ON "procedure_instances" ("parent_instance_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_definitions_key_version_owner"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_definitions_global_key_version"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_definitions_owner_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "procedure_definitions"
                RENAME TO "temporary_procedure_definitions"
        `);
        await queryRunner.query(`
            CREATE TABLE "procedure_definitions" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "key" varchar(100) NOT NULL,
                "version" integer NOT NULL,
                "owner_org_id" varchar(36),
                "title" text NOT NULL,
                "steps" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "created_at" varchar(30) NOT NULL,
                "published_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "procedure_definitions"(
                    "id",
                    "key",
                    "version",
                    "owner_org_id",
                    "title",
                    "steps",
                    "status",
                    "created_at",
                    "published_at"
                )
            SELECT "id",
                "key",
                "version",
                "owner_org_id",
                "title",
                "steps",
                "status",
                "created_at",
                "published_at"
            FROM "temporary_procedure_definitions"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_procedure_definitions"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_definitions_key_version_owner" ON "procedure_definitions" ("key", "version", "owner_org_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_procedure_definitions_global_key_version" ON "procedure_definitions" ("key", "version")
            WHERE "owner_org_id" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_procedure_definitions_owner_org_id" ON "procedure_definitions" ("owner_org_id")
        `);
        await queryRunner.query(`
            DROP INDEX "idx_member_assignments_member_id_kind"
        `);
        await queryRunner.query(`
            ALTER TABLE "member_assignments"
                RENAME TO "temporary_member_assignments"
        `);
        await queryRunner.query(`
            CREATE TABLE "member_assignments" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "member_id" varchar(36) NOT NULL,
                "kind" varchar(50) NOT NULL,
                "instance_id" varchar(200),
                "at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "member_assignments"("id", "member_id", "kind", "instance_id", "at")
            SELECT "id",
                "member_id",
                "kind",
                "instance_id",
                "at"
            FROM "temporary_member_assignments"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_member_assignments"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_member_assignments_member_id_kind" ON "member_assignments" ("member_id", "kind")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_members_org_code"
        `);
        await queryRunner.query(`
            ALTER TABLE "members"
                RENAME TO "temporary_members"
        `);
        await queryRunner.query(`
            CREATE TABLE "members" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "code" varchar(100) NOT NULL,
                "name" text NOT NULL,
                "status" varchar(20) NOT NULL,
                "roles" text NOT NULL,
                "created_at" varchar(30) NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "members"(
                    "id",
                    "org_id",
                    "code",
                    "name",
                    "status",
                    "roles",
                    "created_at",
                    "updated_at"
                )
            SELECT "id",
                "org_id",
                "code",
                "name",
                "status",
                "roles",
                "created_at",
                "updated_at"
            FROM "temporary_members"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_members"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_members_org_code" ON "members" ("org_id", "code")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_guidances_issuer_number_issued_on"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_guidances_instance_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "guidances"
                RENAME TO "temporary_guidances"
        `);
        await queryRunner.query(`
            CREATE TABLE "guidances" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "issuer_org_id" varchar(36) NOT NULL,
                "number" varchar(100) NOT NULL,
                "issued_on" varchar(10) NOT NULL,
                "title" text NOT NULL,
                "based_on" text NOT NULL,
                "procedure_key" varchar(100) NOT NULL,
                "procedure_version" integer NOT NULL,
                "add_steps" text NOT NULL,
                "rubric" varchar(100) NOT NULL,
                "session_by" varchar(10),
                "report_by" varchar(10),
                "scope" text NOT NULL,
                "rollup_at" varchar(30),
                "instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "guidances"(
                    "id",
                    "issuer_org_id",
                    "number",
                    "issued_on",
                    "title",
                    "based_on",
                    "procedure_key",
                    "procedure_version",
                    "add_steps",
                    "rubric",
                    "session_by",
                    "report_by",
                    "scope",
                    "rollup_at",
                    "instance_id",
                    "status",
                    "created_at"
                )
            SELECT "id",
                "issuer_org_id",
                "number",
                "issued_on",
                "title",
                "based_on",
                "procedure_key",
                "procedure_version",
                "add_steps",
                "rubric",
                "session_by",
                "report_by",
                "scope",
                "rollup_at",
                "instance_id",
                "status",
                "created_at"
            FROM "temporary_guidances"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_guidances"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_guidances_issuer_number_issued_on" ON "guidances" ("issuer_org_id", "number", "issued_on")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_guidances_instance_id" ON "guidances" ("instance_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_documents_register_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_documents_idempotency_key"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_documents_org_id_type"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_documents_instance_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
                RENAME TO "temporary_documents"
        `);
        await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "instance_id" varchar(200),
                "type" varchar(10) NOT NULL,
                "seq" integer NOT NULL,
                "number" varchar(100) NOT NULL,
                "register_id" varchar(36) NOT NULL,
                "title" text NOT NULL,
                "data" text NOT NULL,
                "checksum" varchar(128),
                "status" varchar(20) NOT NULL,
                "idempotency_key" varchar(300),
                "issued_at" varchar(30) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "documents"(
                    "id",
                    "org_id",
                    "instance_id",
                    "type",
                    "seq",
                    "number",
                    "register_id",
                    "title",
                    "data",
                    "checksum",
                    "status",
                    "idempotency_key",
                    "issued_at",
                    "created_at"
                )
            SELECT "id",
                "org_id",
                "instance_id",
                "type",
                "seq",
                "number",
                "register_id",
                "title",
                "data",
                "checksum",
                "status",
                "idempotency_key",
                "issued_at",
                "created_at"
            FROM "temporary_documents"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_documents"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_documents_register_seq" ON "documents" ("register_id", "seq")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_documents_idempotency_key" ON "documents" ("idempotency_key")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_org_id_type" ON "documents" ("org_id", "type")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_documents_instance_id" ON "documents" ("instance_id")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_numbering_registers_org_type_term"
        `);
        await queryRunner.query(`
            ALTER TABLE "numbering_registers"
                RENAME TO "temporary_numbering_registers"
        `);
        await queryRunner.query(`
            CREATE TABLE "numbering_registers" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "type" varchar(10) NOT NULL,
                "term_from" varchar(10) NOT NULL,
                "last_seq" integer NOT NULL DEFAULT (0)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "numbering_registers"("id", "org_id", "type", "term_from", "last_seq")
            SELECT "id",
                "org_id",
                "type",
                "term_from",
                "last_seq"
            FROM "temporary_numbering_registers"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_numbering_registers"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_numbering_registers_org_type_term" ON "numbering_registers" ("org_id", "type", "term_from")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_org_units_code"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_org_units_parent_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_org_units_path"
        `);
        await queryRunner.query(`
            ALTER TABLE "org_units"
                RENAME TO "temporary_org_units"
        `);
        await queryRunner.query(`
            CREATE TABLE "org_units" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "code" varchar(100) NOT NULL,
                "name" text NOT NULL,
                "abbr" varchar(20) NOT NULL,
                "kind" varchar(20) NOT NULL,
                "parent_id" varchar(36),
                "path" varchar(500) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            INSERT INTO "org_units"(
                    "id",
                    "code",
                    "name",
                    "abbr",
                    "kind",
                    "parent_id",
                    "path",
                    "created_at"
                )
            SELECT "id",
                "code",
                "name",
                "abbr",
                "kind",
                "parent_id",
                "path",
                "created_at"
            FROM "temporary_org_units"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_org_units"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_org_units_code" ON "org_units" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_org_units_parent_id" ON "org_units" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_org_units_path" ON "org_units" ("path")
        `);
        await queryRunner.query(`
            DROP INDEX "uq_votes_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "votes"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_timers_instance_timer"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_timers_status_fire_at"
        `);
        await queryRunner.query(`
            DROP TABLE "timers"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_terms_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "terms"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_tasks_instance_task"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_tasks_assignee_member_id_status"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_tasks_org_id_status"
        `);
        await queryRunner.query(`
            DROP TABLE "tasks"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_session_opinions_session_seq"
        `);
        await queryRunner.query(`
            DROP TABLE "session_opinions"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_session_guests_session_id"
        `);
        await queryRunner.query(`
            DROP TABLE "session_guests"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_session_attendance_session_member"
        `);
        await queryRunner.query(`
            DROP TABLE "session_attendance"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_sessions_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_sessions_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_scores_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "scores"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_role_assignments_user_role_org"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_role_assignments_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "role_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_login"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_member_id"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_resolutions_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "resolutions"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_reports_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_reports_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_reports_guidance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "reports"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_instances_business_key"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_guidance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_status"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_instances_parent_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "procedure_instances"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_definitions_key_version_owner"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_procedure_definitions_global_key_version"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_procedure_definitions_owner_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "procedure_definitions"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_outbox_instance_command"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_outbox_status_available_at"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_member_assignments_member_id_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "member_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_members_org_code"
        `);
        await queryRunner.query(`
            DROP TABLE "members"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_instance_events_instance_seq"
        `);
        await queryRunner.query(`
            DROP TABLE "instance_events"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_guidances_issuer_number_issued_on"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_guidances_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "guidances"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_findings_org_id_code"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_findings_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_findings_guidance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "findings"
        `);
        await queryRunner.query(`
            DROP TABLE "effect_runs"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_documents_register_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_documents_idempotency_key"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_documents_org_id_type"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_documents_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "documents"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_numbering_registers_org_type_term"
        `);
        await queryRunner.query(`
            DROP TABLE "numbering_registers"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_org_units_code"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_org_units_parent_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_org_units_path"
        `);
        await queryRunner.query(`
            DROP TABLE "org_units"
        `);
    }

}
