import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditPublicKey, AuditSigner } from './audit-key';
import { checkpointStatement, checkSignature, isSignedCheckpoint, signCheckpoint } from './checkpoint';

const claim = { chain: 'CB-THCS-AI-MO', position: 37, hash: 'a'.repeat(64), issuedAt: '2022-04-05T03:00:00.000Z' };

describe('signed checkpoints', () => {
  const signer = AuditSigner.generate();

  it('should verify with the public key alone when signed by its private key', () => {
    const cp = signCheckpoint(signer, claim);

    expect(isSignedCheckpoint(cp)).toBe(true);
    expect(cp.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(checkSignature(cp, [AuditPublicKey.fromPem(signer.pem)])).toBe('valid');
  });

  it.each([
    ['the position', { position: 38 }],
    ['the hash', { hash: 'b'.repeat(64) }],
    ['the chain', { chain: 'CB-KHAC' }],
    ['the instant', { issuedAt: '2022-04-06T03:00:00.000Z' }],
  ])('should refuse the signature when %s was changed afterwards', (_what, change) => {
    const cp = { ...signCheckpoint(signer, claim), ...change };

    expect(checkSignature(cp, [signer.publicOnly()])).toBe('invalid');
  });

  it('should say the key is unknown when another key signed it', () => {
    const cp = signCheckpoint(AuditSigner.generate(), claim);

    expect(checkSignature(cp, [signer.publicOnly()])).toBe('unknown-key');
  });

  it('should sign a fixed statement that names every field in a fixed order', () => {
    expect(checkpointStatement({ ...claim, keyId: '0123456789abcdef' })).toBe(
      `{"format":"chibo-audit-checkpoint/1","chain":"CB-THCS-AI-MO","position":37,"hash":"${'a'.repeat(64)}","issuedAt":"2022-04-05T03:00:00.000Z","keyId":"0123456789abcdef"}`,
    );
  });

  it.each([null, 'x', { format: 'other' }, { ...claim, format: 'chibo-audit-checkpoint/1' }])('should not take %p for a signed checkpoint', (value) => {
    expect(isSignedCheckpoint(value)).toBe(false);
  });
});

describe('AuditSigner.loadOrCreate', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chibo-audit-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should generate the key once, with mode 600, and read the same key afterwards', () => {
    const path = join(dir, 'nested', 'audit-key.pem');
    const first = AuditSigner.loadOrCreate(path);
    const second = AuditSigner.loadOrCreate(path);

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.signer.keyId).toBe(first.signer.keyId);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('should refuse a key file that holds something other than an Ed25519 key', () => {
    const path = join(dir, 'audit-key.pem');
    writeFileSync(path, 'not a key');

    expect(() => AuditSigner.loadOrCreate(path)).toThrow();
  });
});
