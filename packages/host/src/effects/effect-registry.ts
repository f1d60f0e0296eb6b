import type { StepRegistry } from '@chibo/procedure';
import type { EffectHandler } from './effect';

/** The installation's effects do not fit together or do not cover the steps (thrown at start-up). */
export class EffectRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EffectRegistryError';
  }
}

/**
 * The effects a host carries out, by name. Refuses two effects of one name and, given the step registry, a step
 * that may request (`StepDefinition.effects`) an effect nobody registered — at start-up, not when a cell's document
 * is due.
 */
export class EffectRegistry {
  private readonly byName = new Map<string, EffectHandler>();

  constructor(effects: readonly EffectHandler[], steps?: StepRegistry) {
    for (const effect of effects) {
      if (this.byName.has(effect.name)) throw new EffectRegistryError(`Two effects are named "${effect.name}"`);
      this.byName.set(effect.name, effect);
    }
    if (steps) this.checkCovers(steps);
  }

  /** Throws when a step of the registry may request an effect that is not registered here. */
  checkCovers(steps: StepRegistry): void {
    const missing: string[] = [];
    for (const step of steps.listSteps()) {
      for (const name of step.effects ?? []) {
        if (!this.byName.has(name)) missing.push(`step ${step.name}@${step.version} requests effect "${name}"`);
      }
    }
    if (missing.length) throw new EffectRegistryError(`No effect registered for: ${missing.join('; ')} (registered: ${[...this.byName.keys()].join(', ') || 'none'})`);
  }

  get(name: string): EffectHandler | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The handlers, in registration order (what the runtimes take as `effects`). */
  list(): EffectHandler[] {
    return [...this.byName.values()];
  }
}
