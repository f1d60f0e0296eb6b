import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedOrgTree } from '@chibo/db';
import { parseLocal } from '@chibo/rules';
import { SimulatedClock } from '@chibo/runtime-embedded';
import {
  connectTemporalEngine,
  DEV_SERVER_READY_LINE,
  findDevServer,
  startDevServer,
  temporalConnectionOptions,
  TemporalUnavailableError,
  type DevServerProcess,
  type TemporalSecurity,
} from '@chibo/runtime-temporal';
import { cellInstanceId } from '@chibo/scenario';
import { freshDatabase } from '@chibo/testing';
import { createChiboWorker } from '@chibo/worker';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { registry, temporalRequired } from './support/runtimes';
import { fixture } from './support/scenarios';

// chibo against a Temporal frontend that wants mutual TLS, as a production cluster or Temporal Cloud does: chibo's dev
// server serving TLS with certificates made here by openssl (a CA, the server's, a client's).
const devServer = findDevServer();
const openssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
const missing = !devServer ? 'chibo’s dev server is not built (npm run build builds it where Go is installed)' : !openssl ? 'openssl is not installed (it makes the test certificates)' : undefined;
if (missing && temporalRequired()) throw new Error(`CI=true with Go installed: TLS to Temporal must be tested, but ${missing}`);
if (missing) console.warn(`[chibo] TLS to a real Temporal server NOT RUN: ${missing}`);

/** A CA, a server certificate for localhost/127.0.0.1 and a client certificate, PEM files in `dir`. */
function makeCertificates(dir: string): Record<'ca' | 'caKey' | 'cert' | 'key' | 'clientCert' | 'clientKey', string> {
  const f = (name: string) => join(dir, name);
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', '/CN=chibo test CA');
  const leaf = (name: string, cn: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    run('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.pem`), '-days', '2', '-extfile', f(`${name}.ext`));
  };
  // The server's certificate also authenticates its own system worker to the frontend (mutual TLS).
  leaf('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  leaf('client', 'chibo-worker', 'extendedKeyUsage=clientAuth\n');
  return { ca: f('ca.pem'), caKey: f('ca.key'), cert: f('server.pem'), key: f('server.key'), clientCert: f('client.pem'), clientKey: f('client.key') };
}

(missing ? describe.skip : describe)('chibo on a Temporal server that wants mutual TLS', () => {
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  let server: DevServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chibo-tls-'));
    certs = makeCertificates(dir);
    server = await startDevServer({ executable: devServer!, namespace: 'default', readyLine: DEV_SERVER_READY_LINE, tls: { certPath: certs.cert, keyPath: certs.key, caPath: certs.ca, requireClientCert: true } });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const health = async (security?: TemporalSecurity) => {
    const connection = await Connection.connect({ ...temporalConnectionOptions(server.address, security), connectTimeout: '5 seconds' });
    try {
      await connection.workflowService.getSystemInfo({});
    } finally {
      await connection.close();
    }
  };

  it('should be refused without TLS, and with TLS but no client certificate', async () => {
    await expect(health()).rejects.toThrow();
    await expect(health({ tls: { caPath: certs.ca } })).rejects.toThrow();
    // A CA file that does not exist is named with its setting.
    expect(() => temporalConnectionOptions(server.address, { tls: { caPath: join(dir, 'nope.pem') } })).toThrow(/TEMPORAL_TLS_CA: cannot read .*nope\.pem \(ENOENT\)/);
  });

  it('should say what to check when the engine cannot connect without the TLS settings', async () => {
    const database = await freshDatabase('sqlite');
    try {
      const attempt = connectTemporalEngine({ address: server.address, namespace: 'default', queuePrefix: 'chibo-tls-plain', dataSource: database.dataSource, registry, clock: new SimulatedClock(parseLocal('2022-03-16')) });
      await expect(attempt).rejects.toBeInstanceOf(TemporalUnavailableError);
      await expect(attempt).rejects.toThrow(/TEMPORAL_TLS_/);
    } finally {
      await database.drop();
    }
  });

  it('should issue a guidance and run its cell’s procedure over mutual TLS, engine and worker alike', async () => {
    const security: TemporalSecurity = { tls: { caPath: certs.ca, certPath: certs.clientCert, keyPath: certs.clientKey } };
    await health(security);
    const scenario = fixture('ai-mo-2022.json');
    const start = parseLocal(scenario.guidance.issuedOn);
    const database = await freshDatabase('sqlite');
    const queuePrefix = `chibo-tls-${process.pid}`;
    const engine = await connectTemporalEngine({ address: server.address, namespace: 'default', queuePrefix, dataSource: database.dataSource, registry, clock: new SimulatedClock(start), security });
    const connection = await NativeConnection.connect(temporalConnectionOptions(server.address, security));
    const worker = await createChiboWorker({ connection, namespace: 'default', taskQueue: `${queuePrefix}-procedures`, dataSource: database.dataSource, registry });
    const running = worker.run();
    // chibo's worker settings (ADR 0026): a sandbox timeout a loaded machine does not hit, a bounded workflow cache.
    expect(worker.options).toMatchObject({ isolateExecutionTimeoutMs: 60_000, maxCachedWorkflows: 500 });
    try {
      await database.dataSource.transaction((m) => seedOrgTree(m, scenario.org, start));
      const { instanceId } = await engine.issueGuidance({ ...scenario.guidance, cells: scenario.guidance.cells });
      await engine.drain(120_000);
      const guidance = await engine.state(instanceId);
      expect(guidance.status).toBe('running');
      const cells = Object.keys(guidance.children);
      expect(cells).toEqual(['CB-THCS-AI-MO']);
      // The cell's own workflow started over the same TLS connection and opened its first task.
      const cell = await engine.liveState(cellInstanceId('CB-THCS-AI-MO', scenario.guidance.number, scenario.guidance.issuedOn));
      expect(Object.values(cell.tasks).some((t) => t.status === 'open')).toBe(true);
    } finally {
      await engine.terminateAll('TLS test finished');
      worker.shutdown();
      await running;
      await connection.close();
      await engine.close();
      await database.drop();
    }
  });
});
