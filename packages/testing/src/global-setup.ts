import { AVAILABLE, PROBE_ENV, probePostgres, probeRedis } from './services';

/**
 * Jest global setup: probes Postgres and Redis once, before suites load, and leaves the answers in the environment
 * (workers inherit it). With CI=true both services are mandatory and a missing one fails the run here, with the reason.
 */
export default async function globalSetup(): Promise<void> {
  const [postgres, redis] = await Promise.all([probePostgres(), probeRedis()]);
  const missing = [postgres, redis].filter((x): x is string => x !== undefined);
  if (missing.length && process.env['CI'] === 'true') throw new Error(`CI=true requires PostgreSQL and Redis: ${missing.join('; ')}`);
  process.env[PROBE_ENV.postgres] = postgres ?? AVAILABLE;
  process.env[PROBE_ENV.redis] = redis ?? AVAILABLE;
}
