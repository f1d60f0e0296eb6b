/**
 * `npm run bench:restart`: how long `chibo serve` takes to serve again after a kill -9 under load (target: under
 * 3 s), and that nothing it had acknowledged is lost. Each round: 16 writers create members, the server is SIGKILLed
 * mid-load, started again, and timed from spawn to its first `/health` 200; the CPU it used by then is printed too
 * (on a busy machine wall time mostly measures the wait for a core). PostgreSQL with BENCH_DATABASE_URL (an existing
 * database), else SQLite; Redis at REDIS_URL.
 */
import { killAndRestart } from '../fault/kill-restart';

async function main(): Promise<void> {
  const rounds = await killAndRestart({
    rounds: Number(process.env['ROUNDS'] ?? 5),
    ...(process.env['BENCH_DATABASE_URL'] ? { databaseUrl: process.env['BENCH_DATABASE_URL'] } : {}),
    ...(process.env['REDIS_URL'] ? { redisUrl: process.env['REDIS_URL'] } : {}),
    log: (line) => console.log(`[restart] ${line}`),
  });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const lost = rounds.reduce((n, r) => n + r.lost.length, 0);
  console.log(
    `[restart] ${process.env['BENCH_DATABASE_URL'] ? 'PostgreSQL' : 'SQLite'}: kill -9 → serving again, median ${median(rounds.map((r) => r.restartMs))} ms wall ` +
      `(${median(rounds.map((r) => r.restartCpuMs))} ms CPU) over ${rounds.length} rounds; ${rounds.reduce((n, r) => n + r.acknowledged, 0)} writes acknowledged, ${lost} lost`,
  );
  if (lost > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
