import { z } from 'zod';

/** One step of a procedure: a unique id within the definition, a step kind from a plugin, and its parameters. */
export const stepRefSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'step id must be kebab-case'),
  kind: z.string().regex(/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)+@\d+$/, 'step kind must look like plugin:step@1'),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type StepRef = z.infer<typeof stepRefSchema>;

/** A versioned procedure definition owned by a committee. A running instance keeps the version it started with. */
export const procedureDefinitionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.number().int().positive(),
  owner: z.string().min(1),
  title: z.string().min(1),
  steps: z.array(stepRefSchema).min(1),
});
export type ProcedureDefinition = z.infer<typeof procedureDefinitionSchema>;

/** Splits `thematic:hold-session@1` into its kind name and version. */
export function parseKind(kind: string): { name: string; version: number } {
  const at = kind.lastIndexOf('@');
  if (at < 0) return { name: kind, version: 1 };
  return { name: kind.slice(0, at), version: Number(kind.slice(at + 1)) };
}
