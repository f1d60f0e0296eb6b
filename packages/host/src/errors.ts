import type { Rejection } from '@chibo/procedure';

/** Another writer appended to the instance first: the caller should reload (HTTP 409). */
export class ConcurrencyError extends Error {
  readonly code = 'concurrency';
  constructor(readonly instanceId: string) {
    super(`Quy trình ${instanceId} vừa được người khác cập nhật; vui lòng tải lại và thử lại`);
    this.name = 'ConcurrencyError';
  }
}

/** The core refused the input (HTTP 422 for validation, 409 for a task no longer open, 403 for a non-assignee). */
export class RejectedError extends Error {
  readonly code = 'rejected';
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
    this.name = 'RejectedError';
  }
}

/**
 * What a refusal is about as data (ADR 0034): its rule and what the message names (codes, numbers, dates as typed),
 * for a page to word it in its language; the message stays the Vietnamese one.
 */
export interface ErrorWording {
  rule: string;
  params: Readonly<Record<string, string | number>>;
}

/** Something the caller named does not exist (HTTP 404). */
export class NotFoundError extends Error {
  readonly code = 'not-found';
  constructor(
    message: string,
    readonly wording?: ErrorWording,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The request conflicts with what exists (HTTP 409), e.g. a guidance with the same number and date. */
export class DuplicateError extends Error {
  readonly code = 'duplicate';
  constructor(
    message: string,
    readonly wording?: ErrorWording,
  ) {
    super(message);
    this.name = 'DuplicateError';
  }
}

/** Queued work did not finish in time (HTTP 503: the caller may retry). */
export class DrainTimeoutError extends Error {
  readonly code = 'drain-timeout';
  constructor(
    readonly timeoutMs: number,
    readonly outstanding: number,
  ) {
    super(`Hệ thống còn ${outstanding} việc đang xử lý sau ${Math.round(timeoutMs / 1000)} giây; vui lòng thử lại sau`);
    this.name = 'DrainTimeoutError';
  }
}
