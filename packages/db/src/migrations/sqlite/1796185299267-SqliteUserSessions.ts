import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteUserSessions1796185299267 implements MigrationInterface {
    name = 'SqliteUserSessions1796185299267'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "uq_users_login"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_users_member_id"
        `);
        await queryRunner.query(`
            CREATE TABLE "temporary_users" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "login" varchar(200) NOT NULL,
                "password_hash" varchar(300) NOT NULL,
                "display_name" text NOT NULL,
                "member_id" varchar(36),
                "disabled" boolean NOT NULL DEFAULT (0),
                "created_at" varchar(30) NOT NULL,
                "token_version" integer NOT NULL DEFAULT (0),
                "must_change_password" boolean NOT NULL DEFAULT (0),
                CONSTRAINT "fk_users_member_id" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "temporary_users"(
                    "id",
                    "login",
                    "password_hash",
                    "display_name",
                    "member_id",
                    "disabled",
                    "created_at"
                )
            SELECT "id",
                "login",
                "password_hash",
                "display_name",
                "member_id",
                "disabled",
                "created_at"
            FROM "users"
        `);
        await queryRunner.query(`
            DROP TABLE "users"
        `);
        await queryRunner.query(`
            ALTER TABLE "temporary_users"
                RENAME TO "users"
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_login" ON "users" ("login")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_member_id" ON "users" ("member_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "idx_users_member_id"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_users_login"
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
                RENAME TO "temporary_users"
        `);
        await queryRunner.query(`
            CREATE TABLE "users" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "login" varchar(200) NOT NULL,
                "password_hash" varchar(300) NOT NULL,
                "display_name" text NOT NULL,
                "member_id" varchar(36),
                "disabled" boolean NOT NULL DEFAULT (0),
                "created_at" varchar(30) NOT NULL,
                CONSTRAINT "fk_users_member_id" FOREIGN KEY ("member_id") REFERENCES "members" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION
            )
        `);
        await queryRunner.query(`
            INSERT INTO "users"(
                    "id",
                    "login",
                    "password_hash",
                    "display_name",
                    "member_id",
                    "disabled",
                    "created_at"
                )
            SELECT "id",
                "login",
                "password_hash",
                "display_name",
                "member_id",
                "disabled",
                "created_at"
            FROM "temporary_users"
        `);
        await queryRunner.query(`
            DROP TABLE "temporary_users"
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_users_member_id" ON "users" ("member_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_login" ON "users" ("login")
        `);
    }

}
