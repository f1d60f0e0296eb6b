import { startServer } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource, OrgUnit, runMigrations } from '@chibo/db';
import { join } from 'node:path';
import { DEMO_PASSWORD, hasDemo, loadDemo, printLogins } from './demo';

/**
 * `chibo serve` (what `npm start` runs): migrate the configured database, load the demo organisation when asked, start the
 * engine, the API and the web pages, and print where everything is and how to log in. With CHIBO_ENGINE=temporal the
 * engine is Temporal — the server at TEMPORAL_ADDRESS, else `temporal server start-dev` launched here (kept in
 * `.data/temporal-dev.sqlite`), else one downloaded by @temporalio/testing — with a worker in this process.
 */
export interface ServeOptions {
  /** Load the demo organisation (sample data, accounts with a public password). */
  demo?: boolean;
  /** Load it only when the database has no org unit at all (what `npm start` asks for). */
  demoIfEmpty?: boolean;
}

/** Where a demo listens, whatever HOST says: its passwords are printed on the login page. */
export const DEMO_HOST = '127.0.0.1';

export async function serve(options: ServeOptions = {}): Promise<void> {
  const loaded = loadConfig();
  // The Temporal host (SDK, worker) is loaded only for Temporal: it would cost about a second at every start.
  const temporalHost = loaded.engine === 'temporal' ? await import('./temporal-host.js') : undefined;
  const temporal =
    temporalHost
      ? await temporalHost.temporalServerFor({ address: loaded.temporalAddress, namespace: loaded.temporalNamespace, allowDownload: true, dbFilename: join(loaded.dataDir, 'temporal-dev.sqlite') })
      : undefined;
  // TLS settings belong to a cluster at TEMPORAL_ADDRESS; a dev server chibo started here speaks plain gRPC.
  const config = temporal ? { ...loaded, temporalAddress: temporal.address, ...(temporal.source === 'address' ? {} : { temporalTls: undefined, temporalApiKey: undefined }) } : loaded;
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  await runMigrations(dataSource);
  // Demo data only when asked: --demo, or --demo-if-empty on a database without any unit. A database that already
  // holds the demo stays a demo (its accounts' password is public): served on 127.0.0.1 only, with a banner.
  const empty = (await dataSource.manager.count(OrgUnit)) === 0;
  const wanted = options.demo === true || (options.demoIfEmpty === true && empty) || (await hasDemo(dataSource));
  const demo = wanted ? await loadDemo(dataSource) : undefined;
  // The login page lists the demo accounts (they exist only because the demo organisation was loaded).
  const web = demo ? { demo: { password: DEMO_PASSWORD, logins: demo.logins } } : {};
  const host = demo ? DEMO_HOST : config.host;
  if (demo && config.host !== DEMO_HOST) console.log(`[chibo] Bản dùng thử: chỉ phục vụ trên ${DEMO_HOST} (bỏ qua HOST=${config.host}).`);
  const server = await startServer({ config, dataSource, port: config.port, host, logger: ['error', 'warn'], web });
  const worker = temporal && temporalHost ? await temporalHost.startInProcessWorker({ address: temporal.address, namespace: temporal.namespace, queuePrefix: config.queuePrefix, workflowCache: config.temporalWorkflowCache, security: temporalHost.temporalSecurityOf(config), dataSource, server, notifications: config }) : undefined;
  const base = `http://localhost:${config.port}`;
  console.log('');
  if (demo) {
    console.log('==================================================================================');
    console.log('  BẢN DÙNG THỬ — dữ liệu mẫu, mật khẩu công khai; chỉ trên máy này. Không dùng cho dữ liệu thật.');
    console.log('==================================================================================');
  }
  console.log(`chibo đang chạy tại ${demo ? `http://${DEMO_HOST}:${config.port}` : base}`);
  console.log(`  Trang web:      ${base}/   ${demo ? '(đăng nhập bằng các tài khoản mẫu dưới đây)' : ''}`);
  console.log(`  API:            ${base}/api/v1   (tài liệu OpenAPI: ${base}/api/docs)`);
  console.log(`  Tình trạng:     ${base}/health`);
  if (temporal) console.log(`  Temporal:       ${temporal.description}; worker trong tiến trình này`);
  else console.log(`  Hàng đợi:       ${base}/admin/queues   (chỉ quản trị viên)`);
  console.log(`  Cơ sở dữ liệu:  ${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`}; động cơ: ${config.engine}`);
  if (demo?.created) console.log('  Đã nạp tổ chức mẫu từ các kịch bản.');
  if (demo) printLogins(demo.logins);
  else if (empty) console.log('  Cơ sở dữ liệu còn trống: tạo quản trị viên đầu tiên bằng `npx chibo admin create --root <MÃ> --name "<Tên đảng ủy>" --login <tên>`, hoặc chạy thử với `npx chibo serve --demo`.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Đang dừng…');
    await server.close();
    await worker?.stop();
    await dataSource.destroy();
    await temporal?.stop();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
