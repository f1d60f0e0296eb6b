// Node-side: the handlers import @chibo/db and @chibo/documents. Never imported by the main entry.
export { createIssueDocumentEffect, issueDocumentEffect } from './issue-document.effect';
export { createNotifyEffect, IN_APP_ONLY, notifyEffect } from './notify.effect';
export { issueDocument } from '@chibo/documents';
