import { NotificationDelivery, NotificationSettings, User } from '@chibo/db';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { emailAddressing } from './channels/email-addressing';
import { deliveryMessageId } from './delivery/message-id';

/** The page a verification link opens (the web pages' `/thong-bao/xac-minh`). */
export const VERIFY_EMAIL_PAGE = '/thong-bao/xac-minh';

/**
 * The token of a verification link: an HMAC of (user, address) under the installation's secret, so it needs no table,
 * proves the person read mail at that address, and stops working when the address changes.
 */
export function emailVerificationToken(secret: string, userId: string, email: string): string {
  return createHmac('sha256', secret).update(`chibo-email-verification\n${userId}\n${email.toLowerCase()}`).digest('base64url');
}

/**
 * Queues the verification message for a user's new address (in the caller's transaction, sent by the dispatcher like
 * any other), keyed by (user, address, instant) so saving the same change twice queues it once.
 */
export async function queueEmailVerification(
  manager: EntityManager,
  input: { userId: string; email: string; at: string; secret: string; publicUrl: string; from: { email: string }; now?: string },
): Promise<void> {
  const user = await manager.findOne(User, { where: { id: input.userId } });
  const link = `${input.publicUrl.replace(/\/+$/, '')}${VERIFY_EMAIL_PAGE}?t=${emailVerificationToken(input.secret, input.userId, input.email)}`;
  const key = `verify/${input.userId}/${createHash('sha256').update(input.email).digest('hex').slice(0, 16)}/${input.at}`;
  const name = user?.displayName ?? '';
  await manager.insert(
    NotificationDelivery,
    Object.assign(new NotificationDelivery(), {
      idempotencyKey: key,
      channel: emailAddressing.id,
      userId: input.userId,
      address: input.email,
      kind: 'email-verify',
      subject: '[chibo] Xác minh địa chỉ e-mail nhận thông báo',
      text: `Kính gửi đồng chí ${name},\n\nĐồng chí vừa đăng ký nhận thông báo của chibo tại địa chỉ ${input.email}. Để xác minh, mở liên kết sau (sau khi đăng nhập):\n\n${link}\n\nNếu không phải đồng chí đăng ký, hãy bỏ qua thư này.\n`,
      html: `<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body style="font-family: Arial, sans-serif"><p>Kính gửi đồng chí <strong>${escapeHtml(name)}</strong>,</p><p>Đồng chí vừa đăng ký nhận thông báo của chibo tại địa chỉ ${escapeHtml(input.email)}.</p><p><a href="${escapeHtml(link)}">Xác minh địa chỉ e-mail</a></p><p style="font-size: 12px; color: #52606d">Nếu không phải đồng chí đăng ký, hãy bỏ qua thư này.</p></body></html>`,
      attachments: [],
      messageId: deliveryMessageId(key, input.from.email.split('@')[1] ?? 'chibo.local'),
      instanceId: null,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: input.now ?? new Date().toISOString(),
      createdAt: input.at,
    }),
  );
}

/** Marks the user's current address verified when the token is the one sent to it; false otherwise (changed address, bad link). */
export async function confirmEmail(manager: EntityManager, userId: string, token: string, secret: string): Promise<boolean> {
  const settings = await manager.findOne(NotificationSettings, { where: { userId } });
  if (!settings?.email) return false;
  const expected = Buffer.from(emailVerificationToken(secret, userId, settings.email));
  const given = Buffer.from(token);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  await manager.update(NotificationSettings, { userId }, { emailVerified: true });
  return true;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
