import type { WebContribution } from '@chibo/host';
import { selfCriticismWeb } from '@chibo/plugin-self-criticism/web';
import { thematicSessionWeb } from '@chibo/plugin-thematic-session/web';

/**
 * The web pages of the enabled plugins (packages/catalog's ENABLED_PLUGINS), by the plugin that owns each: a task
 * whose step has a page here gets it, any other task a form generated from its schema. The web app registers their
 * partials and words at start-up.
 */
export const ENABLED_WEB: readonly WebContribution[] = [
  // @chibo/plugin-thematic-session: the session record, the score sheet, the vote.
  thematicSessionWeb,
  // @chibo/plugin-self-criticism: the self-assessment against the 27 manifestations.
  selfCriticismWeb,
];
