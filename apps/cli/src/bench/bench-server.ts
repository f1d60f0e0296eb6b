/**
 * The server side of the benchmark, in its own process (as in production the API does not share a Node thread with
 * its clients): starts the API with the embedded runtime on a simulated clock, mints a token for each user id in
 * BENCH_USERS_FILE, writes { baseUrl, tokens } to BENCH_READY_FILE, and serves until SIGTERM.
 */
import 'reflect-metadata';
import { startServer, TokenService } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource } from '@chibo/db';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { readFileSync, writeFileSync } from 'node:fs';

async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig(env);
  const dataSource = createDataSource({ url: config.databaseUrl ?? '' });
  await dataSource.initialize();
  const server = await startServer({ config, dataSource, clock: new SimulatedClock(env['BENCH_T0']!), logger: false });
  const tokens = server.app.get(TokenService);
  const ids = JSON.parse(readFileSync(env['BENCH_USERS_FILE']!, 'utf8')) as string[];
  const minted: Record<string, string> = {};
  for (const id of ids) minted[id] = (await tokens.issue(id)).token;
  writeFileSync(env['BENCH_READY_FILE']!, JSON.stringify({ baseUrl: server.baseUrl, tokens: minted }));
  process.once('SIGTERM', () => {
    void server.close().then(() => dataSource.destroy());
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
