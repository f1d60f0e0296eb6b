import type { EffectHandler } from '@chibo/host';
import { issueDocumentEffect } from './issue-document.effect';
import { notifyEffect } from './notify.effect';
import { submitUpwardEffect } from './submit-upward.effect';

export * from '@chibo/host';
export { createIssueDocumentEffect, issueDocument, issueDocumentEffect } from './issue-document.effect';
export { notifyEffect } from './notify.effect';
export { submitUpwardEffect } from './submit-upward.effect';

/** The effects this runtime carries out, by name. */
export const DEFAULT_EFFECTS: readonly EffectHandler[] = [issueDocumentEffect, notifyEffect, submitUpwardEffect];
