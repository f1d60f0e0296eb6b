import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteAuditLog1795214935981 implements MigrationInterface {
    name = 'SqliteAuditLog1795214935981'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_checkpoints" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "chain" varchar(100) NOT NULL,
                "position" integer NOT NULL,
                "hash" varchar(64) NOT NULL,
                "issued_at" varchar(30) NOT NULL,
                "key_id" varchar(32) NOT NULL,
                "signature" varchar(128) NOT NULL,
                "reason" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_audit_checkpoints_chain_position" ON "audit_checkpoints" ("chain", "position")
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_entries" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "chain" varchar(100) NOT NULL,
                "position" integer NOT NULL,
                "prev_hash" varchar(64) NOT NULL,
                "hash" varchar(64) NOT NULL,
                "at" varchar(30) NOT NULL,
                "recorded_at" varchar(30) NOT NULL,
                "source" varchar(10) NOT NULL,
                "type" varchar(100) NOT NULL,
                "actor_user_id" varchar(100),
                "member_id" varchar(36),
                "guidance_id" varchar(36),
                "instance_id" varchar(200),
                "seq" integer,
                "finding_code" varchar(50),
                "document_id" varchar(36),
                "document_checksum" varchar(128),
                "payload" text NOT NULL
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
        // Whoever holds the file can drop the triggers; the hash chain and the signed checkpoints detect what follows.
        // A later migration that rebuilds one of these tables (SQLite's way to alter it) must create them again.
        for (const table of ['audit_entries', 'audit_checkpoints']) {
            for (const operation of ['UPDATE', 'DELETE']) {
                await queryRunner.query(`
                    CREATE TRIGGER "trg_${table}_no_${operation.toLowerCase()}" BEFORE ${operation} ON "${table}"
                    BEGIN SELECT RAISE(ABORT, '${table} is append-only: ${operation} refused'); END
                `);
            }
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['audit_entries', 'audit_checkpoints']) {
            await queryRunner.query(`DROP TRIGGER IF EXISTS "trg_${table}_no_delete"`);
            await queryRunner.query(`DROP TRIGGER IF EXISTS "trg_${table}_no_update"`);
        }
        await queryRunner.query(`
            DROP INDEX "uq_audit_entries_chain_position"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_guidance_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_instance_id_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_member_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_actor_user_id"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_at"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_finding_code"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_entries_type"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_entries"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_audit_checkpoints_chain_position"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_checkpoints"
        `);
    }

}
