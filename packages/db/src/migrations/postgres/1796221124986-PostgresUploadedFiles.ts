import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresUploadedFiles1796221124986 implements MigrationInterface {
    name = 'PostgresUploadedFiles1796221124986'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "uploaded_files" (
                "id" character varying(36) NOT NULL,
                "org_id" character varying(36) NOT NULL,
                "instance_id" character varying(200) NOT NULL,
                "task_id" character varying(36) NOT NULL,
                "filename" text NOT NULL,
                "content_type" character varying(100) NOT NULL,
                "size" integer NOT NULL,
                "sha256" character varying(64) NOT NULL,
                "content_base64" text NOT NULL,
                "uploaded_by" character varying(36) NOT NULL,
                "uploaded_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_uploaded_files" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_uploaded_files_instance_id" ON "uploaded_files" ("instance_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."idx_uploaded_files_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "uploaded_files"
        `);
    }

}
