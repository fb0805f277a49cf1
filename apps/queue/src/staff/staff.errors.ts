import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

/** The refusals of staff and device management, each with its HTTP answer. */
export type StaffErrorCode =
  'invalid-credentials' | 'too-many-attempts' | 'login-taken' | 'device-not-found' | 'supervisor-exists';

export class StaffError extends Error {
  override readonly name = 'StaffError';
  constructor(
    readonly code: StaffErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const STATUS: Record<StaffErrorCode, HttpStatus> = {
  'invalid-credentials': HttpStatus.UNAUTHORIZED,
  'too-many-attempts': HttpStatus.TOO_MANY_REQUESTS,
  'login-taken': HttpStatus.CONFLICT,
  'device-not-found': HttpStatus.NOT_FOUND,
  'supervisor-exists': HttpStatus.CONFLICT,
};

@Catch(StaffError)
export class StaffErrorFilter implements ExceptionFilter<StaffError> {
  catch(error: StaffError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    response
      .status(STATUS[error.code])
      .json({ statusCode: STATUS[error.code], code: error.code, message: error.message });
  }
}
