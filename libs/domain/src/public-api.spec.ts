/**
 * domain.md §5 is a contract: tests outside this repository import these names from the package root.
 * This spec pins each name and its meaning, so a rename or a changed answer fails here first.
 */
import * as domain from '@madoguchi/domain';
import {
  assessIdentity,
  checkPin,
  isOpenAt,
  nextOpening,
  openingHours,
  PIN_RETRY_LIMITS,
  type ClosedReason,
  type DocumentCode,
  type OfficeCalendar,
  type PinKind,
  type PresentedDocument,
} from '@madoguchi/domain';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof domain.DomainInputError ? error.code : 'not a DomainInputError';
  }
  return undefined;
}

describe('public API of libs/domain (domain.md §5)', () => {
  it('exports the five functions and the retry limits from the package root', () => {
    for (const name of ['checkPin', 'openingHours', 'isOpenAt', 'nextOpening', 'assessIdentity'] as const) {
      expect(typeof domain[name]).toBe('function');
    }
    const limits: Readonly<Record<PinKind, number>> = PIN_RETRY_LIMITS;
    expect(limits).toEqual({
      'user-certificate': 3,
      'signing-certificate': 5,
      'resident-registry': 3,
      'card-info-input': 3,
    });
  });

  it('checkPin normalises or refuses with one of the three reasons', () => {
    expect(checkPin('signing-certificate', 'abc123')).toEqual({ ok: true, pin: 'ABC123' });
    expect(checkPin('user-certificate', '１２３４')).toEqual({ ok: false, reason: 'characters' });
    expect(checkPin('card-info-input', '123')).toEqual({ ok: false, reason: 'length' });
    expect(checkPin('signing-certificate', 'ABCDEF')).toEqual({ ok: false, reason: 'letter-and-digit' });
  });

  it('openingHours, isOpenAt and nextOpening answer in Asia/Tokyo with the Atsugi calendar by default', () => {
    expect(openingHours('2026-12-01')).toEqual({ open: true, opens: '08:30', closes: '17:15' });
    expect(openingHours('2026-12-05')).toEqual({ open: true, opens: '08:30', closes: '12:00' });
    const sunday = openingHours('2026-12-06');
    const reason: ClosedReason | undefined = sunday.open ? undefined : sunday.reason;
    expect(reason).toBe('sunday');
    expect(openingHours('2026-11-23')).toEqual({
      open: false,
      reason: 'national-holiday',
      holidayName: '勤労感謝の日',
    });
    expect(openingHours('2026-12-30')).toMatchObject({ open: false, reason: 'year-end-holidays' });
    expect(isOpenAt(new Date('2026-12-01T08:30:00+09:00'))).toBe(true);
    expect(isOpenAt(new Date('2026-12-01T17:15:00+09:00'))).toBe(false);
    const open = new Date('2026-12-01T10:00:00+09:00');
    expect(nextOpening(open)).toEqual(open);
    expect(nextOpening(new Date('2026-12-28T18:00:00+09:00'))).toEqual(new Date('2027-01-04T08:30:00+09:00'));
  });

  it('takes an office calendar as the optional last argument', () => {
    const office: OfficeCalendar = {
      ...domain.ATSUGI_CALENDAR,
      closedDays: [{ date: '2026-12-01', reason: 'J-LIS maintenance' }],
    };
    expect(openingHours('2026-12-01', office)).toEqual({ open: false, reason: 'office-closure' });
    expect(isOpenAt(new Date('2026-12-01T10:00:00+09:00'), office)).toBe(false);
    expect(nextOpening(new Date('2026-12-01T10:00:00+09:00'), office)).toEqual(
      new Date('2026-12-02T08:30:00+09:00'),
    );
  });

  it('assessIdentity counts A and B documents and says why it rejects the others', () => {
    const passport: PresentedDocument = { code: 'passport', original: true, expiresOn: '2030-01-01' };
    const copy: PresentedDocument = { code: 'health-insurance-card', original: false };
    const code: DocumentCode = 'pension-certificate';
    const result = assessIdentity([passport, copy, { code, original: true }], { asOf: '2026-12-01' });
    expect(result.sufficient).toBe(true);
    expect(result.counted).toEqual([
      { code: 'passport', category: 'A' },
      { code: 'pension-certificate', category: 'B' },
    ]);
    expect(result.rejected).toEqual([{ code: 'health-insurance-card', reason: 'copy' }]);
    expect(
      assessIdentity([{ code: 'health-insurance-card', original: true }], {
        asOf: '2026-12-01',
        rule: 'A1_OR_B2',
      }).sufficient,
    ).toBe(false);
    expect(
      assessIdentity([passport, { code: 'pension-certificate', original: true }], {
        asOf: '2026-12-01',
        rule: 'A2_OR_A1B1',
      }).sufficient,
    ).toBe(true);
  });

  it('refuses bad input with a clear typed error at the edge, never deep inside', () => {
    expect(() => openingHours('2025-02-30')).toThrow(domain.DomainInputError);
    expect(codeOf(() => isOpenAt(new Date('nonsense')))).toBe('invalid-instant');
    expect(codeOf(() => assessIdentity([], { asOf: '2026/12/01' }))).toBe('invalid-date');
    const unknown = assessIdentity([{ code: 'library-card' as DocumentCode, original: true }], {
      asOf: '2026-12-01',
    });
    expect(unknown.sufficient).toBe(false);
    expect(unknown.rejected).toEqual([{ code: null, reason: 'unknown-document' }]);
  });
});
