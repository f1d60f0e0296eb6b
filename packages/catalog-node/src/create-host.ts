import { createRegistry } from '@chibo/catalog';
import { auditHooks, EffectRegistry, sealReportDocuments, type EffectHandler, type HostAudit, type HostHooks } from '@chibo/host';
import type { StepRegistry } from '@chibo/procedure';
import { ENABLED_EFFECTS } from './enabled-effects';

/** What a host is built from. */
export interface HostConfig {
  /**
   * The installation's audit log (packages/audit `AuditLog`). Required: `null` says on purpose that nothing is
   * audited (some tests), so no caller loses the sealing of reports by forgetting it.
   */
  audit: HostAudit | null;
  /** Default: the enabled plugins' registry (`createRegistry()`). */
  registry?: StepRegistry;
  /** Default: the enabled plugins' effects (`ENABLED_EFFECTS`). */
  effects?: readonly EffectHandler[];
}

/** What every runtime takes (spread it into `EmbeddedRuntime`'s or the Temporal worker's options). */
export interface Host extends HostHooks {
  registry: StepRegistry;
  /** The effects, report documents (BC) sealed with a checkpoint of their issuer's audit chain. */
  effects: readonly EffectHandler[];
  /** The same effects by name. */
  effectRegistry: EffectRegistry;
}

/**
 * Builds what the API, the worker and the CLI run a procedure host with: the step registry, the effects — checked
 * at start-up against the steps (a step requesting an effect nobody registered throws `EffectRegistryError`, so do
 * two effects of one name) — with report documents sealed, and the audit hooks (`onEvents`, `sealReport`).
 */
export function createHost(config: HostConfig): Host {
  const registry = config.registry ?? createRegistry();
  const raw = config.effects ?? ENABLED_EFFECTS;
  // Checked before sealing: the wrapper keeps each name, so the check holds for what runs.
  new EffectRegistry(raw, registry);
  const effects = config.audit ? sealReportDocuments(raw, config.audit) : [...raw];
  return {
    registry,
    effects,
    effectRegistry: new EffectRegistry(effects),
    ...(config.audit ? auditHooks(config.audit) : {}),
  };
}
