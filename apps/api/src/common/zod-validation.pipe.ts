import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { ValidationError } from './errors';
import { parseWithIssues } from './zod-issues';

function isZodSchema(schema: unknown): schema is z.ZodType {
  return schema instanceof z.ZodType;
}

/**
 * Validates a handler argument with a zod schema and answers 422 with field issues (Vietnamese) when it fails.
 *
 * Registered globally, it validates every argument declared with a schema, the NestJS 12 way:
 * `@Body({ schema: createOrgSchema }) body: CreateOrgInput` (Swagger reads the same schema for the docs).
 * It can also be used alone: `@Query(new ZodValidationPipe(listSchema))`.
 */
export class ZodValidationPipe implements PipeTransform {
  constructor(private readonly schema?: z.ZodType) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const schema = this.schema ?? metadata.schema;
    if (!isZodSchema(schema)) return value;
    if (value === undefined && metadata.type === 'body') {
      // Express 5 leaves req.body undefined when no parser matched the Content-Type.
      throw new ValidationError(
        [{ path: '', rule: 'required', message: 'Thiếu nội dung yêu cầu: hãy gửi JSON với Content-Type: application/json' }],
        'Thiếu nội dung yêu cầu: hãy gửi JSON với Content-Type: application/json',
      );
    }
    const result = parseWithIssues(schema, value);
    if (!result.success) throw new ValidationError(result.issues);
    return result.data;
  }
}
