export { loadConfig, ConfigError, type ChiboConfig, type ConfigIssue, type LoadConfigOptions, type TemporalTlsConfig } from './load-config';
export {
  envSchema,
  parseByteSize,
  ENGINES,
  CLOCKS,
  MIN_AUTH_SECRET_LENGTH,
  type Engine,
  type ClockMode,
  type ParsedEnv,
} from './config.schema';
export { AUTH_SECRET_FILE, loadOrCreateAuthSecret } from './auth-secret';
export { findWorkspaceRoot } from './workspace-root';
