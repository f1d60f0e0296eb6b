import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteTemporalReadSide1796306115400 implements MigrationInterface {
    name = 'SqliteTemporalReadSide1796306115400'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "report_inbox" (
                "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
                "parent_instance_id" varchar(200) NOT NULL,
                "from_instance_id" varchar(200) NOT NULL,
                "from_command_id" varchar(200) NOT NULL,
                "args" text NOT NULL,
                "size" integer NOT NULL,
                "taken_by" varchar(120),
                "posted_at" varchar(30) NOT NULL,
                "taken_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_report_inbox_parent_taken" ON "report_inbox" ("parent_instance_id", "taken_by", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_report_inbox_from" ON "report_inbox" ("from_instance_id", "from_command_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "report_inbox_heads" (
                "parent_instance_id" varchar(200) PRIMARY KEY NOT NULL,
                "waiting" integer NOT NULL DEFAULT (0)
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "workflow_start_inputs" (
                "instance_id" varchar(200) PRIMARY KEY NOT NULL,
                "input" text NOT NULL,
                "length" integer NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "workflow_start_inputs"
        `);
        await queryRunner.query(`
            DROP TABLE "report_inbox_heads"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_report_inbox_from"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_report_inbox_parent_taken"
        `);
        await queryRunner.query(`
            DROP TABLE "report_inbox"
        `);
    }

}
