import type { PluginDefinition } from './plugin';
import { stepKind, type AnyStepDefinition, type RubricContribution } from './step';
import type { ProcedureDefinition } from './definition';

/** Thrown when plugins clash or a definition names something nobody registered. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly code: 'duplicate-step' | 'unknown-step' | 'duplicate-rubric' | 'unknown-rubric' | 'duplicate-plugin' | 'unknown-alias' | 'unknown-procedure',
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** All step kinds, rubrics and default procedures of the enabled plugins. Built once at start-up. */
export class StepRegistry {
  private readonly steps = new Map<string, AnyStepDefinition>();
  private readonly rubrics = new Map<string, RubricContribution>();
  private readonly aliases = new Map<string, AnyStepDefinition>();
  private readonly plugins = new Map<string, PluginDefinition>();
  private readonly procedures = new Map<string, ProcedureDefinition>();

  constructor(plugins: readonly PluginDefinition[] = []) {
    for (const plugin of plugins) this.register(plugin);
  }

  /** Adds a plugin; throws on any id already taken. */
  register(plugin: PluginDefinition): this {
    if (this.plugins.has(plugin.id)) throw new RegistryError(`Plugin "${plugin.id}" is registered twice`, 'duplicate-plugin');
    this.plugins.set(plugin.id, plugin);
    for (const step of plugin.steps) {
      const kind = stepKind(step);
      if (this.steps.has(kind)) throw new RegistryError(`Step kind "${kind}" is registered twice`, 'duplicate-step');
      this.steps.set(kind, step);
      if (step.addable) {
        // Versions of one step share its alias: a procedure composed by the alias gets the highest; instances and
        // definitions that name an older version keep it (docs/temporal.md, "step kinds are versioned").
        const taken = this.aliases.get(step.addable.alias);
        if (taken && taken.name !== step.name) {
          throw new RegistryError(`Step alias "${step.addable.alias}" is registered twice`, 'duplicate-step');
        }
        if (!taken || taken.version < step.version) this.aliases.set(step.addable.alias, step);
      }
    }
    for (const rubric of plugin.rubrics ?? []) {
      if (this.rubrics.has(rubric.id)) throw new RegistryError(`Rubric "${rubric.id}" is registered twice`, 'duplicate-rubric');
      this.rubrics.set(rubric.id, rubric);
    }
    for (const procedure of plugin.procedures ?? []) {
      const key = `${procedure.key}@${procedure.version}`;
      if (this.procedures.has(key)) throw new RegistryError(`Procedure "${key}" is registered twice`, 'duplicate-plugin');
      this.procedures.set(key, procedure);
    }
    return this;
  }

  /** The step kind `name@version`; throws when unknown. */
  step(kind: string): AnyStepDefinition {
    const step = this.steps.get(kind);
    if (!step) throw new RegistryError(`Unknown step kind "${kind}"`, 'unknown-step');
    return step;
  }

  hasStep(kind: string): boolean {
    return this.steps.has(kind);
  }

  /** The step a guidance adds by its short name (e.g. `self-criticism`); throws when unknown. */
  addable(alias: string): AnyStepDefinition {
    const step = this.aliases.get(alias);
    if (!step) throw new RegistryError(`Unknown step "${alias}" (known: ${[...this.aliases.keys()].join(', ') || 'none'})`, 'unknown-alias');
    return step;
  }

  hasAddable(alias: string): boolean {
    return this.aliases.has(alias);
  }

  rubric(id: string): RubricContribution {
    const rubric = this.rubrics.get(id);
    if (!rubric) throw new RegistryError(`Unknown rubric "${id}" (known: ${[...this.rubrics.keys()].join(', ')})`, 'unknown-rubric');
    return rubric;
  }

  hasRubric(id: string): boolean {
    return this.rubrics.has(id);
  }

  /** The newest default definition with this key, or the exact version. */
  procedure(key: string, version?: number): ProcedureDefinition {
    const candidates = [...this.procedures.values()].filter((p) => p.key === key && (version === undefined || p.version === version));
    const found = candidates.sort((a, b) => b.version - a.version)[0];
    if (!found) throw new RegistryError(`Unknown procedure "${key}${version ? `@${version}` : ''}"`, 'unknown-procedure');
    return found;
  }

  listSteps(): AnyStepDefinition[] {
    return [...this.steps.values()];
  }

  listRubrics(): RubricContribution[] {
    return [...this.rubrics.values()];
  }

  listProcedures(): ProcedureDefinition[] {
    return [...this.procedures.values()];
  }

  listPlugins(): PluginDefinition[] {
    return [...this.plugins.values()];
  }
}
