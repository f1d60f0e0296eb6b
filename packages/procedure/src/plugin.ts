import type { Localized } from './localized';
import type { AnyStepDefinition, RubricContribution } from './step';
import type { ProcedureDefinition } from './definition';

/**
 * One document template a plugin ships: the document its steps issue with `template: id` in the `issue-document`
 * effect's input. Data only: the Node side (packages/documents) reads the file and compiles it.
 */
export interface DocumentTemplateContribution {
  /** Namespaced like step kinds: `thematic:minutes`. */
  id: string;
  /** Document type abbreviation it renders (HD 36): NQ, BB, BC, KH, TB… */
  type: string;
  title: Localized;
  /** File name inside the plugin's template folder, e.g. `minutes.hbs`. */
  file: string;
}

/** Where a plugin's templates live: a folder of its npm package (the build copies `src/templates` there). */
export interface PluginTemplates {
  /** The plugin's package name, resolved by the documents package (e.g. `@chibo/plugin-thematic-session`). */
  package: string;
  /** Folder inside the package, relative to its root (e.g. `dist/templates`). */
  dir: string;
  documents: DocumentTemplateContribution[];
}

/** A plugin: a family of step kinds, and optionally rubrics, ready-made procedure definitions and document templates. */
export interface PluginDefinition {
  /** Namespace of its steps, e.g. `thematic`. */
  id: string;
  title: Localized;
  steps: AnyStepDefinition[];
  rubrics?: RubricContribution[];
  /** Default definitions a committee starts from (e.g. `thematic-session@1`). */
  procedures?: ProcedureDefinition[];
  /** Templates of the documents its steps issue. */
  templates?: PluginTemplates;
}

/** Declares a plugin; checks that every step and template lives in the plugin's namespace. */
export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  for (const step of plugin.steps) {
    if (!step.name.startsWith(`${plugin.id}:`)) {
      throw new Error(`Step "${step.name}" must be namespaced under plugin "${plugin.id}" (e.g. "${plugin.id}:...")`);
    }
  }
  for (const template of plugin.templates?.documents ?? []) {
    if (!template.id.startsWith(`${plugin.id}:`)) {
      throw new Error(`Document template "${template.id}" must be namespaced under plugin "${plugin.id}" (e.g. "${plugin.id}:...")`);
    }
  }
  return plugin;
}
