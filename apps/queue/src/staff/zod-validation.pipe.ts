import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/**
 * Validates a body or parameter with a zod schema: 400 naming every bad field (`role: ...`), never
 * echoing a value (it may be a password).
 */
export class ZodValidationPipe<Schema extends z.ZodType> implements PipeTransform<unknown, z.output<Schema>> {
  constructor(
    private readonly schema: Schema,
    /** The name of a single parameter (`id`); bodies name their fields themselves. */
    private readonly name?: string,
  ) {}

  transform(value: unknown): z.output<Schema> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((issue) => {
      const field = [this.name, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
      return { field, message: issue.message };
    });
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: issues.map(({ field, message }) => `${field}: ${message}`).join('; '),
      issues,
    });
  }
}
