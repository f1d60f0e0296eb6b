import { startServer } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import { join } from 'node:path';
import { DEMO_PASSWORD, loadDemo, printLogins } from './demo';
import { startInProcessWorker, temporalServerFor } from './temporal-host';

/**
 * `chibo serve` (what `npm start` runs): migrate the configured database, load the demo organisation once, start the
 * engine, the API and the web pages, and print where everything is and how to log in. With CHIBO_ENGINE=temporal the
 * engine is Temporal — the server at TEMPORAL_ADDRESS, else `temporal server start-dev` launched here (kept in
 * `.data/temporal-dev.sqlite`), else one downloaded by @temporalio/testing — with a worker in this process.
 */
export async function serve(): Promise<void> {
  const loaded = loadConfig();
  const temporal =
    loaded.engine === 'temporal'
      ? await temporalServerFor({ address: loaded.temporalAddress, namespace: loaded.temporalNamespace, allowDownload: true, dbFilename: join(loaded.dataDir, 'temporal-dev.sqlite') })
      : undefined;
  const config = temporal ? { ...loaded, temporalAddress: temporal.address } : loaded;
  const dataSource = createDataSource(config.databaseUrl ? { url: config.databaseUrl } : { sqlitePath: config.sqlitePath });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const demo = await loadDemo(dataSource);
  // The login page lists the demo accounts (they exist only because the demo organisation was loaded).
  const web = { demo: { password: DEMO_PASSWORD, logins: demo.logins } };
  const server = await startServer({ config, dataSource, port: config.port, host: config.host, logger: ['error', 'warn'], web });
  const worker = temporal ? await startInProcessWorker({ address: temporal.address, namespace: temporal.namespace, queuePrefix: config.queuePrefix, dataSource, server }) : undefined;
  const base = `http://localhost:${config.port}`;
  console.log('');
  console.log(`chibo đang chạy tại ${base}`);
  console.log(`  Trang web:      ${base}/   (đăng nhập bằng các tài khoản mẫu dưới đây)`);
  console.log(`  API:            ${base}/api/v1   (tài liệu OpenAPI: ${base}/api/docs)`);
  console.log(`  Tình trạng:     ${base}/health`);
  if (temporal) console.log(`  Temporal:       ${temporal.description}; worker trong tiến trình này`);
  else console.log(`  Hàng đợi:       ${base}/admin/queues   (chỉ quản trị viên)`);
  console.log(`  Cơ sở dữ liệu:  ${config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`}; động cơ: ${config.engine}`);
  if (demo.created) console.log('  Đã nạp tổ chức mẫu từ các kịch bản.');
  printLogins(demo.logins);
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
