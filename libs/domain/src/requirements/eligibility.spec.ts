import fc from 'fast-check';
import {
  assessEligibility,
  PROCEDURES,
  type ApplicantType,
  type EligibilityInput,
  type IneligibilityReason,
} from '@madoguchi/domain';

type Row = [ApplicantType, boolean, boolean, boolean, IneligibilityReason[]];

// [applicant, registeredResident, under15, adultWard, reasons (empty = eligible)]
const TRUTH_TABLE: Row[] = [
  ['self', true, false, false, []],
  ['self', true, true, false, []],
  ['self', true, false, true, []],
  ['self', true, true, true, []],
  ['self', false, false, false, ['not-a-resident']],
  ['self', false, true, false, ['not-a-resident']],
  ['self', false, false, true, ['not-a-resident']],
  ['self', false, true, true, ['not-a-resident']],
  ['legal-representative', true, false, false, ['legal-representative-needs-minor-or-ward']],
  ['legal-representative', true, true, false, []],
  ['legal-representative', true, false, true, []],
  ['legal-representative', true, true, true, []],
  [
    'legal-representative',
    false,
    false,
    false,
    ['not-a-resident', 'legal-representative-needs-minor-or-ward'],
  ],
  ['legal-representative', false, true, false, ['not-a-resident']],
  ['legal-representative', false, false, true, ['not-a-resident']],
  ['legal-representative', false, true, true, ['not-a-resident']],
  ['proxy', true, false, false, []],
  ['proxy', true, true, false, []],
  ['proxy', true, false, true, []],
  ['proxy', true, true, true, []],
  ['proxy', false, false, false, ['not-a-resident']],
  ['proxy', false, true, false, ['not-a-resident']],
  ['proxy', false, false, true, ['not-a-resident']],
  ['proxy', false, true, true, ['not-a-resident']],
];

function garbage(value: unknown): EligibilityInput {
  return value as EligibilityInput;
}

describe.each(PROCEDURES)('who may apply for %s (domain.md §2)', (procedure) => {
  it.each(TRUTH_TABLE)(
    '%s, resident %p, under 15 %p, adult ward %p → %j',
    (applicant, registeredResident, under15, adultWard, reasons) => {
      const result = assessEligibility({
        procedure,
        applicant,
        holder: { registeredResident, under15, adultWard },
      });
      expect(result).toEqual(reasons.length === 0 ? { eligible: true } : { eligible: false, reasons });
    },
  );
});

describe('assessEligibility with input from outside the type system', () => {
  const resident = { registeredResident: true, under15: false, adultWard: false };

  it('refuses an unknown procedure or applicant with a reason', () => {
    expect(
      assessEligibility(garbage({ procedure: 'pin-renew', applicant: 'self', holder: resident })),
    ).toEqual({
      eligible: false,
      reasons: ['unknown-procedure'],
    });
    expect(
      assessEligibility(garbage({ procedure: 'pin-reset', applicant: 'friend', holder: resident })),
    ).toEqual({
      eligible: false,
      reasons: ['unknown-applicant'],
    });
  });

  it('takes a register answer that is not exactly true as no', () => {
    expect(
      assessEligibility(
        garbage({
          procedure: 'pin-reset',
          applicant: 'legal-representative',
          holder: { registeredResident: 'yes', under15: 1 },
        }),
      ),
    ).toEqual({ eligible: false, reasons: ['not-a-resident', 'legal-representative-needs-minor-or-ward'] });
  });

  it.each([null, undefined, 42, 'self', {}, { procedure: 'pin-reset', applicant: 'self' }])(
    'refuses %j without throwing',
    (input) => {
      const result = assessEligibility(garbage(input));
      expect(result.eligible).toBe(false);
      expect(result.eligible ? [] : result.reasons).toContain('not-a-resident');
    },
  );

  it('never throws and never lets anything but a registered resident through', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (procedure, applicant, holder) => {
        const result = assessEligibility(garbage({ procedure, applicant, holder }));
        if (result.eligible) {
          expect((holder as { registeredResident: unknown }).registeredResident).toBe(true);
        }
      }),
    );
  });
});
