import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteUploadedFiles1796221124986 implements MigrationInterface {
    name = 'SqliteUploadedFiles1796221124986'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "uploaded_files" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "task_id" varchar(36) NOT NULL,
                "filename" text NOT NULL,
                "content_type" varchar(100) NOT NULL,
                "size" integer NOT NULL,
                "sha256" varchar(64) NOT NULL,
                "content_base64" text NOT NULL,
                "uploaded_by" varchar(36) NOT NULL,
                "uploaded_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_uploaded_files_instance_id" ON "uploaded_files" ("instance_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "idx_uploaded_files_instance_id"
        `);
        await queryRunner.query(`
            DROP TABLE "uploaded_files"
        `);
    }

}
