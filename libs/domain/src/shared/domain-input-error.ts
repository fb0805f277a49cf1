/**
 * Thrown only at the edge of a domain function whose public result type has no place for a refusal
 * (e.g. `openingHours('2025-02-30')`). Functions that can refuse return a typed refusal instead.
 * The message names the field, never the value, so a mistyped PIN can never leak through it.
 */
export type DomainInputErrorCode =
  'invalid-date' | 'invalid-instant' | 'invalid-time' | 'invalid-office-configuration';

export class DomainInputError extends Error {
  override readonly name = 'DomainInputError';

  constructor(
    readonly code: DomainInputErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
