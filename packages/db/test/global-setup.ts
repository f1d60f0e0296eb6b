import { PG_AVAILABLE, PG_PROBE_ENV, postgresServerUrl, probePostgres, redact } from './postgres-server';

/**
 * Probes Postgres before the suites load and leaves the answer in the environment, which Jest's workers inherit.
 * In CI Postgres is mandatory: an unreachable server fails the run here, with the reason.
 */
export default async function globalSetup(): Promise<void> {
  const url = postgresServerUrl();
  const problem = await probePostgres(url);
  if (problem === undefined) {
    process.env[PG_PROBE_ENV] = PG_AVAILABLE;
    return;
  }
  const reason = `Postgres at ${redact(url)} is unreachable (${problem})`;
  if (process.env['CI'] === 'true') {
    throw new Error(`${reason}; CI=true requires Postgres for the @chibo/db tests.`);
  }
  process.env[PG_PROBE_ENV] = reason;
}
