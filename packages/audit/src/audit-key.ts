import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A public key that checks checkpoint signatures (Ed25519), with its id. */
export class AuditPublicKey {
  /** First 16 hex digits of sha256 over the key's SPKI DER: short enough to read aloud, long enough not to collide. */
  readonly keyId: string;
  /** SPKI PEM, as written to bundles. */
  readonly pem: string;

  protected constructor(protected readonly publicKey: KeyObject) {
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`An audit key must be Ed25519, not ${publicKey.asymmetricKeyType ?? 'unknown'}`);
    this.keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
    this.pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A public key from PEM (SPKI); a private key PEM is accepted too and only its public half is kept. */
  static fromPem(pem: string): AuditPublicKey {
    return new AuditPublicKey(createPublicKey(pem));
  }

  /** True when `signature` (base64url) is this key's Ed25519 signature of `text` (UTF-8). */
  verify(text: string, signature: string): boolean {
    try {
      return verify(null, Buffer.from(text, 'utf8'), this.publicKey, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }
}

/**
 * The private key that signs checkpoints. It lives in a file (AUDIT_KEY_PATH), never in the database: whoever can
 * rewrite the database must not also be able to sign what they wrote.
 */
export class AuditSigner extends AuditPublicKey {
  private constructor(private readonly privateKey: KeyObject) {
    super(createPublicKey(privateKey));
  }

  /** A fresh key that is kept nowhere (tests, throwaway scenario runs). */
  static generate(): AuditSigner {
    return new AuditSigner(generateKeyPairSync('ed25519').privateKey);
  }

  static fromPrivatePem(pem: string): AuditSigner {
    return new AuditSigner(createPrivateKey(pem));
  }

  /**
   * Reads the key at `path`, or generates one and writes it there (PKCS#8 PEM, mode 600, its folder created with mode
   * 700). The file is created exclusively, so two processes starting together end up with the same key.
   */
  static loadOrCreate(path: string): { signer: AuditSigner; created: boolean } {
    const existing = readKey(path);
    if (existing !== undefined) return { signer: AuditSigner.fromPrivatePem(existing), created: false };
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const signer = AuditSigner.generate();
    try {
      writeFileSync(path, signer.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      return { signer, created: true };
    } catch (error) {
      // Another process created it between our read and our write: use theirs.
      const theirs = (error as NodeJS.ErrnoException).code === 'EEXIST' ? readKey(path) : undefined;
      if (theirs === undefined) throw error;
      return { signer: AuditSigner.fromPrivatePem(theirs), created: false };
    }
  }

  /** The Ed25519 signature of `text` (UTF-8), base64url. */
  sign(text: string): string {
    return sign(null, Buffer.from(text, 'utf8'), this.privateKey).toString('base64url');
  }

  /** The public half alone (what verifiers get). */
  publicOnly(): AuditPublicKey {
    return AuditPublicKey.fromPem(this.pem);
  }
}

function readKey(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
