import type { EffectHandler } from '@chibo/host';
import { notifyOptionsFrom, type NotificationConfig } from '@chibo/notifications';
import { createNotifyEffect, issueDocumentEffect, notifyEffect } from '@chibo/plugin-core-effects/effects';
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

/**
 * The enabled effects with `notify` queuing messages for the channels the configuration turns on (e-mail with
 * SMTP_URL); without it, `ENABLED_EFFECTS` (the in-app board only). The API and the Temporal worker both call this.
 */
export function enabledEffects(notifications?: NotificationConfig): readonly EffectHandler[] {
  if (!notifications) return ENABLED_EFFECTS;
  const notify = createNotifyEffect(notifyOptionsFrom(notifications));
  return ENABLED_EFFECTS.map((effect) => (effect.name === notify.name ? notify : effect));
}
