import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresTemporalReadSide1796306115400 implements MigrationInterface {
    name = 'PostgresTemporalReadSide1796306115400'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "report_inbox" (
                "id" SERIAL NOT NULL,
                "parent_instance_id" character varying(200) NOT NULL,
                "from_instance_id" character varying(200) NOT NULL,
                "from_command_id" character varying(200) NOT NULL,
                "args" text NOT NULL,
                "size" integer NOT NULL,
                "taken_by" character varying(120),
                "posted_at" character varying(30) NOT NULL,
                "taken_at" character varying(30),
                CONSTRAINT "pk_report_inbox" PRIMARY KEY ("id")
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
                "parent_instance_id" character varying(200) NOT NULL,
                "waiting" integer NOT NULL DEFAULT '0',
                CONSTRAINT "pk_report_inbox_heads" PRIMARY KEY ("parent_instance_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "workflow_start_inputs" (
                "instance_id" character varying(200) NOT NULL,
                "input" text NOT NULL,
                "length" integer NOT NULL,
                "created_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_workflow_start_inputs" PRIMARY KEY ("instance_id")
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
            DROP INDEX "public"."uq_report_inbox_from"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_report_inbox_parent_taken"
        `);
        await queryRunner.query(`
            DROP TABLE "report_inbox"
        `);
    }

}
