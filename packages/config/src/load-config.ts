import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { loadOrCreateAuthSecret } from './auth-secret';
import { type ClockMode, type Engine, envSchema, parseByteSize } from './config.schema';
import { findWorkspaceRoot } from './workspace-root';

/** Everything a chibo process is configured with. Built once at boot by {@link loadConfig}; never read env elsewhere. */
export interface ChiboConfig {
  /** TCP port of the API. */
  port: number;
  /** Interface the API binds to. */
  host: string;
  /** Outbox lease in seconds (OUTBOX_LEASE_SECONDS). */
  outboxLeaseSeconds: number;
  /** Express' "trust proxy" value: false, true, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string[];
  /** Postgres URL when Postgres is used; undefined selects SQLite at {@link sqlitePath}. */
  databaseUrl?: string;
  /** Absolute path of the SQLite file (used when {@link databaseUrl} is undefined). */
  sqlitePath: string;
  /** Redis URL for BullMQ. */
  redisUrl: string;
  /** Runtime hosting procedures. */
  engine: Engine;
  /** Temporal frontend `host:port`; undefined when not configured. */
  temporalAddress?: string;
  temporalNamespace: string;
  /** Workflows a Temporal worker keeps cached (TEMPORAL_WORKFLOW_CACHE). */
  temporalWorkflowCache: number;
  /** Signals after which a Temporal workflow run continues as new (TEMPORAL_SIGNALS_PER_RUN). */
  temporalSignalsPerRun: number;
  /** TLS to the Temporal frontend, when any TEMPORAL_TLS_* variable or TEMPORAL_API_KEY is set (absolute paths). */
  temporalTls?: TemporalTlsConfig;
  /** Temporal Cloud API key. Never log it. */
  temporalApiKey?: string;
  /** HS256 key for login tokens. Never log it. */
  authSecret: string;
  /** Where {@link authSecret} came from: the AUTH_SECRET variable or the generated file. */
  authSecretSource: 'env' | 'file';
  /** Login token lifetime, in hours. */
  tokenTtlHours: number;
  /** Largest request body as written in the config, e.g. "256kb" (for messages). */
  bodyLimit: string;
  /** {@link bodyLimit} in bytes (units are powers of 1024). */
  bodyLimitBytes: number;
  clock: ClockMode;
  /** Prefix of BullMQ keys in Redis. */
  queuePrefix: string;
  /** Chromium for PDF output, when CHROMIUM_PATH is set (else the standard locations are searched). */
  chromiumPath?: string;
  /** Absolute path of the Ed25519 key that signs audit checkpoints (created by `@chibo/audit` on first start). */
  auditKeyPath: string;
  /** Minutes between periodic audit checkpoints; 0 = none. */
  auditCheckpointMinutes: number;
  /** Absolute path of the audit journal kept outside the database (AUDIT_JOURNAL). */
  auditJournalPath: string;
  /** Absolute path of the journal's witness copy (AUDIT_JOURNAL_WITNESS), when set. */
  auditJournalWitnessPath?: string;
  /** Folder for local state: the default SQLite file and the generated auth secret (`<repo>/.data`). */
  dataDir: string;
  /** SMTP server for e-mail notifications; undefined: in-app notifications only. Never log it (it may hold a password). */
  smtpUrl?: string;
  /** From header of notification e-mails. */
  smtpFrom: string;
  /** The site's public address for links in messages (no trailing slash). */
  publicUrl: string;
}

/** TLS settings for the Temporal connection: PEM files (absolute paths) and the server name to check. */
export interface TemporalTlsConfig {
  caPath?: string;
  certPath?: string;
  keyPath?: string;
  serverName?: string;
}

/** One invalid environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown by {@link loadConfig} when any variable is invalid; the message lists every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid chibo configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.variable}: ${issue.message}`).join('\n') +
        '\nSee .env.example for every variable, its default and its unit.',
    );
  }
}

export interface LoadConfigOptions {
  /** Folder for local state; default `<repo>/.data` (tests pass a temporary folder). */
  dataDir?: string;
}

// Values of these variables are never echoed in error messages.
const SECRET_VARIABLES = new Set(['AUTH_SECRET', 'DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'TEMPORAL_API_KEY']);

/**
 * Parses the environment once into a {@link ChiboConfig}, applying defaults. Throws {@link ConfigError} naming every
 * bad variable. When AUTH_SECRET is unset, reads `<dataDir>/auth-secret`, creating it (mode 600) on first use.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): ChiboConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(toConfigIssues(parsed.error, env));
  const vars = parsed.data;
  if ((vars.TEMPORAL_TLS_CERT === undefined) !== (vars.TEMPORAL_TLS_KEY === undefined)) {
    const missing = vars.TEMPORAL_TLS_CERT === undefined ? 'TEMPORAL_TLS_CERT' : 'TEMPORAL_TLS_KEY';
    throw new ConfigError([{ variable: missing, message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate of mutual TLS and its key)' }]);
  }
  const tls = [vars.TEMPORAL_TLS_CA, vars.TEMPORAL_TLS_CERT, vars.TEMPORAL_TLS_SERVER_NAME].some((v) => v !== undefined) || vars.TEMPORAL_API_KEY !== undefined;

  const dataDir = resolve(options.dataDir ?? join(findWorkspaceRoot(__dirname), '.data'));
  const auditKeyPath = resolve(vars.AUDIT_KEY_PATH ?? join(dataDir, 'audit-key.pem'));
  const secret = vars.AUTH_SECRET === undefined ? loadOrCreateAuthSecret(dataDir) : { value: vars.AUTH_SECRET, source: 'env' as const };

  return {
    port: vars.PORT,
    host: vars.HOST,
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    outboxLeaseSeconds: vars.OUTBOX_LEASE_SECONDS,
    databaseUrl: vars.DATABASE_URL,
    sqlitePath: resolve(vars.SQLITE_PATH ?? join(dataDir, 'chibo.sqlite')),
    redisUrl: vars.REDIS_URL,
    engine: vars.CHIBO_ENGINE,
    temporalAddress: vars.TEMPORAL_ADDRESS,
    temporalNamespace: vars.TEMPORAL_NAMESPACE,
    temporalWorkflowCache: vars.TEMPORAL_WORKFLOW_CACHE,
    temporalSignalsPerRun: vars.TEMPORAL_SIGNALS_PER_RUN,
    ...(tls
      ? {
          temporalTls: {
            ...(vars.TEMPORAL_TLS_CA ? { caPath: resolve(vars.TEMPORAL_TLS_CA) } : {}),
            ...(vars.TEMPORAL_TLS_CERT ? { certPath: resolve(vars.TEMPORAL_TLS_CERT) } : {}),
            ...(vars.TEMPORAL_TLS_KEY ? { keyPath: resolve(vars.TEMPORAL_TLS_KEY) } : {}),
            ...(vars.TEMPORAL_TLS_SERVER_NAME ? { serverName: vars.TEMPORAL_TLS_SERVER_NAME } : {}),
          },
        }
      : {}),
    ...(vars.TEMPORAL_API_KEY ? { temporalApiKey: vars.TEMPORAL_API_KEY } : {}),
    authSecret: secret.value,
    authSecretSource: secret.source,
    tokenTtlHours: vars.TOKEN_TTL_HOURS,
    bodyLimit: vars.BODY_LIMIT,
    // The schema already refused sizes that do not parse.
    bodyLimitBytes: parseByteSize(vars.BODY_LIMIT) ?? 0,
    clock: vars.CHIBO_CLOCK,
    queuePrefix: vars.QUEUE_PREFIX,
    ...(vars.CHROMIUM_PATH ? { chromiumPath: resolve(vars.CHROMIUM_PATH) } : {}),
    auditKeyPath,
    auditCheckpointMinutes: vars.AUDIT_CHECKPOINT_MINUTES,
    // Beside the key by default: whoever gives a run its own key (tests, scenario runs) gives it its own journal too.
    auditJournalPath: resolve(vars.AUDIT_JOURNAL ?? join(dirname(auditKeyPath), 'audit-journal.jsonl')),
    ...(vars.AUDIT_JOURNAL_WITNESS ? { auditJournalWitnessPath: resolve(vars.AUDIT_JOURNAL_WITNESS) } : {}),
    dataDir,
    ...(vars.SMTP_URL ? { smtpUrl: vars.SMTP_URL } : {}),
    smtpFrom: vars.SMTP_FROM,
    publicUrl: (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, ''),
  };
}

function toConfigIssues(error: z.ZodError, env: NodeJS.ProcessEnv): ConfigIssue[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const raw = env[variable];
    const shown = raw === undefined || SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(raw)})`;
    return { variable, message: `${issue.message}${shown}` };
  });
}

/** TRUST_PROXY as Express takes it. */
function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim()).filter(Boolean);
}
