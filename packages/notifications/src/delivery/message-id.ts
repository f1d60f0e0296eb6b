import { createHash } from 'node:crypto';

/**
 * The Message-ID of a delivery, derived from its key (event, recipient, channel): every attempt — including a resend
 * after a crash between the SMTP server's acceptance and our record of it — carries the same id, which is how mail
 * systems, and an admin reading the undelivered list, recognise one message.
 */
export function deliveryMessageId(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}
