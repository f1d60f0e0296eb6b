import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresUserSessions1796185299267 implements MigrationInterface {
    name = 'PostgresUserSessions1796185299267'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "token_version" integer NOT NULL DEFAULT '0'
        `);
        await queryRunner.query(`
            ALTER TABLE "users"
            ADD "must_change_password" boolean NOT NULL DEFAULT false
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "must_change_password"
        `);
        await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "token_version"
        `);
    }

}
