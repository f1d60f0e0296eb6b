import type { Localized, PluginDefinition } from '@chibo/procedure';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** A document template: from a plugin (its steps issue documents with `template: id`) or from this package. */
export interface DocumentTemplate {
  id: string;
  /** Type abbreviation it renders (NQ, BB, …). */
  type: string;
  title: Localized;
  source: string;
  /** The plugin that ships it; null for this package's own templates. */
  plugin: string | null;
  /** Where the source was read from (for messages). */
  file: string;
}

/** This package's fallback template for documents no plugin template names (e.g. a CV issued by hand). */
export const GENERIC_TEMPLATE_ID = 'core:generic';

/** Folder of this package's partials and templates: `src/…` under Jest, `dist/…` once built (the build copies them). */
const OWN_DIR = __dirname;

/** The shared partials (header, number, place/date, title, signature, footer, styles), by name. */
export function loadCorePartials(dir = join(OWN_DIR, 'partials')): Record<string, string> {
  if (!existsSync(dir)) throw new Error(`Document partials not found in ${dir}: build @chibo/documents (npm run build)`);
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.hbs'))
      .sort()
      .map((f) => [basename(f, '.hbs'), readFileSync(join(dir, f), 'utf8')]),
  );
}

/** This package's own templates (the generic fallback). */
export function loadCoreTemplates(dir = join(OWN_DIR, 'templates')): DocumentTemplate[] {
  const file = join(dir, 'generic.hbs');
  return [{ id: GENERIC_TEMPLATE_ID, type: '*', title: { vi: 'Văn bản (mẫu chung)', en: 'Document (generic)' }, source: readFileSync(file, 'utf8'), plugin: null, file }];
}

/**
 * Reads the templates the enabled plugins declare. A plugin names its npm package and a folder in it; the package is
 * resolved from `resolveFrom` (default: the catalog package, which depends on every enabled plugin). Throws, naming
 * the file, when a declared template is missing (usually: the plugin was not built) or an id is declared twice.
 */
export function loadPluginTemplates(plugins: readonly PluginDefinition[], resolveFrom: string = defaultResolveFrom()): DocumentTemplate[] {
  const require = createRequire(resolveFrom);
  const seen = new Map<string, string>();
  const out: DocumentTemplate[] = [];
  for (const plugin of plugins) {
    const templates = plugin.templates;
    if (!templates) continue;
    let root: string;
    try {
      root = dirname(require.resolve(`${templates.package}/package.json`));
    } catch {
      throw new Error(`Plugin "${plugin.id}" declares templates in package ${templates.package}, which cannot be resolved from ${resolveFrom}`);
    }
    for (const doc of templates.documents) {
      const file = join(root, templates.dir, doc.file);
      const previous = seen.get(doc.id);
      if (previous) throw new Error(`Document template "${doc.id}" is declared twice (plugins ${previous} and ${plugin.id})`);
      seen.set(doc.id, plugin.id);
      if (!existsSync(file)) throw new Error(`Template "${doc.id}" of plugin "${plugin.id}" not found at ${file}: build the plugin (npm run build)`);
      out.push({ id: doc.id, type: doc.type, title: doc.title, source: readFileSync(file, 'utf8'), plugin: plugin.id, file });
    }
  }
  return out;
}

function defaultResolveFrom(): string {
  return require.resolve('@chibo/catalog');
}
