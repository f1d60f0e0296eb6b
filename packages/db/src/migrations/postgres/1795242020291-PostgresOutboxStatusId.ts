import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresOutboxStatusId1795242020291 implements MigrationInterface {
    name = 'PostgresOutboxStatusId1795242020291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "idx_outbox_status_id" ON "outbox" ("status", "id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."idx_outbox_status_id"
        `);
    }

}
