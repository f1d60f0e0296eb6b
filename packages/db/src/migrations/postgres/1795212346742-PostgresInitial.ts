import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresInitial1795212346742 implements MigrationInterface {
    name = 'PostgresInitial1795212346742'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "org_units" (
                "id" character varying(36) NOT NULL,
                "code" character varying(100) NOT NULL,
                "name" text NOT NULL,
                "abbr" character varying(20) NOT NULL,
                "kind" character varying(20) NOT NULL,
                "parent_id" character varying(36),
                "path" character varying(500) NOT NULL,
                "created_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_org_units" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "type" character varying(10) NOT NULL,
                "term_from" character varying(10) NOT NULL,
                "last_seq" integer NOT NULL DEFAULT '0',
                CONSTRAINT "pk_numbering_registers" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_numbering_registers_org_type_term" ON "numbering_registers" ("org_id", "type", "term_from")
        `);
        await queryRunner.query(`
            CREATE TABLE "documents" (
                "id" character varying(36) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "instance_id" character varying(200),
                "type" character varying(10) NOT NULL,
                "seq" integer NOT NULL,
                "number" character varying(100) NOT NULL,
                "register_id" character varying(36) NOT NULL,
                "title" text NOT NULL,
                "data" text NOT NULL,
                "checksum" character varying(128),
                "status" character varying(20) NOT NULL,
                "idempotency_key" character varying(300),
                "issued_at" character varying(30) NOT NULL,
                "created_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_documents" PRIMARY KEY ("id")
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
                "idempotency_key" character varying(300) NOT NULL,
                "name" character varying(200) NOT NULL,
                "result" text,
                "completed_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_effect_runs" PRIMARY KEY ("idempotency_key")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "findings" (
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "guidance_id" character varying(36),
                "code" character varying(50) NOT NULL,
                "detail" text,
                "recorded_at" character varying(30) NOT NULL,
                "resolved_at" character varying(30),
                "resolved_reason" text,
                CONSTRAINT "pk_findings" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "issuer_org_id" character varying(36) NOT NULL,
                "number" character varying(100) NOT NULL,
                "issued_on" character varying(10) NOT NULL,
                "title" text NOT NULL,
                "based_on" text NOT NULL,
                "procedure_key" character varying(100) NOT NULL,
                "procedure_version" integer NOT NULL,
                "add_steps" text NOT NULL,
                "rubric" character varying(100) NOT NULL,
                "session_by" character varying(10),
                "report_by" character varying(10),
                "scope" text NOT NULL,
                "rollup_at" character varying(30),
                "instance_id" character varying(200),
                "status" character varying(20) NOT NULL,
                "created_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_guidances" PRIMARY KEY ("id")
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
                "id" SERIAL NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "seq" integer NOT NULL,
                "type" character varying(100) NOT NULL,
                "payload" text NOT NULL,
                "at" character varying(30) NOT NULL,
                "recorded_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_instance_events" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_instance_events_instance_seq" ON "instance_events" ("instance_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "members" (
                "id" character varying(36) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "code" character varying(100) NOT NULL,
                "name" text NOT NULL,
                "status" character varying(20) NOT NULL,
                "roles" text NOT NULL,
                "created_at" character varying(30) NOT NULL,
                "updated_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_members" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_members_org_code" ON "members" ("org_id", "code")
        `);
        await queryRunner.query(`
            CREATE TABLE "member_assignments" (
                "id" character varying(36) NOT NULL,
                "member_id" character varying(36) NOT NULL,
                "kind" character varying(50) NOT NULL,
                "instance_id" character varying(200),
                "at" character varying(30) NOT NULL,
                CONSTRAINT "pk_member_assignments" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_member_assignments_member_id_kind" ON "member_assignments" ("member_id", "kind")
        `);
        await queryRunner.query(`
            CREATE TABLE "outbox" (
                "id" SERIAL NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "command_id" character varying(200) NOT NULL,
                "type" character varying(100) NOT NULL,
                "payload" text NOT NULL,
                "status" character varying(20) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "available_at" character varying(30) NOT NULL,
                "last_error" text,
                "created_at" character varying(30) NOT NULL,
                "updated_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_outbox" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "key" character varying(100) NOT NULL,
                "version" integer NOT NULL,
                "owner_org_id" character varying(36),
                "title" text NOT NULL,
                "steps" text NOT NULL,
                "status" character varying(20) NOT NULL,
                "created_at" character varying(30) NOT NULL,
                "published_at" character varying(30),
                CONSTRAINT "pk_procedure_definitions" PRIMARY KEY ("id")
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
                "id" character varying(200) NOT NULL,
                "business_key" character varying(200) NOT NULL,
                "definition_key" character varying(100) NOT NULL,
                "definition_version" integer NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "guidance_id" character varying(36),
                "parent_instance_id" character varying(200),
                "status" character varying(20) NOT NULL,
                "version" integer NOT NULL DEFAULT '0',
                "state" text,
                "created_at" character varying(30) NOT NULL,
                "updated_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_procedure_instances" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "guidance_id" character varying(36),
                "submitted_at" character varying(30) NOT NULL,
                "on_time" boolean NOT NULL,
                "summary" text NOT NULL,
                CONSTRAINT "pk_reports" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "title" text NOT NULL,
                "decisions" text NOT NULL,
                "adopted" boolean NOT NULL,
                "document_id" character varying(36),
                CONSTRAINT "pk_resolutions" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_resolutions_instance_id" ON "resolutions" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" character varying(36) NOT NULL,
                "login" character varying(200) NOT NULL,
                "password_hash" character varying(300) NOT NULL,
                "display_name" text NOT NULL,
                "member_id" character varying(36),
                "disabled" boolean NOT NULL DEFAULT false,
                "created_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_users" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "user_id" character varying(36) NOT NULL,
                "role" character varying(20) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                CONSTRAINT "pk_role_assignments" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "rubric" character varying(100) NOT NULL,
                "marks" text,
                "total" double precision,
                "rating" character varying(20) NOT NULL,
                "capped" boolean NOT NULL,
                "recorded_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_scores" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_scores_instance_id" ON "scores" ("instance_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "held_at" character varying(30) NOT NULL,
                "minutes" integer NOT NULL,
                "place" text,
                "online" boolean NOT NULL,
                "chair" character varying(100) NOT NULL,
                "clerk" character varying(100) NOT NULL,
                "presenter" character varying(100) NOT NULL,
                "present" integer NOT NULL,
                "eligible" integer NOT NULL,
                "total" integer NOT NULL,
                "present_official" integer NOT NULL,
                "present_probationary" integer NOT NULL,
                "agenda" text,
                "conclusion" text NOT NULL,
                "assignments" text NOT NULL,
                "combined" boolean NOT NULL,
                CONSTRAINT "pk_sessions" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "session_id" character varying(36) NOT NULL,
                "member_code" character varying(100) NOT NULL,
                "member_name" text NOT NULL,
                "present" boolean NOT NULL,
                "reason" text,
                "excused" boolean NOT NULL,
                CONSTRAINT "pk_session_attendance" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_attendance_session_member" ON "session_attendance" ("session_id", "member_code")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_guests" (
                "id" character varying(36) NOT NULL,
                "session_id" character varying(36) NOT NULL,
                "name" text NOT NULL,
                "title" text NOT NULL,
                CONSTRAINT "pk_session_guests" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_session_guests_session_id" ON "session_guests" ("session_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "session_opinions" (
                "id" character varying(36) NOT NULL,
                "session_id" character varying(36) NOT NULL,
                "seq" integer NOT NULL,
                "member_code" character varying(100),
                "speaker_name" text NOT NULL,
                "text" text NOT NULL,
                CONSTRAINT "pk_session_opinions" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_session_opinions_session_seq" ON "session_opinions" ("session_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "tasks" (
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "task_id" character varying(200) NOT NULL,
                "step_id" character varying(200) NOT NULL,
                "key" character varying(200) NOT NULL,
                "task" character varying(200) NOT NULL,
                "title_vi" text NOT NULL,
                "title_en" text NOT NULL,
                "assignee_member_id" character varying(36),
                "assignee_role" character varying(50),
                "assignee_org_id" character varying(36),
                "org_id" character varying(36) NOT NULL,
                "status" character varying(20) NOT NULL,
                "opened_at" character varying(30) NOT NULL,
                "due_at" character varying(30),
                "submitted_at" character varying(30),
                "submitted_by" character varying(36),
                "prefill" text,
                CONSTRAINT "pk_tasks" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "from_date" character varying(10) NOT NULL,
                "to_date" character varying(10),
                CONSTRAINT "pk_terms" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_terms_org_id" ON "terms" ("org_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "timers" (
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "timer_id" character varying(200) NOT NULL,
                "fire_at" character varying(30) NOT NULL,
                "status" character varying(20) NOT NULL,
                CONSTRAINT "pk_timers" PRIMARY KEY ("id")
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
                "id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "for_count" integer NOT NULL,
                "against_count" integer NOT NULL,
                "abstain_count" integer NOT NULL,
                "denominator" integer NOT NULL,
                "required" integer NOT NULL,
                "adopted" boolean NOT NULL,
                "method" character varying(50) NOT NULL,
                "voters" text,
                "recorded_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_votes" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_votes_instance_id" ON "votes" ("instance_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "org_units"
            ADD CONSTRAINT "fk_org_units_parent_id" FOREIGN KEY ("parent_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "numbering_registers"
            ADD CONSTRAINT "fk_numbering_registers_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD CONSTRAINT "fk_documents_register_id" FOREIGN KEY ("register_id") REFERENCES "numbering_registers"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "guidances"
            ADD CONSTRAINT "fk_guidances_issuer_org_id" FOREIGN KEY ("issuer_org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "members"
            ADD CONSTRAINT "fk_members_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member_assignments"
            ADD CONSTRAINT "fk_member_assignments_member_id" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "procedure_definitions"
            ADD CONSTRAINT "fk_procedure_definitions_owner_org_id" FOREIGN KEY ("owner_org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "procedure_instances"
            ADD CONSTRAINT "fk_procedure_instances_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "fk_users_member_id" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "role_assignments"
            ADD CONSTRAINT "fk_role_assignments_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "role_assignments"
            ADD CONSTRAINT "fk_role_assignments_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "session_attendance"
            ADD CONSTRAINT "fk_session_attendance_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "session_guests"
            ADD CONSTRAINT "fk_session_guests_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "session_opinions"
            ADD CONSTRAINT "fk_session_opinions_session_id" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "tasks"
            ADD CONSTRAINT "fk_tasks_assignee_member_id" FOREIGN KEY ("assignee_member_id") REFERENCES "members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "terms"
            ADD CONSTRAINT "fk_terms_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "terms" DROP CONSTRAINT "fk_terms_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "tasks" DROP CONSTRAINT "fk_tasks_assignee_member_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "session_opinions" DROP CONSTRAINT "fk_session_opinions_session_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "session_guests" DROP CONSTRAINT "fk_session_guests_session_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "session_attendance" DROP CONSTRAINT "fk_session_attendance_session_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "role_assignments" DROP CONSTRAINT "fk_role_assignments_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "role_assignments" DROP CONSTRAINT "fk_role_assignments_user_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "fk_users_member_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "procedure_instances" DROP CONSTRAINT "fk_procedure_instances_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "procedure_definitions" DROP CONSTRAINT "fk_procedure_definitions_owner_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "member_assignments" DROP CONSTRAINT "fk_member_assignments_member_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "members" DROP CONSTRAINT "fk_members_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "guidances" DROP CONSTRAINT "fk_guidances_issuer_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP CONSTRAINT "fk_documents_register_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "numbering_registers" DROP CONSTRAINT "fk_numbering_registers_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "org_units" DROP CONSTRAINT "fk_org_units_parent_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_votes_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "votes"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_timers_instance_timer"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_timers_status_fire_at"
        `);
        await queryRunner.query(`
            DROP TABLE "timers"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_terms_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "terms"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_tasks_instance_task"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_tasks_assignee_member_id_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_tasks_org_id_status"
        `);
        await queryRunner.query(`
            DROP TABLE "tasks"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_session_opinions_session_seq"
        `);
        await queryRunner.query(`
            DROP TABLE "session_opinions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_session_guests_session_id"
        `);
        await queryRunner.query(`
            DROP TABLE "session_guests"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_session_attendance_session_member"
        `);
        await queryRunner.query(`
            DROP TABLE "session_attendance"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_sessions_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_sessions_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "sessions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_scores_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "scores"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_role_assignments_user_role_org"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_role_assignments_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "role_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_users_login"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_users_member_id"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_resolutions_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "resolutions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_reports_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_reports_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_reports_guidance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "reports"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_procedure_instances_business_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_procedure_instances_org_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_procedure_instances_guidance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_procedure_instances_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_procedure_instances_parent_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "procedure_instances"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_procedure_definitions_key_version_owner"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_procedure_definitions_global_key_version"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_procedure_definitions_owner_org_id"
        `);
        await queryRunner.query(`
            DROP TABLE "procedure_definitions"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_outbox_instance_command"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_outbox_status_available_at"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_member_assignments_member_id_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "member_assignments"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_members_org_code"
        `);
        await queryRunner.query(`
            DROP TABLE "members"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_instance_events_instance_seq"
        `);
        await queryRunner.query(`
            DROP TABLE "instance_events"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_guidances_issuer_number_issued_on"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_guidances_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "guidances"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_findings_org_id_code"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_findings_instance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_findings_guidance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "findings"
        `);
        await queryRunner.query(`
            DROP TABLE "effect_runs"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_documents_register_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_documents_idempotency_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_documents_org_id_type"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_documents_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "documents"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_numbering_registers_org_type_term"
        `);
        await queryRunner.query(`
            DROP TABLE "numbering_registers"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_org_units_code"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_org_units_parent_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_org_units_path"
        `);
        await queryRunner.query(`
            DROP TABLE "org_units"
        `);
    }

}
