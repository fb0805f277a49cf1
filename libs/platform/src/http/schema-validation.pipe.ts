import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { StandardSchemaV1 } from '@standard-schema/spec';

export interface FieldProblem {
  field: string;
  message: string;
}

const MAX_PROBLEMS = 10;
const MAX_MESSAGE_LENGTH = 200;

/**
 * Validates a route argument against the Standard Schema (zod) attached with `@Body({ schema })`,
 * `@Query({ schema })` or `@Param('name', { schema })`. A failure is a 400 whose message names each
 * field; messages come from the schema, never echo the value sent, and are capped in number and length
 * so that an oversized input cannot make an oversized answer.
 */
@Injectable()
export class SchemaValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const schema = (metadata as { schema?: StandardSchemaV1 }).schema;
    if (!schema || metadata.type === 'custom') return value;
    const result = await schema['~standard'].validate(value);
    if (result.issues) {
      const where = typeof metadata.data === 'string' ? metadata.data : metadata.type;
      throw invalidInput(result.issues.map((issue) => problemOf(issue, where)));
    }
    return result.value;
  }
}

/** Validates a value outside the parameter decorators (a header), naming it as `field`. */
export function parseField<Output>(
  schema: StandardSchemaV1<unknown, Output>,
  value: unknown,
  field: string,
): Output {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new Error('asynchronous schemas are not supported here');
  if (result.issues) throw invalidInput(result.issues.map((issue) => problemOf(issue, field)));
  return result.value;
}

export function invalidInput(problems: readonly FieldProblem[]): BadRequestException {
  const shown = problems.slice(0, MAX_PROBLEMS);
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: shown.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
    fields: shown,
  });
}

function problemOf(issue: StandardSchemaV1.Issue, where: string): FieldProblem {
  const path = (issue.path ?? []).map((segment) =>
    String(typeof segment === 'object' ? segment.key : segment).slice(0, 64),
  );
  // Body and query fields are named by their path alone; a path parameter or header by its own name.
  const field = where === 'body' || where === 'query' ? path.join('.') || where : [where, ...path].join('.');
  return { field, message: issue.message.slice(0, MAX_MESSAGE_LENGTH) };
}
