import type { StepRef } from './definition';
import type { FieldIssue } from './issues';
import type { StepRegistry } from './registry';

/** A step placed where what it needs is not there yet. */
export interface StepOrderProblem {
  /** Index and id of the step in the definition. */
  index: number;
  step: string;
  /** The fact it needs or reads (`session`, `score`…). */
  fact: string;
  /**
   * `later`: only a later step provides it (the step would run without it) — refused;
   * `missing`: no step provides a fact it requires — refused.
   */
  problem: 'later' | 'missing';
  /** The later step that provides it, for `later`. */
  providedBy: string | null;
}

/**
 * Checks a definition's step order against what each step declares it requires, uses and provides (ADR 0023): the
 * vote before the session is recorded, or the report before the score and the vote, is refused with each step and
 * fact named. Steps that declare nothing are not checked. Pure: the composer page and the API both call it.
 */
export function checkStepOrder(steps: readonly StepRef[], registry: StepRegistry): StepOrderProblem[] {
  const known = steps.map((ref) => (registry.hasStep(ref.kind) ? registry.step(ref.kind) : undefined));
  const problems: StepOrderProblem[] = [];
  known.forEach((definition, index) => {
    if (!definition) return;
    const ref = steps[index]!;
    let required: readonly string[] = [];
    if (typeof definition.requires === 'function') {
      const parsed = definition.params.safeParse(ref.params);
      required = parsed.success ? definition.requires(parsed.data) : [];
    } else required = definition.requires ?? [];
    const before = new Set(known.slice(0, index).flatMap((d) => d?.provides ?? []));
    const laterProvider = (fact: string) => {
      const at = known.findIndex((d, i) => i > index && (d?.provides ?? []).includes(fact));
      return at >= 0 ? steps[at]!.id : null;
    };
    const needs = [...new Set([...required, ...(definition.uses ?? [])])];
    for (const fact of needs) {
      if (before.has(fact) || ((definition.provides ?? []).includes(fact) && !required.includes(fact))) continue;
      const later = laterProvider(fact);
      if (later) problems.push({ index, step: ref.id, fact, problem: 'later', providedBy: later });
      else if (required.includes(fact)) problems.push({ index, step: ref.id, fact, problem: 'missing', providedBy: null });
    }
  });
  return problems;
}

/** Vietnamese names of the facts steps exchange, for the messages below (pages word them in their own language). */
export const FACT_NAMES_VI: Readonly<Record<string, string>> = {
  plan: 'kế hoạch sinh hoạt',
  draft: 'dự thảo chuyên đề',
  convened: 'thông báo triệu tập',
  session: 'buổi sinh hoạt đã được ghi nhận',
  attendance: 'số liệu điểm danh',
  selfCriticism: 'kết quả tự soi, tự sửa',
  score: 'kết quả chấm điểm',
  resolution: 'kết quả biểu quyết nghị quyết',
  report: 'báo cáo kết quả',
};

/** The problems as field issues on `steps.<index>` (rules `step-order-later`, `step-order-missing`), with their data. */
export function stepOrderIssues(steps: readonly StepRef[], registry: StepRegistry): FieldIssue[] {
  const title = (id: string | null) => {
    const ref = steps.find((s) => s.id === id);
    return ref && registry.hasStep(ref.kind) ? registry.step(ref.kind).title.vi : (id ?? '');
  };
  return checkStepOrder(steps, registry).map((p): FieldIssue => {
    const fact = FACT_NAMES_VI[p.fact] ?? p.fact;
    return p.problem === 'later'
      ? {
          path: `steps.${p.index}`,
          rule: 'step-order-later',
          message: `Bước “${title(p.step)}” cần ${fact}, nhưng bước “${title(p.providedBy)}” tạo ra nó lại đứng sau: chuyển bước này xuống sau bước đó`,
          params: { step: p.step, fact: p.fact, providedBy: p.providedBy! },
        }
      : {
          path: `steps.${p.index}`,
          rule: 'step-order-missing',
          message: `Bước “${title(p.step)}” cần ${fact}, nhưng không bước nào trong quy trình tạo ra: thêm bước đó trước bước này`,
          params: { step: p.step, fact: p.fact },
        };
  });
}
