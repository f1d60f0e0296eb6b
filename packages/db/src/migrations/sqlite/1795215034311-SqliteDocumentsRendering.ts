import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteDocumentsRendering1795215034311 implements MigrationInterface {
    name = 'SqliteDocumentsRendering1795215034311'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "document_template_overrides" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "template_id" varchar(100) NOT NULL,
                "version" integer NOT NULL,
                "source" text NOT NULL,
                "checksum" varchar(64) NOT NULL,
                "status" varchar(20) NOT NULL,
                "created_by" varchar(36),
                "created_at" varchar(30) NOT NULL,
                "retired_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_document_template_overrides_org_template_status" ON "document_template_overrides" ("org_id", "template_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_document_template_overrides_org_template_version" ON "document_template_overrides" ("org_id", "template_id", "version")
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
                "html" text,
                "html_checksum" varchar(64),
                "template_ref" varchar(300),
                "render_note" text,
                "cancelled_at" varchar(30),
                "cancel_reason" text,
                "cancelled_by" varchar(36),
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
            DROP INDEX "idx_document_template_overrides_org_template_status"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_document_template_overrides_org_template_version"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_document_template_overrides" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "template_id" varchar(100) NOT NULL,
                "version" integer NOT NULL,
                "source" text NOT NULL,
                "checksum" varchar(64) NOT NULL,
                "status" varchar(20) NOT NULL,
                "created_by" varchar(36),
                "created_at" varchar(30) NOT NULL,
                "retired_at" varchar(30),
                CONSTRAINT "fk_document_template_overrides_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_document_template_overrides"(
                    "id",
                    "org_id",
                    "template_id",
                    "version",
                    "source",
                    "checksum",
                    "status",
                    "created_by",
                    "created_at",
                    "retired_at"
                )
            SELECT "id",
                "org_id",
                "template_id",
                "version",
                "source",
                "checksum",
                "status",
                "created_by",
                "created_at",
                "retired_at"
            FROM "document_template_overrides"
        `);
        await queryRunner.query(`
            DROP TABLE "document_template_overrides"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_document_template_overrides"
                RENAME TO "document_template_overrides"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_document_template_overrides_org_template_status" ON "document_template_overrides" ("org_id", "template_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_document_template_overrides_org_template_version" ON "document_template_overrides" ("org_id", "template_id", "version")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "uq_document_template_overrides_org_template_version"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_document_template_overrides_org_template_status"
        `);
        await queryRunner.query(`
            ALTER TABLE "document_template_overrides"
                RENAME TO "temporary_document_template_overrides"
        `);
        await queryRunner.query(`
            CREATE TABLE "document_template_overrides" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "template_id" varchar(100) NOT NULL,
                "version" integer NOT NULL,
                "source" text NOT NULL,
                "checksum" varchar(64) NOT NULL,
                "status" varchar(20) NOT NULL,
                "created_by" varchar(36),
                "created_at" varchar(30) NOT NULL,
                "retired_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            INSERT INTO "document_template_overrides"(
                    "id",
                    "org_id",
                    "template_id",
                    "version",
                    "source",
                    "checksum",
                    "status",
                    "created_by",
                    "created_at",
                    "retired_at"
                )
            SELECT "id",
                "org_id",
                "template_id",
                "version",
                "source",
                "checksum",
                "status",
                "created_by",
                "created_at",
                "retired_at"
            FROM "temporary_document_template_overrides"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_document_template_overrides"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_document_template_overrides_org_template_version" ON "document_template_overrides" ("org_id", "template_id", "version")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_document_template_overrides_org_template_status" ON "document_template_overrides" ("org_id", "template_id", "status")
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
                "created_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_documents_register_id" FOREIGN KEY ("register_id") REFERENCES "numbering_registers" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
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
            DROP INDEX "uq_document_template_overrides_org_template_version"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_document_template_overrides_org_template_status"
        `);
        await queryRunner.query(`
            DROP TABLE "document_template_overrides"
        `);
    }

}
