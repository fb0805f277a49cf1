/**
 * The four PINs of a My Number card and the format J-LIS accepts for each (domain.md §1).
 * No pattern (1111, 1234, birthdays) is banned: J-LIS allows them, so we may warn but never reject.
 */
export type PinKind = 'user-certificate' | 'signing-certificate' | 'resident-registry' | 'card-info-input';

export const PIN_KINDS: readonly PinKind[] = [
  'user-certificate',
  'signing-certificate',
  'resident-registry',
  'card-info-input',
];

/** The three 4-digit PINs, set together in one batch by default. */
export const FOUR_DIGIT_PIN_KINDS: readonly PinKind[] = [
  'user-certificate',
  'resident-registry',
  'card-info-input',
];

/** Consecutive wrong entries after which the card locks that PIN (each PIN has its own counter). */
export const PIN_RETRY_LIMITS: Readonly<Record<PinKind, number>> = Object.freeze({
  'user-certificate': 3,
  'signing-certificate': 5,
  'resident-registry': 3,
  'card-info-input': 3,
});

export const PIN_NAMES: Readonly<Record<PinKind, { ja: string; en: string }>> = Object.freeze({
  'user-certificate': { ja: '利用者証明用電子証明書暗証番号', en: 'User certificate PIN' },
  'signing-certificate': { ja: '署名用電子証明書暗証番号', en: 'Signing certificate PIN' },
  'resident-registry': { ja: '住民基本台帳用暗証番号', en: 'Resident registry PIN' },
  'card-info-input': { ja: '券面事項入力補助用暗証番号', en: 'Card info input support PIN' },
});

export type PinRefusal = 'length' | 'characters' | 'letter-and-digit';
export type PinCheck = { ok: true; pin: string } | { ok: false; reason: PinRefusal };

const FOUR_DIGITS = /^[0-9]*$/;
const SIGNING_CHARACTERS = /^[A-Z0-9]*$/;

export function isPinKind(value: unknown): value is PinKind {
  return PIN_KINDS.includes(value as PinKind);
}

/**
 * Checks a PIN as typed and returns it normalised. Only ASCII is accepted: full-width `１２３４` or `ＡＢＣ`
 * is refused rather than converted, because the card compares bytes and would count a mismatch as a try.
 * The refusal never echoes the input.
 */
export function checkPin(kind: PinKind, input: string): PinCheck {
  if (typeof input !== 'string') return { ok: false, reason: 'characters' };
  if (kind === 'signing-certificate') return checkSigningPin(input);
  if (!FOUR_DIGITS.test(input)) return { ok: false, reason: 'characters' };
  if (input.length !== 4) return { ok: false, reason: 'length' };
  return { ok: true, pin: input };
}

function checkSigningPin(input: string): PinCheck {
  // J-LIS rule: lower-case a-z typed by the resident is taken as upper case. Only ASCII letters are
  // mapped, so `ß` or `ı` cannot sneak in through Unicode case folding.
  const pin = input.replace(/[a-z]/g, (letter) => letter.toUpperCase());
  if (!SIGNING_CHARACTERS.test(pin)) return { ok: false, reason: 'characters' };
  if (pin.length < 6 || pin.length > 16) return { ok: false, reason: 'length' };
  if (!/[A-Z]/.test(pin) || !/[0-9]/.test(pin)) return { ok: false, reason: 'letter-and-digit' };
  return { ok: true, pin };
}

/** Patterns J-LIS allows but a clerk may want to point out to the resident (never a refusal). */
export function weakPinWarning(kind: PinKind, pin: string): 'repeated-digit' | 'sequence' | undefined {
  if (kind === 'signing-certificate') return undefined;
  if (/^(\d)\1{3}$/.test(pin)) return 'repeated-digit';
  if ('0123456789'.includes(pin) || '9876543210'.includes(pin)) return 'sequence';
  return undefined;
}
