import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresAuditLog1795214935981 implements MigrationInterface {
    name = 'PostgresAuditLog1795214935981'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_checkpoints" (
                "id" SERIAL NOT NULL,
                "chain" character varying(100) NOT NULL,
                "position" integer NOT NULL,
                "hash" character varying(64) NOT NULL,
                "issued_at" character varying(30) NOT NULL,
                "key_id" character varying(32) NOT NULL,
                "signature" character varying(128) NOT NULL,
                "reason" character varying(30) NOT NULL,
                CONSTRAINT "pk_audit_checkpoints" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_checkpoints_chain_position" ON "audit_checkpoints" ("chain", "position")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" SERIAL NOT NULL,
                "chain" character varying(100) NOT NULL,
                "position" integer NOT NULL,
                "prev_hash" character varying(64) NOT NULL,
                "hash" character varying(64) NOT NULL,
                "at" character varying(30) NOT NULL,
                "recorded_at" character varying(30) NOT NULL,
                "source" character varying(10) NOT NULL,
                "type" character varying(100) NOT NULL,
                "actor_user_id" character varying(100),
                "member_id" character varying(36),
                "guidance_id" character varying(36),
                "instance_id" character varying(200),
                "seq" integer,
                "finding_code" character varying(50),
                "document_id" character varying(36),
                "document_checksum" character varying(128),
                "payload" text NOT NULL,
                CONSTRAINT "pk_audit_entries" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_type" ON "audit_entries" ("type")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_finding_code" ON "audit_entries" ("finding_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_at" ON "audit_entries" ("at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_actor_user_id" ON "audit_entries" ("actor_user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_member_id" ON "audit_entries" ("member_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_instance_id_seq" ON "audit_entries" ("instance_id", "seq")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_entries_guidance_id" ON "audit_entries" ("guidance_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_audit_entries_chain_position" ON "audit_entries" ("chain", "position")
        `);
        // Written by hand (TypeORM does not generate triggers): the audit tables are append-only in the database too.
        // Every UPDATE, DELETE and TRUNCATE fails, whoever sends it; only the table owner or a superuser can disable
        // the trigger, and the hash chain and the signed checkpoints are what detect that (see docs/adr/0009).
        await queryRunner.query(`
            CREATE FUNCTION "chibo_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
        for (const table of ['audit_entries', 'audit_checkpoints']) {
            await queryRunner.query(`
                CREATE TRIGGER "trg_${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}"
                FOR EACH ROW EXECUTE FUNCTION "chibo_audit_append_only"()
            `);
            await queryRunner.query(`
                CREATE TRIGGER "trg_${table}_no_truncate" BEFORE TRUNCATE ON "${table}"
                FOR EACH STATEMENT EXECUTE FUNCTION "chibo_audit_append_only"()
            `);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['audit_entries', 'audit_checkpoints']) {
            await queryRunner.query(`DROP TRIGGER IF EXISTS "trg_${table}_no_truncate" ON "${table}"`);
            await queryRunner.query(`DROP TRIGGER IF EXISTS "trg_${table}_append_only" ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION IF EXISTS "chibo_audit_append_only"()`);
        await queryRunner.query(`
            DROP INDEX "public"."uq_audit_entries_chain_position"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_guidance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_instance_id_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_member_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_actor_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_at"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_finding_code"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_entries_type"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_audit_checkpoints_chain_position"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_checkpoints"
        `);
    }

}
