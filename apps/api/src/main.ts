import { ConfigError, loadConfig } from '@chibo/config';
import { createDataSource, runMigrations } from '@chibo/db';
import { SmtpUrlError } from '@chibo/notifications';
import { Logger } from '@nestjs/common';
import { API_PREFIX, DOCS_PATH } from './create-app';
import { startServer } from './serve';

/** Starts the API: config, database (migrated), then listen. Stops cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const logger = new Logger('chibo');
  const config = loadConfig();
  const dataSource = await createDataSource({ url: config.databaseUrl, sqlitePath: config.sqlitePath }).initialize();
  const ran = await runMigrations(dataSource);
  if (ran.length > 0) logger.log(`Ran migrations: ${ran.join(', ')}`);

  const server = await startServer({ config, dataSource, port: config.port, host: config.host, logger: ['log', 'error', 'warn'] });
  const where = config.databaseUrl ? 'Postgres' : `SQLite ${config.sqlitePath}`;
  logger.log(`chibo API on http://${config.host}:${config.port}/${API_PREFIX} (docs /${DOCS_PATH}, database ${where})`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await server.close();
    await dataSource.destroy();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, (name) => void stop(name));
}

main().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: print the list, not a stack trace.
  console.error(error instanceof ConfigError || error instanceof SmtpUrlError ? error.message : error);
  process.exitCode = 1;
});
