import { HttpException, HttpStatus } from '@nestjs/common';
import type { CardGatewayError, CaseRefusal } from '@madoguchi/domain';

/** What the request itself asks wrongly (422), as opposed to what the case's state forbids now (409). */
const UNPROCESSABLE: ReadonlySet<CaseRefusal['code']> = new Set([
  'invalid-command',
  'not-eligible',
  'no-identity-check-needed',
  'not-a-proxy-case',
  'wrong-procedure',
  'pin-not-present',
  'no-representation-proof-needed',
]);

/** A refusal of the Case aggregate, with the rule that refused (its code and data). */
export class CaseRefusalException extends HttpException {
  /** `extra`: what the clerk's screen needs besides the rule, e.g. the case as it now stands. */
  constructor(
    readonly refusal: CaseRefusal,
    extra: Record<string, unknown> = {},
  ) {
    const status = UNPROCESSABLE.has(refusal.code) ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.CONFLICT;
    super(
      { statusCode: status, message: `the case refuses this: ${refusal.code}`, refusal, ...extra },
      status,
    );
  }
}

/** What the card said, for the clerk: 400 for a PIN of the wrong format, 409 for everything the card refused. */
export class CardRefusalException extends HttpException {
  constructor(
    readonly error: CardGatewayError,
    extra: Record<string, unknown> = {},
  ) {
    const status =
      error.code === 'malformed-pin' || error.code === 'invalid-request'
        ? HttpStatus.BAD_REQUEST
        : error.code === 'no-reader' || error.code === 'unknown-reader'
          ? HttpStatus.SERVICE_UNAVAILABLE
          : HttpStatus.CONFLICT;
    super({ statusCode: status, message: error.message, card: error, ...extra }, status);
  }
}
