import { ENABLED_PLUGINS } from '@chibo/catalog';
import { DocumentRenderer } from './document-renderer';

let instance: DocumentRenderer | undefined;

/**
 * The renderer of this installation: the templates of the enabled plugins (packages/catalog), compiled once per
 * process on first use. Throws at that first use when a declared template is missing or invalid.
 */
export function defaultDocumentRenderer(): DocumentRenderer {
  instance ??= DocumentRenderer.fromPlugins(ENABLED_PLUGINS);
  return instance;
}
