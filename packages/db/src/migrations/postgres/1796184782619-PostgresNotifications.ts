import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class PostgresNotifications1796184782619 implements MigrationInterface {
    name = 'PostgresNotifications1796184782619'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "notification_deliveries" (
                "id" character varying(36) NOT NULL,
                "idempotency_key" character varying(400) NOT NULL,
                "channel" character varying(40) NOT NULL,
                "user_id" character varying(36) NOT NULL,
                "address" text NOT NULL,
                "kind" character varying(60) NOT NULL,
                "subject" text NOT NULL,
                "text_body" text NOT NULL,
                "html_body" text,
                "attachments" text NOT NULL,
                "message_id" character varying(200) NOT NULL,
                "instance_id" character varying(200),
                "status" character varying(20) NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "next_attempt_at" character varying(30) NOT NULL,
                "last_attempt_at" character varying(30),
                "last_error" text,
                "provider_response" text,
                "created_at" character varying(30) NOT NULL,
                "sent_at" character varying(30),
                CONSTRAINT "pk_notification_deliveries" PRIMARY KEY ("id")
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
                "user_id" character varying(36) NOT NULL,
                "email" text,
                "email_verified" boolean NOT NULL DEFAULT false,
                "email_bounced" text,
                "preferences" text NOT NULL,
                "updated_at" character varying(30) NOT NULL,
                CONSTRAINT "pk_notification_settings" PRIMARY KEY ("user_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "notifications" (
                "id" character varying(36) NOT NULL,
                "idempotency_key" character varying(400) NOT NULL,
                "user_id" character varying(36) NOT NULL,
                "kind" character varying(60) NOT NULL,
                "title" text NOT NULL,
                "body" text NOT NULL,
                "link" text,
                "instance_id" character varying(200),
                "created_at" character varying(30) NOT NULL,
                "read_at" character varying(30),
                CONSTRAINT "pk_notifications" PRIMARY KEY ("id")
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
            DROP INDEX "public"."uq_notifications_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_notifications_user_read"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_notifications_user_created"
        `);
        await queryRunner.query(`
            DROP TABLE "notifications"
        `);
        await queryRunner.query(`
            DROP TABLE "notification_settings"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."uq_notification_deliveries_key"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."idx_notification_deliveries_status_next"
        `);
        await queryRunner.query(`
            DROP TABLE "notification_deliveries"
        `);
    }

}
