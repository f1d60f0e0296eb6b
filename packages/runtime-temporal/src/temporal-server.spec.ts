import { SEARCH_ATTRIBUTES } from '@chibo/workflows';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { temporalNaming } from './connect';
import { DEV_SERVER_RELATIVE_PATH, devServerArgs, findDevServer } from './dev-server';
import { findTemporalCli, resolveTemporalServer, TEMPORAL_INSTALL_HELP, TemporalUnavailableError } from './temporal-server';

describe('choosing the Temporal server (DESIGN §4)', () => {
  it('should use the server at TEMPORAL_ADDRESS and start nothing', async () => {
    const server = await resolveTemporalServer({ address: 'temporal.example:7233', namespace: 'chibo', allowDownload: true, findDevServer: () => '/never/used', findCli: () => '/never/used' });
    expect(server).toMatchObject({ address: 'temporal.example:7233', namespace: 'chibo', source: 'address' });
    await server.stop();
  });

  it('should say exactly what to install when there is no address, no dev server, no CLI and no download allowed', async () => {
    const error = await resolveTemporalServer({ namespace: 'default', allowDownload: false, findDevServer: () => undefined, findCli: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect((error as Error).message).toContain(TEMPORAL_INSTALL_HELP);
    expect(TEMPORAL_INSTALL_HELP).toMatch(/TEMPORAL_ADDRESS=host:port/);
    expect(TEMPORAL_INSTALL_HELP).toMatch(/install Go 1\.26 or newer/);
    expect(TEMPORAL_INSTALL_HELP).toMatch(/temporal server start-dev/);
  });

  it('should prefer chibo\'s dev server to the CLI and say so in one line', async () => {
    const lines: string[] = [];
    // A stand-in binary that prints the dev server's ready line and listens like one (a tiny Node TCP server).
    const dir = mkdtempSync(join(tmpdir(), 'chibo-dev-'));
    try {
      const fake = join(dir, 'temporal-dev-server');
      writeFileSync(
        fake,
        `#!/usr/bin/env node
const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1]);
require('node:net').createServer().listen(port, '127.0.0.1', () => console.log('temporal-dev-server: go.temporal.io/server 9.9.9 at 127.0.0.1:' + port + ', args ' + args.join(' ')));
process.on('SIGTERM', () => process.exit(0));
`,
      );
      chmodSync(fake, 0o755);
      const server = await resolveTemporalServer({ namespace: 'chibo', allowDownload: false, findDevServer: () => fake, findCli: () => '/never/used', log: (l) => lines.push(l) });
      try {
        expect(server.source).toBe('dev-server');
        expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(server.description).toMatch(/^chibo's Temporal dev server \(go\.temporal\.io\/server 9\.9\.9, SQLite in memory\) at 127\.0\.0\.1:\d+, namespace chibo$/);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain("starting chibo's Temporal dev server");
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should pass the flags @temporalio/testing passes to `temporal server start-dev`', () => {
    const args = devServerArgs({ port: 7999, namespace: 'ns', dbFilename: '/tmp/t.sqlite', searchAttributes: Object.values(SEARCH_ATTRIBUTES) });
    expect(args.slice(0, 6)).toEqual(['server', 'start-dev', '--port', '7999', '--namespace', 'ns']);
    expect(args.join(' ')).toContain('--dynamic-config-value frontend.enableServerVersionCheck=false');
    expect(args.join(' ')).toContain('--db-filename /tmp/t.sqlite');
    expect(args.join(' ')).toContain('--headless');
    expect(args.join(' ')).toContain('--search-attribute ChiboOrg=Keyword --search-attribute ChiboGuidance=Keyword --search-attribute ChiboStatus=Keyword');
  });

  it('should find the dev server at CHIBO_TEMPORAL_DEV_SERVER or under apps/temporal-dev-server/bin of a parent folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chibo-repo-'));
    try {
      const bin = join(dir, DEV_SERVER_RELATIVE_PATH);
      mkdirSync(dirname(bin), { recursive: true });
      writeFileSync(bin, '#!/bin/sh\n');
      chmodSync(bin, 0o755);
      const deep = join(dir, 'packages', 'runtime-temporal', 'dist');
      mkdirSync(deep, { recursive: true });
      expect(findDevServer({}, deep)).toBe(bin);
      expect(findDevServer({ CHIBO_TEMPORAL_DEV_SERVER: bin }, tmpdir())).toBe(bin);
      expect(findDevServer({ CHIBO_TEMPORAL_DEV_SERVER: join(dir, 'missing') }, deep)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should find an executable `temporal` on PATH and ignore a file that is not executable', () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'chibo-path-')), mkdtempSync(join(tmpdir(), 'chibo-path-'))];
    try {
      writeFileSync(join(dirs[0]!, 'temporal'), 'not executable');
      chmodSync(join(dirs[0]!, 'temporal'), 0o644);
      writeFileSync(join(dirs[1]!, 'temporal'), '#!/bin/sh\n');
      chmodSync(join(dirs[1]!, 'temporal'), 0o755);
      expect(findTemporalCli(dirs.join(delimiter))).toBe(join(dirs[1]!, 'temporal'));
      expect(findTemporalCli(dirs[0]!)).toBeUndefined();
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should separate installations sharing a namespace by QUEUE_PREFIX, keeping plain business keys for the default', () => {
    expect(temporalNaming('chibo')).toEqual({ taskQueue: 'chibo-procedures', workflowIdPrefix: '' });
    expect(temporalNaming('chibo-run-1a2b')).toEqual({ taskQueue: 'chibo-run-1a2b-procedures', workflowIdPrefix: 'chibo-run-1a2b/' });
  });
});
