import fc from 'fast-check';
import {
  checkPin,
  FOUR_DIGIT_PIN_KINDS,
  PIN_KINDS,
  PIN_RETRY_LIMITS,
  weakPinWarning,
} from '@madoguchi/domain';

describe('PIN policy (domain.md §1)', () => {
  it('locks the 4-digit PINs after 3 wrong entries and the signing PIN after 5', () => {
    expect(PIN_RETRY_LIMITS).toEqual({
      'user-certificate': 3,
      'signing-certificate': 5,
      'resident-registry': 3,
      'card-info-input': 3,
    });
    expect(Object.isFrozen(PIN_RETRY_LIMITS)).toBe(true);
    expect(PIN_KINDS).toHaveLength(4);
  });

  describe.each(FOUR_DIGIT_PIN_KINDS)('%s: exactly 4 ASCII digits', (kind) => {
    it.each(['0000', '1234', '9999', '0042'])('accepts %s unchanged', (pin) => {
      expect(checkPin(kind, pin)).toEqual({ ok: true, pin });
    });
    it.each(['', '123', '12345', '00000000'])('refuses %j for its length', (pin) => {
      expect(checkPin(kind, pin)).toEqual({ ok: false, reason: 'length' });
    });
    it.each(['１２３４', '12a4', '12 4', ' 1234', '123-', 'abcd', '١٢٣٤', '12.4'])(
      'refuses %j for its characters (full-width, letters, spaces, symbols, other scripts)',
      (pin) => {
        expect(checkPin(kind, pin)).toEqual({ ok: false, reason: 'characters' });
      },
    );
    it('accepts every 4-digit string and nothing else made of digits', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[0-9]{0,8}$/), (pin) => {
          expect(checkPin(kind, pin).ok).toBe(pin.length === 4);
        }),
      );
    });
    it('refuses any string holding a character other than 0-9', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).filter((s) => /[^0-9]/.test(s)),
          (pin) => {
            expect(checkPin(kind, pin)).toEqual({ ok: false, reason: 'characters' });
          },
        ),
      );
    });
  });

  describe('signing-certificate: 6–16 of A-Z0-9 with a letter and a digit', () => {
    const kind = 'signing-certificate' as const;
    it.each([
      ['ABC123', 'ABC123'],
      ['abc123', 'ABC123'],
      ['aBc1234567890XyZ', 'ABC1234567890XYZ'],
      ['1a2b3c', '1A2B3C'],
    ])('accepts %s as %s (lower case turned to upper case)', (input, pin) => {
      expect(checkPin(kind, input)).toEqual({ ok: true, pin });
    });
    it.each(['AB123', 'A1', '', 'ABCDEFGH12345678X'])('refuses %j for its length', (input) => {
      expect(checkPin(kind, input)).toEqual({ ok: false, reason: 'length' });
    });
    it.each(['ABCDEF', '123456', 'abcdefgh', '1234567890123456'])(
      'refuses %j that lacks a letter or a digit',
      (input) => {
        expect(checkPin(kind, input)).toEqual({ ok: false, reason: 'letter-and-digit' });
      },
    );
    it.each(['ＡＢＣ１２３', 'ABC 123', 'ABC-123', 'ABC_123', 'straße1', 'ABCı23', 'ÀBC123'])(
      'refuses %j for its characters',
      (input) => {
        expect(checkPin(kind, input)).toEqual({ ok: false, reason: 'characters' });
      },
    );
    it('normalises to upper case and accepts exactly the valid shapes', () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[A-Za-z0-9]{0,20}$/), (input) => {
          const upper = input.toUpperCase();
          const valid = upper.length >= 6 && upper.length <= 16 && /[A-Z]/.test(upper) && /[0-9]/.test(upper);
          const result = checkPin(kind, input);
          expect(result.ok).toBe(valid);
          if (result.ok) expect(result.pin).toBe(upper);
        }),
      );
    });
  });

  it('refuses a non-string from an untyped caller without throwing', () => {
    expect(checkPin('user-certificate', 1234 as unknown as string)).toEqual({
      ok: false,
      reason: 'characters',
    });
  });

  it('warns about but never refuses patterns J-LIS allows', () => {
    expect(checkPin('user-certificate', '1111').ok).toBe(true);
    expect(weakPinWarning('user-certificate', '1111')).toBe('repeated-digit');
    expect(weakPinWarning('card-info-input', '1234')).toBe('sequence');
    expect(weakPinWarning('resident-registry', '4821')).toBeUndefined();
  });
});
