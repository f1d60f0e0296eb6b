import { redisUrl } from '@chibo/testing';

/** Environment variable the global setup fills: "available", or why Redis is not. Jest workers inherit it. */
export const REDIS_PROBE_ENV = 'CHIBO_API_TEST_REDIS';
export const REDIS_AVAILABLE = 'available';

/** The Redis the engine suites use: REDIS_URL, else the local default (redis://127.0.0.1:6379). */
export function testRedisUrl(): string {
  return redisUrl();
}

/** Why the engine suites cannot run here (Redis missing), or undefined when they can. CI never skips them. */
export function redisUnavailable(): string | undefined {
  const probe = process.env[REDIS_PROBE_ENV];
  if (process.env['CI'] === 'true' || probe === REDIS_AVAILABLE) return undefined;
  return probe ?? 'the Redis probe did not run (test/global-setup.ts)';
}
