import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { temporalNaming } from './connect';
import { findTemporalCli, resolveTemporalServer, TEMPORAL_INSTALL_HELP, TemporalUnavailableError } from './temporal-server';

describe('choosing the Temporal server (DESIGN §4)', () => {
  it('should use the server at TEMPORAL_ADDRESS and start nothing', async () => {
    const server = await resolveTemporalServer({ address: 'temporal.example:7233', namespace: 'chibo', allowDownload: true, findCli: () => '/never/used' });
    expect(server).toMatchObject({ address: 'temporal.example:7233', namespace: 'chibo', source: 'address' });
    await server.stop();
  });

  it('should say exactly what to install when there is no address, no CLI and no download allowed', async () => {
    const error = await resolveTemporalServer({ namespace: 'default', allowDownload: false, findCli: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect((error as Error).message).toContain(TEMPORAL_INSTALL_HELP);
    expect(TEMPORAL_INSTALL_HELP).toMatch(/TEMPORAL_ADDRESS=host:port/);
    expect(TEMPORAL_INSTALL_HELP).toMatch(/temporal server start-dev/);
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
