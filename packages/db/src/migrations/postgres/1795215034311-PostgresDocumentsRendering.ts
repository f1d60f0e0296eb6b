import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresDocumentsRendering1795215034311 implements MigrationInterface {
    name = 'PostgresDocumentsRendering1795215034311'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "document_template_overrides" (
                "id" character varying(36) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "template_id" character varying(100) NOT NULL,
                "version" integer NOT NULL,
                "source" text NOT NULL,
                "checksum" character varying(64) NOT NULL,
                "status" character varying(20) NOT NULL,
                "created_by" character varying(36),
                "created_at" character varying(30) NOT NULL,
                "retired_at" character varying(30),
                CONSTRAINT "pk_document_template_overrides" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_document_template_overrides_org_template_status" ON "document_template_overrides" ("org_id", "template_id", "status")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_document_template_overrides_org_template_version" ON "document_template_overrides" ("org_id", "template_id", "version")
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "html" text
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "html_checksum" character varying(64)
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "template_ref" character varying(300)
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "render_note" text
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "cancelled_at" character varying(30)
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "cancel_reason" text
        `);
        await queryRunner.query(`
            ALTER TABLE "documents"
            ADD "cancelled_by" character varying(36)
        `);
        await queryRunner.query(`
            ALTER TABLE "document_template_overrides"
            ADD CONSTRAINT "fk_document_template_overrides_org_id" FOREIGN KEY ("org_id") REFERENCES "org_units"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "document_template_overrides" DROP CONSTRAINT "fk_document_template_overrides_org_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "cancelled_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "cancel_reason"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "cancelled_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "render_note"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "template_ref"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "html_checksum"
        `);
        await queryRunner.query(`
            ALTER TABLE "documents" DROP COLUMN "html"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_document_template_overrides_org_template_version"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_document_template_overrides_org_template_status"
        `);
        await queryRunner.query(`
            DROP TABLE "document_template_overrides"
        `);
    }

}
