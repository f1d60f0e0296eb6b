import { startServer } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import { loadDemo, printLogins } from './demo';

/**
 * `chibo serve` (what `npm start` runs): migrate the configured database, load the demo organisation once, start the
 * embedded runtime and the API, and print where everything is and how to log in.
 */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const demo = await loadDemo(dataSource);
  const server = await startServer({ config, dataSource, port: config.port, host: config.host, logger: ['error', 'warn'] });
  const base = `http://localhost:${config.port}`;
  console.log('');
  console.log(`chibo đang chạy tại ${base}`);
  console.log(`  API:            ${base}/api/v1   (tài liệu OpenAPI: ${base}/api/docs)`);
  console.log(`  Tình trạng:     ${base}/health`);
  console.log(`  Hàng đợi:       ${base}/admin/queues   (chỉ quản trị viên)`);
  console.log(`  Cơ sở dữ liệu:  ${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`}; động cơ: ${config.engine}`);
  console.log('  Giao diện web cho người dùng chưa có trong bản này: hiện có API (xem /api/docs).');
  if (demo.created) console.log('  Đã nạp tổ chức mẫu từ các kịch bản.');
  printLogins(demo.logins);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Đang dừng…');
    await server.close();
    await dataSource.destroy();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
