import { assessRepresentationProof, monthsBefore } from './proof-of-representation';

// domain.md §2: proof of representation is 戸籍謄本 for a child under 15, 成年後見登記事項証明書 for a
// ward; not needed when the city can confirm the relationship itself (本籍 in the city, same household).
const child = { registeredResident: true, under15: true, adultWard: false };
const ward = { registeredResident: true, under15: false, adultWard: true };
const asOf = '2026-12-01';

describe('assessRepresentationProof', () => {
  it('takes the family register for a child under 15, and only the original', () => {
    const register = { document: 'family-register-certificate' as const, original: true };
    expect(assessRepresentationProof(register, { holder: child, asOf })).toEqual({ sufficient: true });
    expect(assessRepresentationProof({ ...register, original: false }, { holder: child, asOf })).toEqual({
      sufficient: false,
      reason: 'copy',
    });
  });

  it('takes the guardianship certificate for an adult ward, and refuses the other certificate', () => {
    const guardianship = { document: 'guardianship-registration-certificate' as const, original: true };
    expect(assessRepresentationProof(guardianship, { holder: ward, asOf })).toEqual({ sufficient: true });
    expect(assessRepresentationProof(guardianship, { holder: child, asOf })).toEqual({
      sufficient: false,
      reason: 'wrong-certificate',
      expected: 'family-register-certificate',
    });
  });

  it.each(['registered-domicile-in-city', 'same-household'] as const)(
    'needs no certificate when the city confirms it itself: %s',
    (exemption) => {
      expect(assessRepresentationProof({ exemption }, { holder: ward, asOf })).toEqual({ sufficient: true });
    },
  );

  it('refuses an exemption or a certificate that is not one of the codes', () => {
    const unknown = { exemption: 'neighbour-says-so' } as never;
    expect(assessRepresentationProof(unknown, { holder: child, asOf })).toMatchObject({ sufficient: false });
    const forged = { document: 'birth-certificate', original: true } as never;
    expect(assessRepresentationProof(forged, { holder: child, asOf })).toMatchObject({
      reason: 'unknown-proof',
    });
  });

  it('applies the office’s "issued within N months" setting, counted back from the visit', () => {
    const register = (issuedOn?: string) => ({
      document: 'family-register-certificate' as const,
      original: true,
      ...(issuedOn ? { issuedOn } : {}),
    });
    const within3 = { holder: child, asOf, issuedWithinMonths: 3 };
    expect(assessRepresentationProof(register('2026-09-01'), within3)).toEqual({ sufficient: true });
    expect(assessRepresentationProof(register('2026-08-31'), within3)).toMatchObject({
      reason: 'issued-too-long-ago',
    });
    expect(assessRepresentationProof(register(), within3)).toMatchObject({ reason: 'missing-issue-date' });
    expect(assessRepresentationProof(register('2026-12-02'), within3)).toMatchObject({
      reason: 'issued-in-the-future',
    });
  });

  it('counts months back to the same day, or the month’s last day', () => {
    expect(monthsBefore('2026-05-31', 3)).toBe('2026-02-28');
    expect(monthsBefore('2028-05-31', 3)).toBe('2028-02-29');
    expect(monthsBefore('2027-01-15', 1)).toBe('2026-12-15');
    expect(monthsBefore('2026-12-01', 12)).toBe('2025-12-01');
  });
});
