import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { toAuthUser } from '../auth/auth-user.service';
import { SessionsService } from '../auth/sessions.service';
import { isSafeMethod, sameOrigin } from '../web/session/web-session';
import { OrgUnit } from '@chibo/db';
import { DataSource, IsNull } from 'typeorm';

/** Where bull-board is served. */
export const QUEUES_PATH = '/admin/queues';

/** What bull-board shows for a queue besides its name. */
export interface QueueLabel {
  displayName?: string;
  description?: string;
}

/**
 * Mounts bull-board for the runtime's queues at /admin/queues, for administrators of the whole installation only (an
 * admin grant on every root unit: jobs carry every tenant's data, and pausing a queue stops every tenant's work;
 * docs/adr/0016-secure-defaults.md). The token comes from the `Authorization: Bearer` header or the `chibo_token`
 * cookie (what a browser sends); anyone else gets 401/403. A write through the cookie must come from our own origin
 * (the Origin header is required and checked), and bull-board's pages cannot be framed by anyone.
 */
export function mountBullBoard(app: NestExpressApplication, queues: readonly Queue[], labels: ReadonlyMap<Queue, QueueLabel> = new Map()): void {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUES_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, labels.get(q) ?? {})), serverAdapter });
  const sessions = app.get(SessionsService);
  const dataSource = app.get(DataSource);
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    const header = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
    const cookie = req.headers.cookie?.split(';').map((c) => c.trim().split('=')).find(([k]) => k === 'chibo_token')?.[1];
    const token = header ?? (cookie ? decodeURIComponent(cookie) : undefined);
    const deny = (status: number, message: string) => res.status(status).json({ statusCode: status, error: status === 401 ? 'unauthorized' : 'forbidden', message });
    if (!token) return deny(401, 'Bạn cần đăng nhập với tài khoản quản trị để xem hàng đợi');
    try {
      const loaded = await sessions.authenticate(token);
      if (loaded.user.mustChangePassword) return deny(403, 'Bạn cần đổi mật khẩu ban đầu trước khi tiếp tục');
      const adminOrgs = new Set(toAuthUser(loaded).grants.filter((g) => g.role === 'admin').map((g) => g.orgId));
      const roots = await dataSource.getRepository(OrgUnit).find({ where: { parentId: IsNull() }, select: { id: true } });
      if (adminOrgs.size === 0 || roots.some((root) => !adminOrgs.has(root.id))) {
        return deny(403, 'Chỉ quản trị viên của toàn hệ thống (mọi đảng ủy gốc) được xem hàng đợi');
      }
      // A browser's write (pause, retry, clean) rides on the cookie: it must say it comes from our own pages.
      if (!header && !isSafeMethod(req.method) && (!req.headers.origin || !sameOrigin(req))) {
        return deny(403, 'Yêu cầu từ trang khác bị từ chối');
      }
      return next();
    } catch {
      return deny(401, 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn');
    }
  };
  const router = serverAdapter.getRouter() as { disable?: (setting: string) => void };
  // bull-board's own Express app would announce itself (X-Powered-By: Express).
  router.disable?.('x-powered-by');
  app.use(QUEUES_PATH, adminOnly, router);
}
