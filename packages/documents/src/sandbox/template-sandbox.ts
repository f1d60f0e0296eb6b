import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TemplateIssue } from '../template-validation';

/** How long one committee template may take to compile and render (all its trial samples together), by default. */
export const DEFAULT_TEMPLATE_TIME_LIMIT_MS = 2_000;

/**
 * Which Handlebars renders a job: the documents' own (helpers, partials, the official layout) by default, or a plain
 * strict one with no helpers beyond Handlebars' built-ins — `plain-text` (no escaping) or `plain-html` — for short
 * messages such as the notices' subject and bodies.
 */
export type SandboxMode = 'document' | 'plain-text' | 'plain-html';

export type SandboxRequest =
  | { id: number; kind: 'validate'; source: string; models: Array<Record<string, unknown>>; mode?: SandboxMode }
  | { id: number; kind: 'render'; source: string; model: Record<string, unknown>; mode?: SandboxMode };

export type SandboxReply = { id: number; ok: true; issues: TemplateIssue[] } | { id: number; ok: true; html: string } | { id: number; ok: false; issue: TemplateIssue };

/** Thrown when a template ran past the time limit (its worker was stopped). */
export class TemplateTimeoutError extends Error {
  override readonly name = 'TemplateTimeoutError';
  readonly issue: TemplateIssue;

  constructor(limitMs: number) {
    super(`template ran longer than ${limitMs} ms`);
    this.issue = {
      path: 'source',
      rule: 'too-slow',
      message: `Mẫu văn bản chạy quá ${limitMs / 1000} giây khi dựng thử (vòng lặp {{#each}} lồng nhau quá nhiều?): hãy đơn giản hóa mẫu`,
      line: null,
      column: null,
      params: { seconds: limitMs / 1000 },
    };
  }
}

/** A template's own failure on the data (a missing field, say), as the worker described it. */
export class SandboxedTemplateError extends Error {
  override readonly name = 'SandboxedTemplateError';

  constructor(readonly issue: TemplateIssue) {
    super(issue.message);
  }
}

interface Job {
  request: SandboxRequest;
  resolve: (reply: SandboxReply) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs committees' templates (untrusted: anyone with the committee's rights can write one) in a worker thread, one
 * job at a time, each with a time limit. A template that runs past it gets its worker terminated — Handlebars cannot
 * be interrupted otherwise — and the next job starts a fresh one. The server's event loop only posts messages: a
 * template of nested loops over a long roster cannot stall `/health` or anyone's requests.
 */
export class TemplateSandbox {
  private worker: Worker | undefined;
  /** Whether the worker has loaded (its first message): jobs are timed from then on. */
  private ready = false;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;

  constructor(readonly timeLimitMs: number = DEFAULT_TEMPLATE_TIME_LIMIT_MS) {}

  /** The problems of compiling `source` and rendering it with each model (empty: usable). */
  async validate(source: string, models: Array<Record<string, unknown>>, mode: SandboxMode = 'document'): Promise<TemplateIssue[]> {
    try {
      const reply = await this.run({ id: this.nextId++, kind: 'validate', source, models, mode });
      if (!reply.ok) return [reply.issue];
      return 'issues' in reply ? reply.issues : [];
    } catch (error) {
      if (error instanceof TemplateTimeoutError) return [error.issue];
      throw error;
    }
  }

  /** `source` rendered with `model`; throws {@link SandboxedTemplateError} or {@link TemplateTimeoutError}. */
  async render(source: string, model: Record<string, unknown>, mode: SandboxMode = 'document'): Promise<string> {
    const reply = await this.run({ id: this.nextId++, kind: 'render', source, model, mode });
    if (!reply.ok) throw new SandboxedTemplateError(reply.issue);
    if (!('html' in reply)) throw new Error('template sandbox: no HTML in the reply');
    return reply.html;
  }

  /** Stops the worker (jobs still queued are refused). */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('template sandbox closed'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private run(request: SandboxRequest): Promise<SandboxReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.current) return;
    if (this.queue.length === 0) {
      // Idle: the worker must not keep the process alive.
      this.worker?.unref();
      return;
    }
    const worker = this.ensureWorker();
    // Busy: it must, until the job has its answer (a command awaiting a render would otherwise just exit).
    worker.ref();
    if (!this.ready) return;
    const job = this.queue.shift()!;
    const timer = setTimeout(() => {
      // Past the limit: the only way to stop Handlebars is to stop its thread.
      this.current = undefined;
      this.worker = undefined;
      void worker.terminate();
      job.reject(new TemplateTimeoutError(this.timeLimitMs));
      this.pump();
    }, this.timeLimitMs);
    this.current = { job, timer };
    worker.postMessage(job.request);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerFile());
    this.ready = false;
    worker.on('message', (reply: SandboxReply | { ready: true }) => {
      if ('ready' in reply) {
        if (this.worker === worker) this.ready = true;
        this.pump();
        return;
      }
      const current = this.current;
      if (!current || current.job.request.id !== reply.id) return;
      clearTimeout(current.timer);
      this.current = undefined;
      current.job.resolve(reply);
      this.pump();
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(worker, new Error(`template sandbox worker exited (${code})`));
    });
    this.worker = worker;
    // Unreferenced when idle (see pump) — set after the listeners: adding a 'message' listener refs the worker's
    // port again, and a test run or a CLI command then never exits.
    worker.unref();
    return worker;
  }

  private fail(worker: Worker, error: unknown): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const current = this.current;
    this.current = undefined;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(error);
    }
    this.pump();
  }
}

/** The compiled worker: beside this file in dist; from the sources (tests), the built one. */
function workerFile(): string {
  const here = join(__dirname, 'template-worker.js');
  if (existsSync(here)) return here;
  const built = join(__dirname, '..', '..', 'dist', 'sandbox', 'template-worker.js');
  if (existsSync(built)) return built;
  throw new Error(`template sandbox: ${here} is missing (build @chibo/documents first)`);
}
