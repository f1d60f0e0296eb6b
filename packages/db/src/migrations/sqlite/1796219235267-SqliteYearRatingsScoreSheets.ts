import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteYearRatingsScoreSheets1796219235267 implements MigrationInterface {
    name = 'SqliteYearRatingsScoreSheets1796219235267'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "committee_settings" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "key" varchar(60) NOT NULL,
                "value" text NOT NULL,
                "updated_by" varchar(36) NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_committee_settings_org_key" ON "committee_settings" ("org_id", "key")
        `);
        await queryRunner.query(`
            CREATE TABLE "score_sheets" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "code" varchar(60) NOT NULL,
                "version" integer NOT NULL,
                "title" text NOT NULL,
                "applies_to" varchar(20) NOT NULL,
                "definition" text NOT NULL,
                "created_by" varchar(36) NOT NULL,
                "created_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_score_sheets_org_code_version" ON "score_sheets" ("org_id", "code", "version")
        `);
        await queryRunner.query(`
            CREATE TABLE "self_criticism_reviews" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "org_id" varchar(36) NOT NULL,
                "instance_id" varchar(200) NOT NULL,
                "member_code" varchar(100) NOT NULL,
                "reviewed_in" varchar(200),
                "note" text,
                "reviewed_by" varchar(36) NOT NULL,
                "reviewed_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_self_criticism_reviews_plan" ON "self_criticism_reviews" ("instance_id", "member_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_self_criticism_reviews_org_member" ON "self_criticism_reviews" ("org_id", "member_code")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_self_criticism_reviews_org_member"`);
        await queryRunner.query(`DROP INDEX "uq_self_criticism_reviews_plan"`);
        await queryRunner.query(`DROP TABLE "self_criticism_reviews"`);
        await queryRunner.query(`DROP INDEX "uq_score_sheets_org_code_version"`);
        await queryRunner.query(`DROP TABLE "score_sheets"`);
        await queryRunner.query(`DROP INDEX "uq_committee_settings_org_key"`);
        await queryRunner.query(`DROP TABLE "committee_settings"`);
    }

}
