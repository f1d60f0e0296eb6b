import { PG_AVAILABLE, PG_PROBE_ENV, postgresServerUrl, probePostgres, redact } from './support/postgres';

/**
 * Probes Postgres once before the suites load. With CI=true an unreachable server fails the run here; otherwise the
 * Postgres variants are skipped and one line says why.
 */
export default async function globalSetup(): Promise<void> {
  const url = postgresServerUrl();
  const problem = await probePostgres(url);
  if (problem === undefined) {
    process.env[PG_PROBE_ENV] = PG_AVAILABLE;
    return;
  }
  const reason = `Postgres at ${redact(url)} is unreachable (${problem})`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}; CI=true requires Postgres for the @chibo/api tests.`);
  process.env[PG_PROBE_ENV] = reason;
  process.stdout.write(`[@chibo/api] Postgres variants of the integration suites SKIPPED: ${reason}. Start Postgres or set DATABASE_URL.\n`);
}
