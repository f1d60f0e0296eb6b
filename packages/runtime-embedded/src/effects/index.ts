import { ENABLED_EFFECTS } from '@chibo/catalog-node';
import type { EffectHandler } from '@chibo/host';

export * from '@chibo/host';
// The effects live with the plugins that own them (plugins/*/src/effects); these names stay for the runtime's callers.
export { createIssueDocumentEffect, issueDocument, issueDocumentEffect, notifyEffect } from '@chibo/plugin-core-effects/effects';
export { submitUpwardEffect } from '@chibo/plugin-guidance/effects';

/** The effects this runtime carries out when given none: the catalog's (`ENABLED_EFFECTS`). */
export const DEFAULT_EFFECTS: readonly EffectHandler[] = ENABLED_EFFECTS;
