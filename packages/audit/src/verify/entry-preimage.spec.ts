import { entryBody, entryHash, type EntryFields } from '../entry-body';
import { EntryPreimage, type RawEntryColumns } from './entry-preimage';

const base: EntryFields = {
  chain: 'CB-THCS-AI-MO',
  at: '2022-04-01T07:00:00.000Z',
  recordedAt: '2022-04-01T07:00:01.000Z',
  source: 'event',
  type: 'task-submitted',
  actorUserId: '5f0c2a4e-8d7b-4a51-9d0e-2b7c1f3e4a56',
  memberId: null,
  guidanceId: '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  instanceId: 'cell:CB-THCS-AI-MO:27-HD/ĐU:2022-03-16',
  seq: 42,
  findingCode: null,
  documentId: null,
  documentChecksum: null,
  payload: '{"input":{"conclusion":"Bí thư kết luận"},"type":"task-submitted"}',
};

function raw(f: EntryFields, prevHash: string): RawEntryColumns {
  const b = (value: string | null) => (value === null ? null : Buffer.from(value, 'utf8'));
  return {
    chain: b(f.chain)!,
    prevHash: b(prevHash)!,
    at: b(f.at)!,
    recordedAt: b(f.recordedAt)!,
    source: b(f.source)!,
    type: b(f.type)!,
    actorUserId: b(f.actorUserId),
    memberId: b(f.memberId),
    guidanceId: b(f.guidanceId),
    instanceId: b(f.instanceId),
    seq: f.seq,
    findingCode: b(f.findingCode),
    documentId: b(f.documentId),
    documentChecksum: b(f.documentChecksum),
    payload: b(f.payload)!,
  };
}

describe('EntryPreimage', () => {
  const prev = 'ab'.repeat(32);
  const preimage = new EntryPreimage();

  it.each([
    ['an ordinary entry', {}],
    ['a null sequence and finding', { seq: null, findingCode: 'report-late' }],
    ['quotes, backslashes and control characters in columns', { type: 'x"y\\z', instanceId: 'a\nb\tc\u0001', actorUserId: '"' }],
    ['Vietnamese, emoji and a document', { chain: 'ĐU-NGỌC-LÂM', documentId: 'doc', documentChecksum: 'f'.repeat(64), payload: '{"t":"Tự soi, tự sửa 🚩"}' }],
    ['a large payload', { payload: JSON.stringify({ text: 'x'.repeat(200_000) }) }],
  ])('should hash exactly as entryHash(entryBody(…)) for %s', (_name, change) => {
    const fields = { ...base, ...change } as EntryFields;

    expect(preimage.hash(raw(fields, prev))).toBe(entryHash(prev, entryBody(fields)));
  });

  it('should give the exact hash with the fast path when no value needs escaping, and not otherwise', () => {
    const plain = raw(base, prev);
    const quoted = raw({ ...base, instanceId: 'cell:"A"' }, prev);

    expect(preimage.hashFast(plain)).toBe(preimage.hash(plain));
    expect(preimage.hashFast(quoted)).not.toBe(preimage.hash(quoted));
    expect(preimage.hash(quoted)).toBe(entryHash(prev, entryBody({ ...base, instanceId: 'cell:"A"' })));
  });
});
