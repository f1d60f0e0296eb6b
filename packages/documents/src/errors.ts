import type { TemplateIssue } from './template-validation';

/** A failure of the documents package a caller can act on; `code` is machine-readable, `message` Vietnamese. */
export abstract class DocumentsError extends Error {
  abstract readonly code: string;
}

/** No such document, org unit or template (the API answers 404). */
export class DocumentNotFoundError extends DocumentsError {
  override readonly name = 'DocumentNotFoundError';
  readonly code = 'not-found';
}

/** The document is already cancelled (the API answers 409). */
export class DocumentAlreadyCancelledError extends DocumentsError {
  override readonly name = 'DocumentAlreadyCancelledError';
  readonly code = 'document-cancelled';
}

/** A template source that cannot be used, with every problem and its line (the API answers 422). */
export class TemplateValidationError extends DocumentsError {
  override readonly name = 'TemplateValidationError';
  readonly code = 'template-invalid';

  constructor(readonly issues: readonly TemplateIssue[]) {
    const first = issues[0];
    super(first ? `Mẫu văn bản không hợp lệ — ${first.line ? `dòng ${first.line}: ` : ''}${first.message}` : 'Mẫu văn bản không hợp lệ');
  }
}

/** PDF output needs a Chromium that is not installed (the API answers 503 with how to install one). */
export class PdfUnavailableError extends DocumentsError {
  override readonly name = 'PdfUnavailableError';
  readonly code = 'pdf-unavailable';
}
