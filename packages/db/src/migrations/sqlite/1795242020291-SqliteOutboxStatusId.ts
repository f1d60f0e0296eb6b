import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteOutboxStatusId1795242020291 implements MigrationInterface {
    name = 'SqliteOutboxStatusId1795242020291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE INDEX "idx_outbox_status_id" ON "outbox" ("status", "id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "idx_outbox_status_id"
        `);
    }

}
