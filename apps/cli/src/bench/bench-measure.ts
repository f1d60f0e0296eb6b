/** What the benchmarks share: the PostgreSQL server to use, one statement as its superuser, peak memory per process. */
import { Client } from 'pg';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The local server through its Unix socket when there is one, else over TCP. */
export function defaultPostgres(): string {
  const socketDir = '/var/run/postgresql';
  return existsSync(join(socketDir, '.s.PGSQL.5432')) ? `postgres://postgres@localhost/postgres?host=${socketDir}` : 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Runs one statement on the server's `postgres` database (CREATE / DROP DATABASE). */
export async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Samples, once a second, the resident memory of the bench server, this process, PostgreSQL (all its processes
 * together, and its largest single process) and Redis; `stop` answers each one's peak in MB.
 */
export function sampleMemory(serverPid: number): { stop(): Record<string, number> } {
  const peak: Record<string, number> = {};
  const sample = () => {
    const groups: Record<string, number> = { 'chibo server': rssKb(serverPid), 'bench client': rssKb(process.pid) };
    let pids: string[] = [];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
      } catch {
        continue;
      }
      const group = /postgres/.test(cmd) ? 'PostgreSQL' : /redis-server/.test(cmd) ? 'Redis' : undefined;
      if (!group) continue;
      const kb = rssKb(Number(pid));
      groups[`${group} (all processes)`] = (groups[`${group} (all processes)`] ?? 0) + kb;
      groups[`${group} (largest process)`] = Math.max(groups[`${group} (largest process)`] ?? 0, kb);
    }
    for (const [group, kb] of Object.entries(groups)) peak[group] = Math.max(peak[group] ?? 0, Math.round(kb / 1024));
  };
  sample();
  const timer = setInterval(sample, 1000);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** Resident memory of a process in kB (Linux /proc; 0 elsewhere or when it is gone). */
export function rssKb(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}
