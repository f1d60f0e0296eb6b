import type { NextFunction, Request, Response } from 'express';
// multer comes with @nestjs/platform-express (the same version Nest's FileInterceptor uses); typed here by what is used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const multer = require('multer') as (options: { storage: unknown; limits: Record<string, number>; defParamCharset?: string }) => { single(field: string): (req: Request, res: Response, cb: (error?: unknown) => void) => void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const memoryStorage = (require('multer') as { memoryStorage(): unknown }).memoryStorage;

/** The largest file a task form accepts (a topic draft as PDF or DOCX). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The file of a multipart task form, once read (in memory: at most {@link MAX_UPLOAD_BYTES} + 1 bytes). */
export interface UploadedPart {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** What the multipart reader leaves on the request: the file, or why it could not be read. */
export interface MultipartRequest extends Request {
  file?: UploadedPart;
  /** `too-large` past the limit, `unreadable` for a broken body. */
  uploadError?: 'too-large' | 'unreadable';
  /** An API submission's `input` part: `missing`, or `json` when it is not a JSON object (see `readMultipartSubmission`). */
  inputError?: 'missing' | 'json';
}

/** The form field that carries the file (the draft's `attachment`). */
export const FILE_FIELD = 'attachment';

// Browsers send the file's name as UTF-8 without saying so (Vietnamese names: “Dự thảo.pdf”).
const reader = multer({ storage: memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 500, fieldSize: 1024 * 1024 } }).single(FILE_FIELD);

/**
 * Reads a multipart task form (text fields into `req.body`, the file into `req.file`) before the guards run, so that
 * the CSRF check sees the form's token as for any other form. A file over the limit or a broken body is not an error
 * page: it is noted on the request, and the form answers 422 next to the field. Other requests pass untouched.
 */
export function readMultipartTaskForm(req: MultipartRequest, res: Response, next: NextFunction): void {
  if (!isMultipart(req)) return next();
  reader(req, res, (error?: unknown) => {
    if (error) {
      req.uploadError = uploadErrorOf(error);
      req.body ??= {};
      delete req.file;
    }
    next();
  });
}

/** The part of a multipart API submission that carries the task's input, as JSON text. */
export const INPUT_FIELD = 'input';

// The API's submission: one text part (the input) and at most one file, the same size limit as the pages.
const submissionReader = multer({ storage: memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 1, fieldSize: 1024 * 1024 } }).single(FILE_FIELD);

/** Whether a request's body is multipart (a form with a file). */
export function isMultipart(req: Request): boolean {
  return String(req.headers['content-type'] ?? '').startsWith('multipart/form-data');
}

/**
 * Reads a multipart `POST /api/v1/tasks/{id}/submit` (ADR 0035): the `input` part, JSON text, becomes the body the
 * route reads and the input guard checks, as if it had been sent as JSON; the `attachment` part is the file. Like the
 * pages' reader, a file over the limit, a broken body or an input that is not a JSON object is noted on the request
 * for the route to answer 422 at the field, never an error page. Other requests pass untouched.
 */
export function readMultipartSubmission(req: MultipartRequest, res: Response, next: NextFunction): void {
  if (!isMultipart(req)) return next();
  submissionReader(req, res, (error?: unknown) => {
    if (error) {
      req.uploadError = uploadErrorOf(error);
      delete req.file;
      req.body = {};
      return next();
    }
    const text: unknown = (req.body as Record<string, unknown> | undefined)?.[INPUT_FIELD];
    req.body = {};
    if (typeof text !== 'string') req.inputError = 'missing';
    else {
      try {
        const input: unknown = JSON.parse(text);
        if (input === null || typeof input !== 'object' || Array.isArray(input)) req.inputError = 'json';
        else req.body = input;
      } catch {
        req.inputError = 'json';
      }
    }
    next();
  });
}

/** What a reader's error means for the form: a file over the limit, or a body that could not be read. */
function uploadErrorOf(error: unknown): NonNullable<MultipartRequest['uploadError']> {
  return (error as { code?: string }).code === 'LIMIT_FILE_SIZE' ? 'too-large' : 'unreadable';
}
