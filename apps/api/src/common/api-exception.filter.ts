import { isUniqueViolation } from '@chibo/db';
import type { ChiboConfig } from '@chibo/config';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectConfig } from './config.token';
import { DomainError, type FieldIssue } from './errors';

/** The body of every error response. */
export interface ApiErrorBody {
  statusCode: number;
  /** Machine-readable code, e.g. `not-found`, `validation-failed`, `invalid-json`. */
  error: string;
  /** Vietnamese, for the person using the app. */
  message: string;
  issues?: FieldIssue[];
  [detail: string]: unknown;
}

const GENERIC: Record<number, { error: string; message: string }> = {
  400: { error: 'bad-request', message: 'Yêu cầu không hợp lệ' },
  401: { error: 'unauthorized', message: 'Bạn cần đăng nhập để tiếp tục' },
  403: { error: 'forbidden', message: 'Bạn không có quyền thực hiện thao tác này' },
  404: { error: 'not-found', message: 'Không tìm thấy' },
  405: { error: 'method-not-allowed', message: 'Phương thức không được hỗ trợ' },
  406: { error: 'not-acceptable', message: 'Không thể trả về định dạng được yêu cầu' },
  408: { error: 'request-timeout', message: 'Yêu cầu quá thời gian chờ' },
  409: { error: 'conflict', message: 'Dữ liệu xung đột với dữ liệu hiện có' },
  413: { error: 'payload-too-large', message: 'Nội dung gửi lên quá lớn' },
  415: { error: 'unsupported-media-type', message: 'Kiểu nội dung (Content-Type) không được hỗ trợ' },
  422: { error: 'validation-failed', message: 'Dữ liệu không hợp lệ' },
  429: { error: 'too-many-requests', message: 'Quá nhiều yêu cầu; vui lòng thử lại sau' },
};

const INTERNAL = { error: 'internal-error', message: 'Đã xảy ra lỗi máy chủ; vui lòng thử lại sau' };

/**
 * Postgres error codes for text it cannot store or compare: a NUL byte in a text value (22021, "invalid byte sequence
 * for encoding UTF8: 0x00") or in JSON (22P05). Only a request can carry one, e.g. `%00` in a path or query parameter.
 */
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

/** True when a database error (or one it wraps) says the request's text cannot be stored. */
function isUnstorableText(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, driverError, cause } = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && UNSTORABLE_TEXT_CODES.has(code)) return true;
    current = driverError ?? cause;
  }
  return false;
}

/** What body-parser and Express attach to the errors they raise (http-errors). */
interface HttpErrorLike {
  type?: unknown;
  status?: unknown;
  message?: unknown;
}

/**
 * Turns every error into `{ statusCode, error, message, issues? }`. Domain errors carry their own status; errors from
 * Express and body-parser (malformed JSON, body too large) arrive as Nest HttpExceptions whose `cause` is the
 * original error; a unique-constraint violation that escaped a service is still a 409, and text Postgres cannot
 * store (NUL) a 400. Anything else is a 500 with a
 * generic message, logged with its stack — bad input must never end up there.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  constructor(@InjectConfig() private readonly config: ChiboConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    const body = this.toBody(exception, request);
    // A domain 5xx (503: Chromium is not installed) is an expected state with its own message, not a crash.
    if (body.statusCode >= 500 && !(exception instanceof DomainError)) {
      this.logger.error(`${request.method} ${request.originalUrl} failed`, exception instanceof Error ? exception.stack : String(exception));
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    if (body.statusCode === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (body.statusCode === 429 && typeof body['retryAfter'] === 'number') response.setHeader('Retry-After', String(body['retryAfter']));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ApiErrorBody {
    if (exception instanceof DomainError) {
      const issues = 'issues' in exception ? (exception.issues as FieldIssue[]) : undefined;
      return {
        statusCode: exception.statusCode,
        error: exception.code,
        message: exception.message,
        ...(issues ? { issues: [...issues] } : {}),
        ...exception.details,
      };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception, request);
    if (isUniqueViolation(exception)) {
      return { statusCode: 409, error: 'conflict', message: 'Dữ liệu bị trùng với dữ liệu đã có' };
    }
    if (isUnstorableText(exception)) {
      return { statusCode: 400, error: 'invalid-characters', message: 'Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL); hãy bỏ ký tự đó rồi thử lại' };
    }
    return { statusCode: 500, ...INTERNAL };
  }

  private fromHttpException(exception: HttpException, request: Request): ApiErrorBody {
    const status = exception.getStatus();
    const cause = exception.cause as HttpErrorLike | undefined;
    const parserError = typeof cause?.type === 'string' ? cause.type : undefined;

    switch (parserError) {
      case 'entity.parse.failed':
        return {
          statusCode: 400,
          error: 'invalid-json',
          message: `Nội dung JSON không hợp lệ: ${String(cause?.message ?? '')}`.trim(),
        };
      case 'entity.too.large':
      case 'parameters.too.many':
        return {
          statusCode: 413,
          error: 'payload-too-large',
          message: `Nội dung gửi lên quá lớn: tối đa ${this.config.bodyLimit}`,
        };
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return { statusCode: 415, error: 'unsupported-encoding', message: 'Bảng mã của nội dung không được hỗ trợ; hãy dùng UTF-8' };
      default:
        break;
    }
    if (cause instanceof URIError) {
      return { statusCode: 400, error: 'bad-url', message: 'Đường dẫn có ký tự mã hóa không hợp lệ' };
    }
    // Nest's own answer when no route matches: "Cannot GET /path".
    if (status === 404 && /^Cannot [A-Z]+ /.test(exception.message)) {
      return {
        statusCode: 404,
        error: 'route-not-found',
        message: `Không tìm thấy đường dẫn ${request.method} ${request.originalUrl.split('?')[0] ?? ''}`,
      };
    }
    if (status >= 500) return { statusCode: status, ...INTERNAL };
    const generic = GENERIC[status] ?? { error: 'http-error', message: 'Yêu cầu không được chấp nhận' };
    return { statusCode: status, ...generic };
  }
}
