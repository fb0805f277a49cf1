import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  NotFoundException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

export type AuditQueryErrorCode = 'entry-not-found' | 'no-checkpoint-yet' | 'beyond-checkpoint';

/** What a request to the log can ask for that is not there. Anything else is a 500. */
export class AuditQueryError extends Error {
  override readonly name = 'AuditQueryError';
  constructor(
    readonly code: AuditQueryErrorCode,
    message: string,
    /** The request field at fault, named in the answer. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** 404 for what does not exist (yet), 400 naming the field for a size beyond the log's checkpoints. */
@Catch(AuditQueryError)
export class AuditQueryErrorFilter extends BaseExceptionFilter implements ExceptionFilter<AuditQueryError> {
  override catch(error: AuditQueryError, host: ArgumentsHost): void {
    const body = { message: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) };
    switch (error.code) {
      case 'entry-not-found':
      case 'no-checkpoint-yet':
        return super.catch(new NotFoundException({ statusCode: 404, error: 'Not Found', ...body }), host);
      case 'beyond-checkpoint':
        return super.catch(new BadRequestException({ statusCode: 400, error: 'Bad Request', ...body }), host);
    }
  }
}
