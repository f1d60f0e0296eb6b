/**
 * The server side of the benchmark, in its own process (as in production the API does not share a Node thread with
 * its clients): starts the API on a simulated clock with the engine BENCH_ENGINE names — the embedded runtime, or
 * Temporal (the server `chibo` would choose: TEMPORAL_ADDRESS, else chibo's dev server, else the `temporal` CLI; with
 * a worker in this process, as `npm start` runs it) — mints a token for each user id in BENCH_USERS_FILE, writes
 * { baseUrl, tokens, temporal? } to BENCH_READY_FILE, and serves until SIGTERM.
 */
import 'reflect-metadata';
import { startServer, TokenService } from '@chibo/api';
import { loadConfig } from '@chibo/config';
import { createDataSource } from '@chibo/db';
import { temporalNaming } from '@chibo/runtime-temporal';
import { SimulatedClock } from '@chibo/runtime-embedded';
import { readFileSync, writeFileSync } from 'node:fs';
import { startInProcessWorker, temporalServerFor } from '../temporal-host';

async function main(): Promise<void> {
  const env = process.env;
  const loaded = loadConfig(env);
  const onTemporal = env['BENCH_ENGINE'] === 'temporal';
  const temporal = onTemporal ? await temporalServerFor({ address: env['TEMPORAL_ADDRESS'] || undefined, namespace: loaded.temporalNamespace, allowDownload: false }) : undefined;
  const config = temporal ? { ...loaded, engine: 'temporal' as const, temporalAddress: temporal.address, temporalNamespace: temporal.namespace } : loaded;
  const dataSource = createDataSource({ url: config.databaseUrl ?? '' });
  await dataSource.initialize();
  const server = await startServer({ config, dataSource, clock: new SimulatedClock(env['BENCH_T0']!), logger: false });
  const worker = temporal ? await startInProcessWorker({ address: temporal.address, namespace: temporal.namespace, queuePrefix: config.queuePrefix, workflowCache: config.temporalWorkflowCache, dataSource, server }) : undefined;
  const tokens = server.app.get(TokenService);
  const ids = JSON.parse(readFileSync(env['BENCH_USERS_FILE']!, 'utf8')) as string[];
  const minted: Record<string, string> = {};
  // The bench seeds its users directly, each at token version 0 (no session revoked yet).
  for (const id of ids) minted[id] = (await tokens.issue(id, 0)).token;
  writeFileSync(
    env['BENCH_READY_FILE']!,
    JSON.stringify({
      baseUrl: server.baseUrl,
      tokens: minted,
      ...(temporal ? { temporal: { address: temporal.address, namespace: temporal.namespace, taskQueue: temporalNaming(config.queuePrefix).taskQueue, description: temporal.description } } : {}),
    }),
  );
  process.once('SIGTERM', () => {
    void (async () => {
      // The worker first (it drains its activities, which write through the server's data source), then the API.
      await worker?.stop().catch((error: unknown) => console.error(`worker stop: ${String(error)}`));
      await server.close();
      await temporal?.stop();
      await dataSource.destroy();
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
