import { z } from 'zod';

/** Engines that can host the procedure core (DESIGN §4). */
export const ENGINES = ['embedded', 'temporal'] as const;
export type Engine = (typeof ENGINES)[number];

/** Where "now" comes from: the wall clock, or a clock that only moves when told to (scenarios, tests). */
export const CLOCKS = ['system', 'simulated'] as const;
export type ClockMode = (typeof CLOCKS)[number];

/** Shortest AUTH_SECRET accepted, in characters (HS256 wants at least 256 bits of key material). */
export const MIN_AUTH_SECRET_LENGTH = 32;

const BYTE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const BYTE_SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i;

/** "256kb" → 262144 (units are powers of 1024, as body-parser reads them); undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const match = BYTE_SIZE.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.floor(Number(match[1]) * (BYTE_UNITS[unit] ?? 1));
}

// Environment variables arrive as strings; an empty string (`PORT=` in a .env file) means "not set".
const unsetIfEmpty = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** An optional variable: unset or empty gives undefined. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(unsetIfEmpty, schema.optional());
}

/** A variable with a default: unset or empty gives `fallback`. */
function withDefault<T extends z.ZodType>(schema: T, fallback: z.util.NoUndefined<z.output<T>>) {
  return z.preprocess(unsetIfEmpty, schema.default(fallback));
}

const integer = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${what}`);

const urlWithScheme = (schemes: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    }, `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`);

/**
 * Why an SMTP URL names no server nodemailer can reach, or undefined when it does: `smtp://` or `smtps://`, a host
 * (a domain name in ASCII, an IPv4 or a bracketed IPv6 address), a port from 1 to 65535 when given, a user name and
 * password that percent-decode, and no query option but `tls=off`. The reasons never repeat the URL (it may hold a
 * password). `new URL` alone accepts `smtp://`, `smtp:host` and `smtp://host:0`, which left e-mail on with nowhere to
 * send, or failed at start with a bare "URI malformed".
 */
export function smtpUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'must be a URL starting with smtp:// or smtps:// (a port from 1 to 65535 when given)';
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return 'must be a URL starting with smtp:// or smtps://';
  if (!url.hostname) return 'names no host: write smtp://host:587 or smtps://host:465';
  if (!/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])$/.test(url.hostname)) {
    return 'host must be a domain name in ASCII (an international one in its xn-- form) or an IP address';
  }
  if (url.port !== '' && Number(url.port) < 1) return 'port must be from 1 to 65535';
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return 'user name or password is not valid percent-encoding (write a % in them as %25)';
  }
  for (const [key, option] of url.searchParams) {
    if (key !== 'tls' || option !== 'off') return 'the only option it takes is ?tls=off (a local relay without a certificate)';
  }
  return undefined;
}

const smtpUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = smtpUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * The environment variables chibo reads, each with its default and unit. This is the only place that reads them;
 * `loadConfig` parses once at boot and hands a typed {@link ChiboConfig} to whatever needs it.
 */
export const envSchema = z.object({
  /** TCP port the API listens on (0 picks a free port). */
  PORT: withDefault(integer(0, 65_535, 'from 0 to 65535'), 3000),
  /** Interface the API binds to. */
  HOST: withDefault(z.string().trim(), '0.0.0.0'),
  /**
   * Which proxies in front of the API to trust for X-Forwarded-For/-Proto (Express' "trust proxy"): `false` (default:
   * none), `true` (any), a hop count (`1`), or addresses/subnets and `loopback`/`linklocal`/`uniquelocal`, comma-separated.
   * Behind a TLS proxy it makes the login cookie `Secure` and throttling see the client's address.
   */
  TRUST_PROXY: withDefault(
    z
      .string()
      .trim()
      .regex(/^(?:true|false|\d{1,2}|[0-9A-Za-z.:/,\s]+)$/, 'must be true, false, a hop count or a comma-separated list of addresses/subnets'),
    'false',
  ),
  /**
   * Seconds a dispatched outbox row may wait for its job before the running relay re-queues it (Redis lost its jobs,
   * or a job failed for good). Processors are idempotent, so a spurious re-queue costs a check, never a duplicate.
   */
  OUTBOX_LEASE_SECONDS: withDefault(integer(1, 3_600, 'from 1 to 3600'), 30),
  /** Postgres connection URL; when set, Postgres is used instead of SQLite. */
  DATABASE_URL: optional(urlWithScheme(['postgres', 'postgresql'])),
  /** SQLite database file, used when DATABASE_URL is not set. Default `<repo>/.data/chibo.sqlite`. */
  SQLITE_PATH: optional(z.string().trim()),
  /** Redis for the BullMQ queues of the embedded engine. */
  REDIS_URL: withDefault(urlWithScheme(['redis', 'rediss']), 'redis://127.0.0.1:6379'),
  /** Which runtime hosts procedures. */
  CHIBO_ENGINE: withDefault(z.enum(ENGINES, { error: `must be one of: ${ENGINES.join(', ')}` }), 'embedded'),
  /** Temporal frontend `host:port` (engine `temporal`); unset: the start script launches a dev server. */
  TEMPORAL_ADDRESS: optional(z.string().trim().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233')),
  /** Temporal namespace. */
  TEMPORAL_NAMESPACE: withDefault(z.string().trim(), 'default'),
  /**
   * Workflows a Temporal worker keeps in memory between their tasks (about 1–2 MB each). Unbounded, the SDK sizes the
   * cache from the heap limit and a worker with thousands of open cells grew past 5 GB; an evicted workflow is replayed
   * from its history when its next task comes.
   */
  TEMPORAL_WORKFLOW_CACHE: withDefault(integer(2, 100_000, 'from 2 to 100000'), 500),
  /**
   * Signals (cell reports) after which a workflow run continues as new. The server refuses signals past
   * `history.maximumSignalsPerExecution` per run (10,000 by default); set this to half of it on a cluster that changed it.
   */
  TEMPORAL_SIGNALS_PER_RUN: withDefault(integer(2, 1_000_000, 'from 2 to 1000000'), 5_000),
  /**
   * TLS to the Temporal frontend (a cluster or Temporal Cloud): the CA that signed the server's certificate (PEM file;
   * unset: the system's CAs), and for mutual TLS the client certificate and its key (PEM files, both or neither).
   * TEMPORAL_TLS_SERVER_NAME overrides the name checked in the server's certificate. Any of them turns TLS on.
   */
  TEMPORAL_TLS_CA: optional(z.string().trim()),
  TEMPORAL_TLS_CERT: optional(z.string().trim()),
  TEMPORAL_TLS_KEY: optional(z.string().trim()),
  TEMPORAL_TLS_SERVER_NAME: optional(z.string().trim()),
  /** A Temporal Cloud API key (sent as a bearer token, over TLS). Never logged. */
  TEMPORAL_API_KEY: optional(z.string().trim()),
  /** Key that signs login tokens (HS256), at least 32 characters. Unset: generated once into `<repo>/.data/auth-secret`. */
  AUTH_SECRET: optional(z.string().min(MIN_AUTH_SECRET_LENGTH, `must be at least ${MIN_AUTH_SECRET_LENGTH} characters long`)),
  /** Lifetime of a login token, in hours (fractions allowed; at most 30 days). */
  TOKEN_TTL_HOURS: withDefault(
    z
      .string()
      .trim()
      .regex(/^\d+(?:\.\d+)?$/, 'must be a positive number of hours')
      .transform(Number)
      .refine((hours) => hours > 0 && hours <= 24 * 30, 'must be more than 0 and at most 720 hours'),
    12,
  ),
  /** Largest request body accepted, as bytes with an optional unit: b, kb, mb, gb (powers of 1024). */
  BODY_LIMIT: withDefault(
    z
      .string()
      .trim()
      .refine((value) => (parseByteSize(value) ?? 0) > 0, 'must be a size such as 256kb, 1mb or 65536'),
    '256kb',
  ),
  /** `simulated` lets scenario runs and tests move time forward explicitly. */
  CHIBO_CLOCK: withDefault(z.enum(CLOCKS, { error: `must be one of: ${CLOCKS.join(', ')}` }), 'system'),
  /**
   * The Ed25519 private key (PEM, PKCS#8) that signs audit checkpoints. Unset: `<repo>/.data/audit-key.pem`, generated
   * with mode 600 on first start. It never goes into the database: a database superuser must not be able to sign.
   */
  AUDIT_KEY_PATH: optional(z.string().trim()),
  /** Minutes between periodic audit checkpoints of every chain that moved (0 turns the periodic ones off). */
  AUDIT_CHECKPOINT_MINUTES: withDefault(integer(0, 7 * 24 * 60, 'from 0 to 10080 (a week)'), 5),
  /**
   * The journal outside the database that every signed checkpoint is appended to (fsynced). Unset: beside the key,
   * `audit-journal.jsonl` in AUDIT_KEY_PATH's folder (`<repo>/.data`). Put it on another volume or host (an append-only mount): a database superuser
   * who rewrites a chain and deletes its checkpoints still contradicts it.
   */
  AUDIT_JOURNAL: optional(z.string().trim()),
  /** A second copy of the journal, for a witness (a folder the superior's host exports, say). Unset: none. */
  AUDIT_JOURNAL_WITNESS: optional(z.string().trim()),
  /**
   * The Chromium (or Chrome) that prints documents to PDF. Unset: the first of /usr/bin/chromium, chromium-browser,
   * google-chrome… that exists; with none, PDF downloads answer 503 saying how to install it (HTML and DOCX still work).
   */
  CHROMIUM_PATH: optional(z.string().trim()),
  /**
   * The SMTP server that sends e-mail notifications, `smtp://user:password@host:587` (STARTTLS when offered) or
   * `smtps://host:465`; `?tls=off` for a local relay without a certificate. Unset: notifications stay in-app (the
   * bell), and the server says so once at start.
   */
  SMTP_URL: optional(smtpUrl),
  /** The From of notification e-mails, e.g. `"Chi bộ Ái Mộ" <no-reply@example.vn>`; its domain ends each Message-ID. */
  SMTP_FROM: withDefault(
    z
      .string()
      .trim()
      .regex(/^(?:"?[^"<>]*"?\s*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, 'must be an e-mail address, optionally with a name: "chibo" <no-reply@example.vn>'),
    '"chibo" <no-reply@chibo.local>',
  ),
  /** The site's public address, for the links in notification e-mails. Default: http://localhost:<PORT>. */
  PUBLIC_URL: optional(urlWithScheme(['http', 'https'])),
  /** Prefix of every BullMQ key in Redis, so several chibo instances can share one Redis. */
  QUEUE_PREFIX: withDefault(z.string().trim().regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, "-" and "_"'), 'chibo'),
});

/** The parsed environment, before defaults that need I/O (the SQLite path and the generated secret) are filled in. */
export type ParsedEnv = z.output<typeof envSchema>;
