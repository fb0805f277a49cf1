import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';

const MAX_PROBLEMS = 10;
const MAX_MESSAGE_LENGTH = 200;

/**
 * Validates a route argument against the zod schema given as `@Param('name', { schema })` or
 * `@Query({ schema })`: a 400 whose message names each field, never echoing what was sent.
 * (The queue has the same pipe; it belongs in libs/platform once both agree on it.)
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = (metadata as { schema?: StandardSchemaV1 }).schema;
    if (!schema || metadata.type === 'custom') return value;
    const result = await schema['~standard'].validate(value);
    if (!result.issues) return result.value;
    const where = typeof metadata.data === 'string' ? metadata.data : undefined;
    const problems = result.issues.slice(0, MAX_PROBLEMS).map((issue) => {
      const path = (issue.path ?? []).map((segment) =>
        String(typeof segment === 'object' ? segment.key : segment),
      );
      const field = [where, ...path].filter(Boolean).join('.') || metadata.type;
      return { field, message: issue.message.slice(0, MAX_MESSAGE_LENGTH) };
    });
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
      fields: problems,
    });
  }
}
