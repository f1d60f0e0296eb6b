import { probeRedis } from '@chibo/testing';
import { PG_AVAILABLE, PG_PROBE_ENV, postgresServerUrl, probePostgres, redact } from './support/postgres';
import { REDIS_AVAILABLE, REDIS_PROBE_ENV, testRedisUrl } from './support/redis';

/**
 * Probes Postgres and Redis once before the suites load. With CI=true an unreachable server fails the run here;
 * otherwise the suites (or variants) that need it are skipped and one line says why. Postgres backs the Postgres
 * variant of every integration suite; Redis backs the engine suites (BullMQ queues of the embedded runtime).
 */
export default async function globalSetup(): Promise<void> {
  const pgUrl = postgresServerUrl();
  const redisUrl = testRedisUrl();
  const [pgProblem, redisProblem] = await Promise.all([probePostgres(pgUrl), probeRedis(redisUrl)]);
  const pgReason = pgProblem === undefined ? undefined : `Postgres at ${redact(pgUrl)} is unreachable (${pgProblem})`;
  // probeRedis words its own reason ("Redis at … is unreachable (…)"); keep any password out of it.
  const redisReason = redisProblem === undefined ? undefined : redisProblem.replace(redisUrl, redact(redisUrl));

  if (process.env['CI'] === 'true') {
    const missing = [pgReason, redisReason].filter((reason): reason is string => reason !== undefined);
    if (missing.length > 0) throw new Error(`${missing.join('; ')}; CI=true requires Postgres and Redis for the @chibo/api tests.`);
  }

  process.env[PG_PROBE_ENV] = pgReason ?? PG_AVAILABLE;
  process.env[REDIS_PROBE_ENV] = redisReason ?? REDIS_AVAILABLE;
  if (pgReason !== undefined) {
    process.stdout.write(`[@chibo/api] Postgres variants of the integration suites SKIPPED: ${pgReason}. Start Postgres or set DATABASE_URL.\n`);
  }
  if (redisReason !== undefined) {
    process.stdout.write(`[@chibo/api] Engine suites SKIPPED: ${redisReason}. Start Redis or set REDIS_URL.\n`);
  }
}
