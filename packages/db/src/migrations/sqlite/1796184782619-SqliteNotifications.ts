import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class SqliteNotifications1796184782619 implements MigrationInterface {
    name = 'SqliteNotifications1796184782619'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "notification_deliveries" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "idempotency_key" varchar(400) NOT NULL,
                "channel" varchar(40) NOT NULL,
                "user_id" varchar(36) NOT NULL,
                "address" text NOT NULL,
                "kind" varchar(60) NOT NULL,
                "subject" text NOT NULL,
                "text_body" text NOT NULL,
                "html_body" text,
                "attachments" text NOT NULL,
                "message_id" varchar(200) NOT NULL,
                "instance_id" varchar(200),
                "status" varchar(20) NOT NULL,
                "attempts" integer NOT NULL DEFAULT (0),
                "next_attempt_at" varchar(30) NOT NULL,
                "last_attempt_at" varchar(30),
                "last_error" text,
                "provider_response" text,
                "created_at" varchar(30) NOT NULL,
                "sent_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_notification_deliveries_status_next" ON "notification_deliveries" ("status", "next_attempt_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notification_deliveries_key" ON "notification_deliveries" ("idempotency_key")
        `);
        await queryRunner.query(`
            CREATE TABLE "notification_settings" (
                "user_id" varchar(36) PRIMARY KEY NOT NULL,
                "email" text,
                "email_verified" boolean NOT NULL DEFAULT (0),
                "email_bounced" text,
                "preferences" text NOT NULL,
                "updated_at" varchar(30) NOT NULL
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" varchar(36) PRIMARY KEY NOT NULL,
                "idempotency_key" varchar(400) NOT NULL,
                "user_id" varchar(36) NOT NULL,
                "kind" varchar(60) NOT NULL,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "link" text,
                "instance_id" varchar(200),
                "created_at" varchar(30) NOT NULL,
                "read_at" varchar(30)
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_notifications_user_created" ON "notifications" ("user_id", "created_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "idx_notifications_user_read" ON "notifications" ("user_id", "read_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_notifications_key" ON "notifications" ("idempotency_key")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "uq_notifications_key"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_notifications_user_read"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_notifications_user_created"
        `);
        await queryRunner.query(`
            DROP TABLE "notifications"
        `);
        await queryRunner.query(`
            DROP TABLE "notification_settings"
        `);
        await queryRunner.query(`
            DROP INDEX "uq_notification_deliveries_key"
        `);
        await queryRunner.query(`
            DROP INDEX "idx_notification_deliveries_status_next"
        `);
        await queryRunner.query(`
            DROP TABLE "notification_deliveries"
        `);
    }

}
