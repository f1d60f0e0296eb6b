import { parseVi, type FieldIssue } from '@chibo/procedure';
import type { z } from 'zod';
import type { EffectContext, EffectHandler, EffectPrepareContext } from './effect';

/**
 * An effect's input did not match its schema: the step that requested it sent something the effect cannot carry
 * out. Retrying cannot help (the input is in the event log), so runtimes stop at once (`permanent`); the message
 * names every field and the rule it broke.
 */
export class EffectInputError extends Error {
  readonly code = 'effect-input';
  /** Retrying the same input fails the same way: runtimes must not retry it. */
  readonly permanent = true;
  constructor(
    readonly effect: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`Effect "${effect}" refused its input: ${issues.map((i) => `${i.path || '(input)'} [${i.rule}] ${i.message}`).join('; ')}`);
    this.name = 'EffectInputError';
  }
}

/** Whether an error thrown by an effect is one retrying cannot cure (an `EffectInputError`, or any error marked so). */
export function isPermanentEffectError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

/** What a plugin writes to declare an effect: its name, its input schema, and what it does. */
export interface EffectDefinition<I, P = unknown> {
  /** The name steps request it by (`EffectSpec.name`), e.g. `issue-document`. */
  name: string;
  /** One line on what it does, for the catalogue and for reviewers. */
  description?: string;
  /** The input steps send; parsed before `prepare` and `run`, so they get typed, checked values. */
  input: z.ZodType<I>;
  run(ctx: EffectContext, input: I): Promise<Record<string, unknown>>;
  /** Optional reads made before the effect's transaction (handed to `run` as `ctx.prepared`). Must not write. */
  prepare?(ctx: EffectPrepareContext, input: I): Promise<P>;
}

/** An effect handler that also says what it accepts (what `defineEffect` returns). */
export interface DefinedEffect<I = unknown> extends EffectHandler {
  readonly description?: string;
  readonly input: z.ZodType<I>;
}

/**
 * Declares a Node-side effect. The handler parses its input with the schema before `prepare` and `run`: an input
 * that does not parse throws an `EffectInputError` naming the fields and rules, and nothing is written.
 */
export function defineEffect<I, P = unknown>(definition: EffectDefinition<I, P>): DefinedEffect<I> {
  const parse = (raw: Record<string, unknown>): I => {
    const parsed = parseVi(definition.input, raw);
    if (!parsed.success) throw new EffectInputError(definition.name, parsed.issues);
    return parsed.data;
  };
  const { prepare } = definition;
  return {
    name: definition.name,
    ...(definition.description !== undefined ? { description: definition.description } : {}),
    input: definition.input,
    run: async (ctx, raw) => definition.run(ctx, parse(raw)),
    ...(prepare ? { prepare: async (ctx: EffectPrepareContext, raw: Record<string, unknown>) => prepare(ctx, parse(raw)) } : {}),
  };
}
