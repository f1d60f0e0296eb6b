// The worker thread of the template sandbox: compiles and renders committees' templates away from the server's
// event loop. It builds its own renderer (helpers, core partials), so nothing is shared with the main thread.
import { parentPort } from 'node:worker_threads';
import { DocumentRenderer } from '../document-renderer';
import type { SandboxReply, SandboxRequest } from './template-sandbox';

const renderer = new DocumentRenderer([]);

parentPort!.on('message', (request: SandboxRequest) => {
  let reply: SandboxReply;
  try {
    reply =
      request.kind === 'validate'
        ? { id: request.id, ok: true, issues: renderer.trialRender(request.source, request.models) }
        : { id: request.id, ok: true, html: renderer.renderSource(request.source, request.model) };
  } catch (error) {
    reply = { id: request.id, ok: false, issue: renderer.describeError(error, request.source) };
  }
  parentPort!.postMessage(reply);
});
// Ready: the time limit of the first job starts now, not while this thread was loading.
parentPort!.postMessage({ ready: true });
