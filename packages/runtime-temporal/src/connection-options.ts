import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** How chibo authenticates to a Temporal frontend beyond its address (config: TEMPORAL_TLS_*, TEMPORAL_API_KEY). */
export interface TemporalSecurity {
  /** PEM files (the CA that signed the server's certificate; the client certificate and key of mutual TLS). */
  tls?: { caPath?: string; certPath?: string; keyPath?: string; serverName?: string };
  /** Temporal Cloud API key: sent as a bearer token, always over TLS. */
  apiKey?: string;
}

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | true;
  apiKey?: string;
}

/** A PEM file a setting names could not be read. */
export class TemporalTlsFileError extends Error {
  override readonly name = 'TemporalTlsFileError';
}

function pem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new TemporalTlsFileError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/**
 * The connection options for an address and its security settings, the files read once. Without settings: plain
 * gRPC (a dev server on this machine). With an API key and nothing else: TLS against the system's CAs, as Temporal
 * Cloud wants.
 */
export function temporalConnectionOptions(address: string, security: TemporalSecurity = {}): TemporalConnectionOptions {
  const { tls, apiKey } = security;
  if (!tls && !apiKey) return { address };
  const config: TLSConfig = {
    ...(tls?.caPath ? { serverRootCACertificate: pem('TEMPORAL_TLS_CA', tls.caPath) } : {}),
    ...(tls?.certPath && tls.keyPath ? { clientCertPair: { crt: pem('TEMPORAL_TLS_CERT', tls.certPath), key: pem('TEMPORAL_TLS_KEY', tls.keyPath) } } : {}),
    ...(tls?.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
  return { address, tls: Object.keys(config).length ? config : true, ...(apiKey ? { apiKey } : {}) };
}

/** The security settings of a loaded chibo config. */
export function temporalSecurityOf(config: { temporalTls?: TemporalSecurity['tls']; temporalApiKey?: string }): TemporalSecurity {
  return { ...(config.temporalTls ? { tls: config.temporalTls } : {}), ...(config.temporalApiKey ? { apiKey: config.temporalApiKey } : {}) };
}
