import { CompositionError } from '@chibo/procedure';
import { ConcurrencyError, DrainTimeoutError, DuplicateError, NotFoundError as EngineNotFound, RejectedError } from '@chibo/runtime-embedded';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError, ValidationError } from '../common/errors';

/**
 * Maps the engine's errors to the API's: a refused submission is 422 with its field issues (403 when the user is not
 * the assignee; 409 when the task is no longer open or the procedure has ended); a lost race is 409; unknown ids 404.
 */
export function toDomainError(error: unknown): unknown {
  if (error instanceof RejectedError) {
    const { code, issues, message } = error.rejection;
    if (code === 'not-assignee') return new ForbiddenError(message, code);
    if (code === 'task-not-open' || code === 'instance-closed') return new ConflictError(message, code, { issues });
    return new ValidationError(issues, message, undefined, code);
  }
  if (error instanceof ConcurrencyError) return new ConflictError(error.message, 'concurrent-update');
  if (error instanceof DuplicateError) return withWording(new ConflictError(error.message, 'duplicate'), error.wording);
  if (error instanceof CompositionError) return new ValidationError(error.issues, error.message, undefined, 'invalid-procedure');
  if (error instanceof EngineNotFound) return withWording(new NotFoundError(error.message), error.wording);
  if (error instanceof DrainTimeoutError) return new ServiceUnavailableError(error.message, error.code);
  return error;
}

function withWording<E extends ConflictError | NotFoundError>(error: E, wording: { rule: string; params: Readonly<Record<string, string | number>> } | undefined): E {
  if (wording) error.worded(wording.rule, wording.params);
  return error;
}

@Injectable()
export class EngineErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        throw toDomainError(error);
      }),
    );
  }
}
