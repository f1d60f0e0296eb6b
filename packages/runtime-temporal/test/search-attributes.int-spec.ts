import { SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { Connection } from '@temporalio/client';
import { spawnSync } from 'node:child_process';
import { DEV_SERVER_READY_LINE, ensureSearchAttributes, findDevServer, startDevServer, type DevServerProcess } from '../src';

// A namespace on a real server (chibo's dev server) that has none of chibo's search attributes, as a cluster reached
// through TEMPORAL_ADDRESS starts: the engine registers them itself when it connects.
const devServer = findDevServer();
const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
if (!devServer && process.env['CI'] === 'true' && goInstalled) throw new Error('CI=true with Go installed: chibo’s Temporal dev server must be built (npm run build)');
if (!devServer) console.warn('[@chibo/runtime-temporal] search attributes on a real server NOT RUN: chibo’s dev server is not built (npm run build builds it where Go is installed)');

(devServer ? describe : describe.skip)('chibo’s search attributes on a real Temporal server', () => {
  let server: DevServerProcess;
  let connection: Connection;
  beforeAll(async () => {
    server = await startDevServer({ executable: devServer!, namespace: 'default', readyLine: DEV_SERVER_READY_LINE });
    connection = await Connection.connect({ address: server.address });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('should register the missing ones as Keyword, so workflows can be listed by cell, guidance and status', async () => {
    const names = Object.values(SEARCH_ATTRIBUTES).map((k) => k.name);
    const before = (await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};
    expect(names.filter((n) => n in before)).toEqual([]);
    const ensured = await ensureSearchAttributes(connection, 'default');
    expect(ensured).toEqual({ present: true, registered: names });
    const after = (await connection.operatorService.listSearchAttributes({ namespace: 'default' })).customAttributes ?? {};
    for (const name of names) expect(String(after[name])).toMatch(/KEYWORD|^2$/);
    // Once there, nothing more to do.
    expect(await ensureSearchAttributes(connection, 'default')).toEqual({ present: true, registered: [] });
  });

  it('should say why when the namespace does not exist, rather than throw', async () => {
    const ensured = await ensureSearchAttributes(connection, 'no-such-namespace');
    expect(ensured.present).toBe(false);
    expect(ensured.error).toMatch(/namespace/i);
  });
});
