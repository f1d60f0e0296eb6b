import type { EffectHandler } from '@chibo/host';
import { issueDocumentEffect, notifyEffect } from '@chibo/plugin-core-effects/effects';
import { submitUpwardEffect } from '@chibo/plugin-guidance/effects';

/**
 * The effects of the enabled plugins (packages/catalog's ENABLED_PLUGINS), by the plugin that owns each. Enabling a
 * plugin whose steps request an effect means adding its effects here; `createHost` refuses to start otherwise.
 */
export const ENABLED_EFFECTS: readonly EffectHandler[] = [
  // @chibo/plugin-core-effects: requested by the session and guidance steps alike.
  issueDocumentEffect,
  notifyEffect,
  // @chibo/plugin-guidance
  submitUpwardEffect,
];
