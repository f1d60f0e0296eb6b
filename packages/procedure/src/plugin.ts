import type { Localized } from './localized';
import type { AnyStepDefinition, RubricContribution } from './step';
import type { ProcedureDefinition } from './definition';

/** A plugin: a family of step kinds, and optionally rubrics and ready-made procedure definitions. */
export interface PluginDefinition {
  /** Namespace of its steps, e.g. `thematic`. */
  id: string;
  title: Localized;
  steps: AnyStepDefinition[];
  rubrics?: RubricContribution[];
  /** Default definitions a committee starts from (e.g. `thematic-session@1`). */
  procedures?: ProcedureDefinition[];
}

/** Declares a plugin; checks that every step lives in the plugin's namespace. */
export function definePlugin(plugin: PluginDefinition): PluginDefinition {
  for (const step of plugin.steps) {
    if (!step.name.startsWith(`${plugin.id}:`)) {
      throw new Error(`Step "${step.name}" must be namespaced under plugin "${plugin.id}" (e.g. "${plugin.id}:...")`);
    }
  }
  return plugin;
}
