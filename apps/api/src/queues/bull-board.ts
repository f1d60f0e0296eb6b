import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { toAuthUser } from '../auth/auth-user.service';
import { SessionsService } from '../auth/sessions.service';

/** Where bull-board is served. */
export const QUEUES_PATH = '/admin/queues';

/**
 * Mounts bull-board for the runtime's queues at /admin/queues, for admins only. The token comes from the
 * `Authorization: Bearer` header or the `chibo_token` cookie (what a browser sends); anyone else gets 401/403.
 */
export function mountBullBoard(app: NestExpressApplication, queues: readonly Queue[]): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const sessions = app.get(SessionsService);
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const cookie = req.headers.cookie?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === 'chibo_token')?.[1];
    const token = header ?? (cookie ? decodeURIComponent(cookie) : undefined);
    const deny = (status: number, message: string) => res.status(status).json({ statusCode: status, error: status === 401 ? 'unauthorized' : 'forbidden', message });
    if (!token) return deny(401, 'Bạn cần đăng nhập với tài khoản quản trị để xem hàng đợi');
    try {
      const loaded = await sessions.authenticate(token);
      if (!toAuthUser(loaded).grants.some((g) => g.role === 'admin')) return deny(403, 'Chỉ quản trị viên được xem hàng đợi');
      return next();
    } catch {
      return deny(401, 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn');
    }
  };
  app.use(QUEUES_PATH, adminOnly, serverAdapter.getRouter());
}
