import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_AUTH_SECRET_LENGTH } from './config.schema';

/** Name of the generated secret's file inside the data folder. */
export const AUTH_SECRET_FILE = 'auth-secret';

/**
 * Reads the persisted auth secret, or generates one (48 random bytes, base64url) and writes it with mode 600.
 * Persisting it means tokens survive a restart; creating the file exclusively means two processes starting together
 * agree on one secret.
 */
export function loadOrCreateAuthSecret(dataDir: string): { value: string; source: 'file' } {
  const file = join(dataDir, AUTH_SECRET_FILE);
  const existing = readSecret(file);
  if (existing !== undefined) return { value: existing, source: 'file' };

  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const generated = randomBytes(48).toString('base64url');
  try {
    writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: 'wx' });
    return { value: generated, source: 'file' };
  } catch (error) {
    // Another process created it between our read and our write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const theirs = readSecret(file);
      if (theirs !== undefined) return { value: theirs, source: 'file' };
    }
    throw error;
  }
}

function readSecret(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = text.trim();
  if (value.length < MIN_AUTH_SECRET_LENGTH) {
    throw new Error(
      `${file} holds a secret shorter than ${MIN_AUTH_SECRET_LENGTH} characters; delete the file to generate a new one (every login token becomes invalid).`,
    );
  }
  return value;
}
