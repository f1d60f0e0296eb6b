import { z } from 'zod';
import type { FieldIssue, RubricContribution } from '@chibo/procedure';
import { fullMarksShortfall, scoreSession, validateScore, type Rubric } from '@chibo/rules';

/**
 * Wraps a rule-level rubric as a plugin contribution: a form whose JSON Schema lists each criterion with its maximum,
 * and validation by the rubric's own rules (so a mark over the maximum names the criterion and its maximum).
 */
export function rubricContribution(rubric: Rubric, title: { vi: string; en: string }): RubricContribution {
  const form =
    rubric.kind === 'marks'
      ? z.object({
          marks: z.looseObject(
            Object.fromEntries(rubric.criteria.map((c) => [c.id, z.number().optional().describe(`${c.label} (tối đa ${c.max} điểm)`)])),
          ),
        })
      : z.object({ rating: z.string().describe(`Xếp loại: ${rubric.ratings.join(' / ')}`) });
  return {
    id: rubric.id,
    title,
    form,
    validate: (input: unknown): FieldIssue[] => validateScore(rubric, input as { marks?: Record<string, number>; rating?: string }),
    score: (input: unknown) => scoreSession(rubric, input as { marks?: Record<string, number>; rating?: string }),
    criteria: rubric.kind === 'marks' ? rubric.criteria.map((c) => ({ id: c.id, label: c.label, max: c.max })) : [],
    ...(rubric.kind === 'rating' ? { ratings: [...rubric.ratings] } : {}),
    cappedBy: (input: unknown): string[] => {
      if (rubric.kind !== 'marks' || !rubric.fullMarksForTop) return [];
      const short = new Set(fullMarksShortfall(rubric, (input as { marks?: Record<string, number> }).marks ?? {}));
      return rubric.criteria.filter((c) => short.has(c.id)).map((c) => c.label);
    },
  };
}
