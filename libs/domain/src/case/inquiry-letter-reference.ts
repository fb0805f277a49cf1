/**
 * The reference printed on a proxy's inquiry letter (照会書兼回答書), by which the counter finds the case on
 * the second visit. Derived from the case id (random, never personal): 12 hex digits in three groups, easy
 * to read out or type from the paper. Two open cases sharing one would need 2^24 letters to be likely.
 */
export function inquiryLetterReference(caseId: string): string {
  const digits = caseId
    .replace(/[^0-9a-fA-F]/g, '')
    .toUpperCase()
    .slice(0, 12);
  return [digits.slice(0, 4), digits.slice(4, 8), digits.slice(8, 12)].join('-');
}

/** `ABCD-1234-EF56` written any way a clerk types it (lower case, spaces, no hyphens) → the printed form. */
export function normalizeInquiryLetterReference(input: string): string | undefined {
  const digits = input.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{12}$/.test(digits)) return undefined;
  return [digits.slice(0, 4), digits.slice(4, 8), digits.slice(8, 12)].join('-');
}
