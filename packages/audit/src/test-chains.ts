// Test support (not exported): builds correct chains in memory, as the appender would.
import { entryBody, entryHash, GENESIS_HASH } from './entry-body';

/** An entry of a test chain: its links and its body. */
export interface TestRow {
  id: number;
  chain: string;
  position: number;
  prevHash: string;
  hash: string;
  body: string;
}

let nextId = 1;

/** `n` correctly linked entries of `chain`, positions 1..n, global ids increasing. */
export function buildChain(chain: string, n: number, payload = (i: number) => `{"i":${i}}`): TestRow[] {
  const rows: TestRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const body = entryBody({
      chain,
      at: `2022-04-01T0${i % 10}:00:00.000Z`,
      recordedAt: '2022-04-01T00:00:00.000Z',
      source: 'event',
      type: 'task-submitted',
      actorUserId: null,
      memberId: null,
      guidanceId: null,
      instanceId: `cell:${chain}`,
      seq: i,
      findingCode: null,
      documentId: null,
      documentChecksum: null,
      payload: payload(i),
    });
    const hash = entryHash(prev, body);
    rows.push({ id: nextId++, chain, position: i, prevHash: prev, hash, body });
    prev = hash;
  }
  return rows;
}

/** The row a correct appender would write after `rows` with `payload`. */
export function rehash(rows: TestRow[]): TestRow[] {
  let prev = GENESIS_HASH;
  return rows.map((row) => {
    const hash = entryHash(prev, row.body);
    const out = { ...row, prevHash: prev, hash };
    prev = hash;
    return out;
  });
}
