// The worker thread of the template sandbox: compiles and renders committees' templates away from the server's
// event loop. It builds its own renderer (helpers, core partials), so nothing is shared with the main thread.
import Handlebars from 'handlebars';
import { parentPort } from 'node:worker_threads';
import { DocumentRenderer } from '../document-renderer';
import { issueFromError, type TemplateIssue } from '../template-validation';
import type { SandboxMode, SandboxReply, SandboxRequest } from './template-sandbox';

const renderer = new DocumentRenderer([]);

// Short messages (a notice's subject and bodies): strict (a field the data lacks throws), only Handlebars' built-in
// helpers (another name is refused when compiling), escaped unless plain text. Compiled once per source and mode.
const plain = Handlebars.create();
const plainCache = new Map<string, Handlebars.TemplateDelegate>();
function plainTemplate(source: string, mode: SandboxMode): Handlebars.TemplateDelegate {
  const key = `${mode}\u0000${source}`;
  let template = plainCache.get(key);
  if (!template) {
    template = plain.compile(source, { strict: true, knownHelpersOnly: true, noEscape: mode === 'plain-text' });
    if (plainCache.size >= 200) plainCache.delete(plainCache.keys().next().value!);
    plainCache.set(key, template);
  }
  return template;
}
function plainValidate(source: string, models: Array<Record<string, unknown>>, mode: SandboxMode): TemplateIssue[] {
  let template: Handlebars.TemplateDelegate;
  try {
    plain.precompile(source, { strict: true, knownHelpersOnly: true });
    template = plainTemplate(source, mode);
  } catch (error) {
    return [issueFromError(error, source, plain, 'template-syntax')];
  }
  for (const model of models) {
    let out: string;
    try {
      out = template(model);
    } catch (error) {
      return [issueFromError(error, source, plain)];
    }
    if (mode === 'plain-html' && /<script[\s>]/i.test(out)) return [{ path: 'source', rule: 'script-not-allowed', message: 'Mẫu không được chứa mã <script>', line: null, column: null }];
  }
  return [];
}

parentPort!.on('message', (request: SandboxRequest) => {
  let reply: SandboxReply;
  const mode = request.mode ?? 'document';
  try {
    if (mode !== 'document') {
      reply =
        request.kind === 'validate'
          ? { id: request.id, ok: true, issues: plainValidate(request.source, request.models, mode) }
          : { id: request.id, ok: true, html: plainTemplate(request.source, mode)(request.model) };
      parentPort!.postMessage(reply);
      return;
    }
    reply =
      request.kind === 'validate'
        ? { id: request.id, ok: true, issues: renderer.trialRender(request.source, request.models) }
        : { id: request.id, ok: true, html: renderer.renderSource(request.source, request.model) };
  } catch (error) {
    reply = { id: request.id, ok: false, issue: mode === 'document' ? renderer.describeError(error, request.source) : issueFromError(error, request.source, plain) };
  }
  parentPort!.postMessage(reply);
});
// Ready: the time limit of the first job starts now, not while this thread was loading.
parentPort!.postMessage({ ready: true });
