import type { StepRegistry } from '@chibo/procedure';
import { FINDINGS, isFindingCode, MANIFESTATIONS } from '@chibo/rules';
import { localized, type Lang } from '../i18n/i18n';

/**
 * Names for the codes the data holds, so no page shows one raw: a finding (`draft-late`), a rubric (`phu-tho-100`),
 * a procedure with the steps a guidance added (`thematic-session@1 + self-criticism`), a manifestation (`1.4`).
 */
export function findingName(code: string, lang: Lang): string {
  return isFindingCode(code) ? FINDINGS[code][lang] : code;
}

export function rubricName(registry: StepRegistry, id: string | null | undefined, lang: Lang): string {
  if (!id) return '';
  return registry.hasRubric(id) ? localized(lang, registry.rubric(id).title) : id;
}

/** "Sinh hoạt chuyên đề (theo Hướng dẫn 12-HD/BTCTW), thêm bước Tự soi, tự sửa" for `thematic-session@1 + self-criticism`. */
export function procedureName(registry: StepRegistry, key: string, version: number, addSteps: readonly string[], lang: Lang): string {
  const procedure = registry.listProcedures().find((p) => p.key === key && p.version === version) ?? registry.listProcedures().find((p) => p.key === key);
  const title = procedure ? procedure.title : key;
  const added = addSteps.map((alias) => {
    const step = registry.listSteps().find((s) => s.addable?.alias === alias);
    return step ? localized(lang, step.title) : alias;
  });
  return added.length ? `${title}${lang === 'en' ? ', adding ' : ', thêm bước '}${added.join(', ')}` : title;
}

/** "1.4 — Lười học tập lý luận…" for a manifestation code of Nghị quyết 04-NQ/TW. */
export function manifestationName(code: string): string {
  const m = MANIFESTATIONS.find((x) => x.code === code);
  return m ? `${code} — ${m.title}` : code;
}
