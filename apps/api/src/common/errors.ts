import type { FieldIssue } from '@chibo/procedure';

export type { FieldIssue };

/**
 * A failure the API answers with a 4xx status and a message a secretary can act on (Vietnamese).
 * Feature modules throw these; the global exception filter turns them into
 * `{ statusCode, error, message, issues?, ...details }`.
 */
export abstract class DomainError extends Error {
  /** HTTP status of the response. */
  abstract readonly statusCode: number;
  /** Machine-readable code in the body's `error` field, e.g. `not-found`, `org-code-taken`. */
  readonly code: string;
  /** Extra top-level fields of the response body (e.g. the row report of a CSV import). */
  readonly details: Readonly<Record<string, unknown>>;
  /**
   * What the refusal is about as data, for a web page to word it in its language (ADR 0034): a rule whose words are
   * `rule.<rule>`, and what the message names. Not part of the API's body, whose message stays Vietnamese.
   */
  wording: { rule: string; params: Readonly<Record<string, string | number>> } | undefined;

  protected constructor(message: string, code: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
    this.wording = undefined;
  }

  /** The same error with its rule and data for the pages' words (see `wording`). */
  worded(rule: string, params: Readonly<Record<string, string | number>> = {}): this {
    this.wording = { rule, params };
    return this;
  }
}

/** 400: the request cannot be read at all (e.g. malformed JSON). */
export class BadRequestError extends DomainError {
  readonly statusCode = 400;

  constructor(message: string, code = 'bad-request', details?: Record<string, unknown>) {
    super(message, code, details);
  }
}

/** 401: not logged in, or the token is invalid or expired, or the account is disabled. */
export class UnauthorizedError extends DomainError {
  readonly statusCode = 401;

  constructor(message = 'Bạn cần đăng nhập để tiếp tục', code = 'unauthorized') {
    super(message, code);
  }
}

/** 403: logged in and allowed to see the thing, but not to do this to it. */
export class ForbiddenError extends DomainError {
  readonly statusCode = 403;

  constructor(message = 'Bạn không có quyền thực hiện thao tác này', code = 'forbidden') {
    super(message, code);
  }
}

/** 404: no such thing, or the caller may not see it (the two are indistinguishable on purpose). */
export class NotFoundError extends DomainError {
  readonly statusCode = 404;

  constructor(message: string, code = 'not-found') {
    super(message, code);
  }
}

/** 404 for a unit the caller named and may not see (or that does not exist), with its code for the pages' words. */
export function unknownOrg(code: string): NotFoundError {
  return new NotFoundError(`Không tìm thấy tổ chức ${code}`).worded('unknown-org', { org: code });
}

/** 404 for a cell the caller named and may not see (or that is not a cell). */
export function unknownCell(code: string): NotFoundError {
  return new NotFoundError(`Không tìm thấy chi bộ ${code}`).worded('unknown-cell', { cell: code });
}

/** 404 for a procedure (an instance, or a committee's version by its id) the caller named and may not see. */
export function procedureNotFound(id: string): NotFoundError {
  return new NotFoundError(`Không tìm thấy quy trình ${id}`).worded('procedure-not-found', { procedure: id });
}

/** 409: the request conflicts with what exists (a code or login already taken, a lost race). */
export class ConflictError extends DomainError {
  readonly statusCode = 409;

  constructor(message: string, code = 'conflict', details?: Record<string, unknown>) {
    super(message, code, details);
  }
}

/** 415: the body's Content-Type is not one the route reads. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly statusCode = 415;

  constructor(message: string, code = 'unsupported-media-type') {
    super(message, code);
  }
}

/** 429: too many attempts (logins); `retryAfter` seconds, also sent as the Retry-After header. */
export class TooManyRequestsError extends DomainError {
  readonly statusCode = 429;

  constructor(message: string, retryAfterSeconds: number, code = 'too-many-requests') {
    super(message, code, { retryAfter: retryAfterSeconds });
  }
}

/** 503: the service is busy finishing queued work; the request may be retried. */
export class ServiceUnavailableError extends DomainError {
  readonly statusCode = 503;

  constructor(message: string, code = 'busy') {
    super(message, code);
  }
}

/** 422: the request was read but its content breaks rules; `issues` names each field and rule. */
export class ValidationError extends DomainError {
  readonly statusCode = 422;

  constructor(
    readonly issues: readonly FieldIssue[],
    message = summarizeIssues(issues),
    details?: Record<string, unknown>,
    code = 'validation-failed',
  ) {
    super(message, code, details);
  }
}

function summarizeIssues(issues: readonly FieldIssue[]): string {
  const [first] = issues;
  if (!first) return 'Dữ liệu không hợp lệ';
  const where = first.path ? `${first.path}: ` : '';
  const more = issues.length > 1 ? ` (và ${issues.length - 1} lỗi khác)` : '';
  return `Dữ liệu không hợp lệ — ${where}${first.message}${more}`;
}
