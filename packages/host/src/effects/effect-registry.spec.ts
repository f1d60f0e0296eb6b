import { definePlugin, defineStep, StepRegistry } from '@chibo/procedure';
import { z } from 'zod';
import type { EffectHandler } from './effect';
import { EffectRegistry, EffectRegistryError } from './effect-registry';

const effect = (name: string): EffectHandler => ({ name, run: async () => ({}) });

const step = (name: string, effects?: string[]) =>
  defineStep({
    name: `demo:${name}`,
    version: 1,
    title: { vi: name, en: name },
    description: { vi: name, en: name },
    params: z.object({}),
    initialState: {},
    ...(effects ? { effects } : {}),
    tasks: {},
    start: () => ({}),
  });

const steps = new StepRegistry([definePlugin({ id: 'demo', title: { vi: 'Thử', en: 'Demo' }, steps: [step('convene', ['issue-document', 'notify']), step('quiet')] })]);

describe('EffectRegistry', () => {
  it('should refuse two effects of one name', () => {
    expect(() => new EffectRegistry([effect('notify'), effect('issue-document'), effect('notify')])).toThrow(new EffectRegistryError('Two effects are named "notify"'));
  });

  it('should refuse at start-up a step that requests an effect nobody registered, naming the step and the effect', () => {
    expect(() => new EffectRegistry([effect('notify')], steps)).toThrow(EffectRegistryError);
    expect(() => new EffectRegistry([effect('notify')], steps)).toThrow('No effect registered for: step demo:convene@1 requests effect "issue-document" (registered: notify)');
  });

  it('should accept effects that cover every step, and look them up by name', () => {
    const registry = new EffectRegistry([effect('issue-document'), effect('notify'), effect('unused')], steps);
    expect(registry.names()).toEqual(['issue-document', 'notify', 'unused']);
    expect(registry.get('notify')?.name).toBe('notify');
    expect(registry.has('submit-upward')).toBe(false);
    expect(registry.list()).toHaveLength(3);
  });
});
