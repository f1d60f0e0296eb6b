import { ENABLED_WEB } from '@chibo/catalog-node';
import type { ParamLabel, TaskPage, WebContribution } from '@chibo/host';

/**
 * The enabled plugins' web contributions (ADR 0023), indexed once: the page of a step's task, and the plugins' words.
 * Nothing here knows a step by name; a new step with its own page touches only its plugin (and the catalog line).
 */
export class WebContributions {
  private readonly pages = new Map<string, TaskPage<unknown>>();
  readonly messages: { vi: Map<string, string>; en: Map<string, string> } = { vi: new Map(), en: new Map() };

  constructor(readonly contributions: readonly WebContribution[]) {
    for (const web of contributions) {
      for (const page of web.pages) {
        const key = `${page.step}#${page.task}`;
        if (this.pages.has(key)) throw new Error(`Two web pages for task "${page.task}" of step "${page.step}"`);
        this.pages.set(key, page);
      }
      for (const lang of ['vi', 'en'] as const) {
        for (const [key, text] of Object.entries(web.messages[lang])) {
          if (this.messages[lang].has(key)) throw new Error(`Web word "${key}" defined twice`);
          this.messages[lang].set(key, text);
        }
      }
    }
  }

  /** The page of a task (`stepKind` with or without its `@version`), or undefined for a generated form. */
  pageOf(stepKind: string, task: string): TaskPage<unknown> | undefined {
    return this.pages.get(`${stepKind.split('@')[0]}#${task}`);
  }

  /** How the composer shows a step's parameter (`stepKind` with or without `@version`), if its plugin says. */
  paramLabel(stepKind: string, param: string): ParamLabel | undefined {
    const step = stepKind.split('@')[0]!;
    for (const web of this.contributions) {
      const label = web.params?.[step]?.[param];
      if (label) return label;
    }
    return undefined;
  }

  /** Every partial folder, by plugin id (registered as `<plugin>/<file>`). */
  viewFolders(): Array<{ plugin: string; dir: string }> {
    return this.contributions.map((w) => ({ plugin: w.plugin, dir: w.views }));
  }
}

/** The installation's contributions (packages/catalog-node's ENABLED_WEB). */
export const WEB_CONTRIBUTIONS = new WebContributions(ENABLED_WEB);
