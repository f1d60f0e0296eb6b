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
  if (!String(req.headers['content-type'] ?? '').startsWith('multipart/form-data')) return next();
  reader(req, res, (error?: unknown) => {
    if (error) {
      req.uploadError = (error as { code?: string }).code === 'LIMIT_FILE_SIZE' ? 'too-large' : 'unreadable';
      req.body ??= {};
      delete req.file;
    }
    next();
  });
}
