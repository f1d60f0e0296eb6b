import type { CellExpectation, GuidanceExpectation, ImplementationExpectation, Scenario } from './scenario.schema';
import type { ScenarioOutcome } from './outcome';

/** One difference between what a scenario expects and what happened. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

/**
 * Compares an outcome with a scenario's `expect`. Only fields the scenario states are compared; findings are compared
 * as sets; a document type maps to its exact number, `any` (must exist) or `none` (must not exist).
 */
export function compareOutcome(expect: NonNullable<Scenario['expect']>, outcome: ScenarioOutcome): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [code, expected] of Object.entries(expect.cells)) {
    const actual = outcome.cells[code];
    if (!actual) {
      out.push({ path: `cells.${code}`, expected: 'a cell of the guidance', actual: 'not dispatched' });
      continue;
    }
    compareFields(`cells.${code}`, expected, actual as unknown as Record<string, unknown>, out);
  }
  if (expect.guidance) compareFields('guidance', expect.guidance, outcome.guidance as unknown as Record<string, unknown>, out);
  for (const [code, expected] of Object.entries(expect.implementations ?? {})) {
    const actual = outcome.implementations?.[code];
    if (!actual) {
      out.push({ path: `implementations.${code}`, expected: 'a committee the guidance reached', actual: 'not reached' });
      continue;
    }
    compareFields(`implementations.${code}`, expected, actual as unknown as Record<string, unknown>, out);
  }
  return out;
}

function compareFields(prefix: string, expected: CellExpectation | GuidanceExpectation | ImplementationExpectation, actual: Record<string, unknown>, out: Mismatch[]): void {
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    const path = `${prefix}.${key}`;
    if (key === 'findings') {
      const a = [...((got as string[]) ?? [])].sort();
      const b = [...(want as string[])].sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, expected: b, actual: a });
    } else if (key === 'documents') {
      const docs = (got as Record<string, string>) ?? {};
      for (const [type, number] of Object.entries(want as Record<string, string>)) {
        const have = docs[type];
        const ok = number === 'any' ? have !== undefined : number === 'none' ? have === undefined : have === number;
        if (!ok) out.push({ path: `${path}.${type}`, expected: number, actual: have ?? 'none' });
      }
    } else if (key === 'ratings') {
      const a = normalise(got as Record<string, number>);
      const b = normalise(want as Record<string, number>);
      if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, expected: b, actual: a });
    } else if (JSON.stringify(got) !== JSON.stringify(want)) {
      out.push({ path, expected: want, actual: got });
    }
  }
}

function normalise(ratings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(ratings ?? {}).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
}
