import { StepRegistry } from '@chibo/procedure';
import { ENABLED_PLUGINS } from './enabled-plugins';

export { ENABLED_PLUGINS } from './enabled-plugins';

/** Builds the registry of the enabled plugins (throws on duplicate ids). */
export function createRegistry(): StepRegistry {
  return new StepRegistry(ENABLED_PLUGINS);
}
