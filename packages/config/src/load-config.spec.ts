import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const SECRET = 'x'.repeat(40);

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chibo-config-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should apply every default when only AUTH_SECRET is set', () => {
    const config = loadConfig({ AUTH_SECRET: SECRET }, { dataDir });

    expect(config).toEqual({
      port: 3000,
      host: '0.0.0.0',
      trustProxy: false,
      outboxLeaseSeconds: 30,
      databaseUrl: undefined,
      sqlitePath: join(dataDir, 'chibo.sqlite'),
      redisUrl: 'redis://127.0.0.1:6379',
      engine: 'embedded',
      temporalAddress: undefined,
      temporalNamespace: 'default',
      temporalWorkflowCache: 500,
      temporalSignalsPerRun: 5000,
      authSecret: SECRET,
      authSecretSource: 'env',
      tokenTtlHours: 12,
      bodyLimit: '256kb',
      bodyLimitBytes: 256 * 1024,
      clock: 'system',
      queuePrefix: 'chibo',
      auditKeyPath: join(dataDir, 'audit-key.pem'),
      auditCheckpointMinutes: 5,
      auditJournalPath: join(dataDir, 'audit-journal.jsonl'),
      dataDir,
      smtpFrom: '"chibo" <no-reply@chibo.local>',
      publicUrl: 'http://localhost:3000',
    });
  });

  it.each([
    ['1', 1],
    ['true', true],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
  ] as const)('should read TRUST_PROXY=%s as Express takes it', (value, expected) => {
    expect(loadConfig({ AUTH_SECRET: SECRET, TRUST_PROXY: value }, { dataDir }).trustProxy).toEqual(expected);
  });

  it('should turn e-mail on with SMTP_URL and link messages to PUBLIC_URL when both are set', () => {
    const config = loadConfig({ AUTH_SECRET: SECRET, SMTP_URL: 'smtp://chibo:pw@mail.example.vn:587', SMTP_FROM: '"Chi bộ Ái Mộ" <no-reply@example.vn>', PUBLIC_URL: 'https://chibo.example.vn/' }, { dataDir });

    expect(config).toMatchObject({ smtpUrl: 'smtp://chibo:pw@mail.example.vn:587', smtpFrom: '"Chi bộ Ái Mộ" <no-reply@example.vn>', publicUrl: 'https://chibo.example.vn' });
  });

  it.each([
    ['SMTP_URL', 'mail.example.vn:25'],
    ['SMTP_URL', 'http://mail.example.vn'],
    ['SMTP_FROM', 'not an address'],
    ['PUBLIC_URL', 'chibo.example.vn'],
  ])('should name %s and keep secrets out of the message when it is %j', (variable, value) => {
    const error = captureError(() => loadConfig({ AUTH_SECRET: SECRET, [variable]: value }, { dataDir })) as ConfigError;

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues.map((i) => i.variable)).toEqual([variable]);
    if (variable === 'SMTP_URL') expect(error.message).not.toContain(value);
  });

  it.each([
    ['smtp://', 'names no host'],
    ['smtp:mail.example.vn', 'names no host'],
    ['smtp://mail.example.vn:0', 'port must be from 1 to 65535'],
    ['smtp://mail.example.vn:65536', 'a port from 1 to 65535'],
    ['smtp://chibo:p%zz@mail.example.vn', 'percent-encoding'],
    ['smtp://mail.example.vn?tls=maybe', '?tls=off'],
    ['smtps://mail.example.vn?secure=true', '?tls=off'],
    ['smtp://thư.example.vn', 'xn--'],
    ['ftp://mail.example.vn', 'smtp:// or smtps://'],
  ])('should refuse SMTP_URL=%j at boot, naming SMTP_URL and why (%s), without echoing it', (value, reason) => {
    const error = captureError(() => loadConfig({ AUTH_SECRET: SECRET, SMTP_URL: value }, { dataDir })) as ConfigError;

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.issues).toEqual([{ variable: 'SMTP_URL', message: expect.stringContaining(reason) }]);
    expect(error.message).not.toContain('(got');
    expect(error.message).not.toContain('p%zz');
  });

  it.each(['smtp://mail.example.vn', 'smtps://chibo:p%40ss@mail.example.vn:465', 'smtp://127.0.0.1:2525?tls=off', 'smtp://[::1]:25', 'smtp://xn--th-e0a.example.vn'])(
    'should accept SMTP_URL=%j',
    (value) => {
      expect(loadConfig({ AUTH_SECRET: SECRET, SMTP_URL: value }, { dataDir }).smtpUrl).toBe(value);
    },
  );

  it('should default the data folder to <repo>/.data when none is given', () => {
    const config = loadConfig({ AUTH_SECRET: SECRET });

    expect(config.dataDir).toBe(join(__dirname, '..', '..', '..', '.data'));
    expect(config.sqlitePath).toBe(join(config.dataDir, 'chibo.sqlite'));
  });

  it('should read every variable when all are set', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'postgres://postgres@db:5432/chibo',
        SQLITE_PATH: '/tmp/x.sqlite',
        REDIS_URL: 'rediss://cache:6380',
        CHIBO_ENGINE: 'temporal',
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_NAMESPACE: 'chibo',
        TEMPORAL_WORKFLOW_CACHE: '2000',
        AUTH_SECRET: SECRET,
        TOKEN_TTL_HOURS: '1.5',
        BODY_LIMIT: '1mb',
        CHIBO_CLOCK: 'simulated',
        QUEUE_PREFIX: 'chibo-test',
        AUDIT_KEY_PATH: '/keys/audit.pem',
        AUDIT_CHECKPOINT_MINUTES: '15',
        AUDIT_JOURNAL: '/journal/audit.jsonl',
        AUDIT_JOURNAL_WITNESS: '/mnt/cap-tren/audit.jsonl',
      },
      { dataDir },
    );

    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://postgres@db:5432/chibo',
      sqlitePath: '/tmp/x.sqlite',
      redisUrl: 'rediss://cache:6380',
      engine: 'temporal',
      temporalAddress: 'temporal:7233',
      temporalNamespace: 'chibo',
      temporalWorkflowCache: 2000,
      tokenTtlHours: 1.5,
      bodyLimit: '1mb',
      bodyLimitBytes: 1024 * 1024,
      clock: 'simulated',
      queuePrefix: 'chibo-test',
      auditKeyPath: '/keys/audit.pem',
      auditCheckpointMinutes: 15,
      auditJournalPath: '/journal/audit.jsonl',
      auditJournalWitnessPath: '/mnt/cap-tren/audit.jsonl',
    });
  });

  it('should turn TLS to Temporal on with any TEMPORAL_TLS_* variable or an API key, with absolute paths', () => {
    const config = loadConfig({ AUTH_SECRET: SECRET, TEMPORAL_TLS_CA: 'certs/ca.pem', TEMPORAL_TLS_CERT: '/c/client.pem', TEMPORAL_TLS_KEY: '/c/client.key', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' }, { dataDir });

    expect(config.temporalTls).toEqual({ caPath: resolve('certs/ca.pem'), certPath: '/c/client.pem', keyPath: '/c/client.key', serverName: 'temporal.internal' });
    expect(loadConfig({ AUTH_SECRET: SECRET, TEMPORAL_API_KEY: 'k-123' }, { dataDir })).toMatchObject({ temporalTls: {}, temporalApiKey: 'k-123' });
    expect(loadConfig({ AUTH_SECRET: SECRET }, { dataDir }).temporalTls).toBeUndefined();
  });

  it('should refuse a client certificate without its key, naming the missing variable', () => {
    const error = captureError(() => loadConfig({ AUTH_SECRET: SECRET, TEMPORAL_TLS_CERT: '/c/client.pem' }, { dataDir }));

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ variable: 'TEMPORAL_TLS_KEY', message: expect.stringContaining('go together') }]);
  });

  it('should treat empty variables as unset when a .env file leaves them blank', () => {
    const config = loadConfig({ AUTH_SECRET: SECRET, PORT: '', DATABASE_URL: ' ', CHIBO_ENGINE: '' }, { dataDir });

    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.engine).toBe('embedded');
  });

  it('should list every bad variable in one error when several are invalid', () => {
    const env = {
      PORT: 'abc',
      CHIBO_ENGINE: 'kafka',
      DATABASE_URL: 'mysql://root@db/chibo',
      AUTH_SECRET: 'short',
      TOKEN_TTL_HOURS: '-1',
      BODY_LIMIT: 'lots',
      CHIBO_CLOCK: 'fast',
      QUEUE_PREFIX: 'a:b',
      TEMPORAL_ADDRESS: 'nohost',
      TEMPORAL_WORKFLOW_CACHE: '1',
      TEMPORAL_SIGNALS_PER_RUN: 'many',
      REDIS_URL: 'http://x',
    };

    const error = captureError(() => loadConfig(env, { dataDir }));

    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((issue) => issue.variable).sort()).toEqual(
      [
        'AUTH_SECRET',
        'BODY_LIMIT',
        'CHIBO_CLOCK',
        'CHIBO_ENGINE',
        'DATABASE_URL',
        'PORT',
        'QUEUE_PREFIX',
        'REDIS_URL',
        'TEMPORAL_ADDRESS',
        'TEMPORAL_SIGNALS_PER_RUN',
        'TEMPORAL_WORKFLOW_CACHE',
        'TOKEN_TTL_HOURS',
      ].sort(),
    );
    const message = (error as Error).message;
    expect(message).toContain('PORT: must be a whole number from 0 to 65535 (got "abc")');
    expect(message).toContain('CHIBO_ENGINE: must be one of: embedded, temporal (got "kafka")');
    expect(message).toContain('TEMPORAL_WORKFLOW_CACHE: must be from 2 to 100000 (got "1")');
    expect(message).toContain('TEMPORAL_SIGNALS_PER_RUN: must be a whole number from 2 to 1000000 (got "many")');
  });

  it('should never echo secret values when they are invalid', () => {
    const error = captureError(() =>
      loadConfig({ AUTH_SECRET: 'hunter2', DATABASE_URL: 'mysql://root:pw@db/chibo' }, { dataDir }),
    );

    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message).not.toContain('pw@db');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '3.5'],
    ['TOKEN_TTL_HOURS', '0'],
    ['TOKEN_TTL_HOURS', '721'],
    ['BODY_LIMIT', '0kb'],
    ['AUDIT_CHECKPOINT_MINUTES', '-5'],
    ['AUDIT_CHECKPOINT_MINUTES', '20000'],
  ])('should reject %s=%s when the value is out of range', (variable, value) => {
    const error = captureError(() => loadConfig({ AUTH_SECRET: SECRET, [variable]: value }, { dataDir }));

    expect((error as ConfigError).issues.map((issue) => issue.variable)).toEqual([variable]);
  });

  it('should generate a secret once and persist it with mode 600 when AUTH_SECRET is unset', () => {
    const first = loadConfig({}, { dataDir });
    const second = loadConfig({}, { dataDir });

    const file = join(dataDir, 'auth-secret');
    expect(first.authSecretSource).toBe('file');
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.authSecret).toBe(first.authSecret);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.authSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('should refuse a persisted secret when it is too short', () => {
    writeFileSync(join(dataDir, 'auth-secret'), 'tiny\n');

    expect(() => loadConfig({}, { dataDir })).toThrow(/shorter than 32 characters/);
  });

  it('should prefer AUTH_SECRET over the persisted file when both exist', () => {
    loadConfig({}, { dataDir });

    expect(loadConfig({ AUTH_SECRET: SECRET }, { dataDir }).authSecret).toBe(SECRET);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
