import {
  APPLICANT_TYPES,
  assessIdentity,
  buildRequirementsTable,
  DEFAULT_REQUIREMENTS,
  DomainInputError,
  identityRuleFor,
  PROCEDURES,
  visitsFor,
  whatToBring,
  type ApplicantType,
  type Procedure,
  type RequirementItem,
  type RequirementOptions,
  type RequirementsTable,
  type Visit,
} from '@madoguchi/domain';

/** The shape of a list that matters to the counter: code, identity rule and whose documents. */
function outline(items: RequirementItem[]): string[] {
  return items.map((item) => [item.code, item.identityRule, item.whose].filter(Boolean).join(' '));
}

describe('what to bring, Atsugi defaults (domain.md §2)', () => {
  it.each<[Procedure, ApplicantType, Visit, string[]]>([
    ['pin-reset', 'self', 1, ['holder-card holder', 'applicant-identity A1_OR_B1 applicant']],
    [
      'pin-reset',
      'legal-representative',
      1,
      [
        'holder-card holder',
        'applicant-identity A1_OR_B2 applicant',
        'holder-identity A1_OR_B1 holder',
        'proof-of-representation',
      ],
    ],
    ['pin-reset', 'proxy', 1, ['holder-card holder', 'applicant-identity A1_OR_B2 applicant']],
    [
      'pin-reset',
      'proxy',
      2,
      ['sealed-inquiry-letter', 'holder-card holder', 'applicant-identity A1_OR_B2 applicant'],
    ],
    ['pin-change', 'self', 1, ['holder-card holder', 'current-pin']],
    [
      'pin-change',
      'legal-representative',
      1,
      [
        'holder-card holder',
        'applicant-identity A1_OR_B2 applicant',
        'proof-of-representation',
        'current-pin',
      ],
    ],
    ['pin-change', 'proxy', 1, ['holder-card holder', 'applicant-identity A1_OR_B2 applicant']],
    [
      'pin-change',
      'proxy',
      2,
      ['sealed-inquiry-letter', 'holder-card holder', 'applicant-identity A1_OR_B2 applicant'],
    ],
  ])('%s by %s, visit %s: %j', (procedure, applicant, visit, expected) => {
    expect(outline(whatToBring(procedure, applicant, visit))).toEqual(expected);
  });

  it('asks a resident changing their own PIN for nothing but the card and the current PIN', () => {
    expect(whatToBring('pin-change', 'self', 1).map((item) => item.code)).toEqual([
      'holder-card',
      'current-pin',
    ]);
  });

  it.each(PROCEDURES)(
    '%s: proof of representation is a 戸籍謄本 or 成年後見登記事項証明書, waived for 本籍 in the city or one household',
    (procedure) => {
      const proof = whatToBring(procedure, 'legal-representative', 1).find(
        (item) => item.code === 'proof-of-representation',
      );
      expect(proof?.text.ja).toContain('戸籍謄本');
      expect(proof?.text.ja).toContain('成年後見登記事項証明書');
      expect(proof?.exemptions?.map((exemption) => exemption.ja)).toEqual([
        expect.stringContaining('本籍'),
        expect.stringContaining('同一世帯'),
      ]);
      expect(proof?.issuedWithinMonths).toBeUndefined();
    },
  );

  it('has the holder write the old PIN on the letter for a change, and only the new one for a reset', () => {
    const letter = (procedure: Procedure) =>
      whatToBring(procedure, 'proxy', 2).find((item) => item.code === 'sealed-inquiry-letter')?.text.ja;
    expect(letter('pin-change')).toContain('変更前');
    expect(letter('pin-reset')).not.toContain('変更前');
    expect(letter('pin-reset')).toContain('新しい暗証番号');
  });

  it('writes every item in Japanese and English', () => {
    for (const procedure of PROCEDURES) {
      for (const applicant of APPLICANT_TYPES) {
        for (const visit of visitsFor(applicant)) {
          for (const item of whatToBring(procedure, applicant, visit)) {
            expect(item.text.ja.trim()).not.toBe('');
            expect(item.text.en.trim()).not.toBe('');
          }
        }
      }
    }
  });

  it('asks for nothing on a visit the applicant does not make', () => {
    expect(whatToBring('pin-reset', 'self', 2)).toEqual([]);
    expect(whatToBring('pin-change', 'legal-representative', 2)).toEqual([]);
    expect(whatToBring('pin-renew' as Procedure, 'self', 1)).toEqual([]);
    expect(whatToBring('pin-reset', 'friend' as ApplicantType, 1)).toEqual([]);
  });

  it('hands out copies: editing a list does not change the table', () => {
    const items = whatToBring('pin-reset', 'self', 1);
    items[0]!.text.ja = 'edited';
    items.pop();
    expect(whatToBring('pin-reset', 'self', 1)).toHaveLength(2);
    expect(whatToBring('pin-reset', 'self', 1)[0]!.text.ja).toBe('マイナンバーカード');
    expect(Object.isFrozen(DEFAULT_REQUIREMENTS['pin-reset'].self[1][0]!.text)).toBe(true);
  });
});

describe('visits', () => {
  it('brings a proxy back a second time with the sealed letter; everyone else comes once', () => {
    expect(visitsFor('proxy')).toEqual([1, 2]);
    expect(visitsFor('self')).toEqual([1]);
    expect(visitsFor('legal-representative')).toEqual([1]);
  });
});

describe('identityRuleFor', () => {
  it.each<[Procedure, ApplicantType, Visit, 'applicant' | 'holder', string | undefined]>([
    ['pin-reset', 'self', 1, 'applicant', 'A1_OR_B1'],
    ['pin-reset', 'self', 1, 'holder', 'A1_OR_B1'],
    ['pin-reset', 'legal-representative', 1, 'applicant', 'A1_OR_B2'],
    ['pin-reset', 'legal-representative', 1, 'holder', 'A1_OR_B1'],
    ['pin-reset', 'proxy', 1, 'applicant', 'A1_OR_B2'],
    ['pin-reset', 'proxy', 1, 'holder', undefined],
    ['pin-reset', 'proxy', 2, 'applicant', 'A1_OR_B2'],
    ['pin-reset', 'proxy', 2, 'holder', undefined],
    ['pin-change', 'self', 1, 'applicant', undefined],
    ['pin-change', 'self', 1, 'holder', undefined],
    ['pin-change', 'legal-representative', 1, 'applicant', 'A1_OR_B2'],
    ['pin-change', 'legal-representative', 1, 'holder', undefined],
    ['pin-change', 'proxy', 1, 'applicant', 'A1_OR_B2'],
    ['pin-change', 'proxy', 2, 'applicant', 'A1_OR_B2'],
    ['pin-reset', 'self', 2, 'applicant', undefined],
  ])('%s by %s, visit %s, %s documents: %s', (procedure, applicant, visit, whose, rule) => {
    expect(identityRuleFor(procedure, applicant, visit, whose)).toBe(rule);
  });

  it('lets a proxy act with one A document or two different B documents, and not with one B', () => {
    const rule = identityRuleFor('pin-reset', 'proxy', 1, 'applicant');
    const check = (codes: ('passport' | 'student-id' | 'pension-certificate')[]) =>
      assessIdentity(
        codes.map((code) => ({ code, original: true })),
        { asOf: '2025-06-02', ...(rule ? { rule } : {}) },
      ).sufficient;
    expect(check(['passport'])).toBe(true);
    expect(check(['student-id', 'pension-certificate'])).toBe(true);
    expect(check(['student-id'])).toBe(false);
  });
});

describe('configuration switches other cities use', () => {
  it('builds the Atsugi defaults when no switch is set', () => {
    expect(buildRequirementsTable()).toEqual(DEFAULT_REQUIREMENTS);
    expect(buildRequirementsTable({})).toEqual(DEFAULT_REQUIREMENTS);
  });

  it('asks representatives for A×2 or A×1+B×1 when representativeRule says so, and leaves proxies alone', () => {
    const table = buildRequirementsTable({ representativeRule: 'A2_OR_A1B1' });
    for (const procedure of PROCEDURES) {
      expect(identityRuleFor(procedure, 'legal-representative', 1, 'applicant', table)).toBe('A2_OR_A1B1');
      expect(identityRuleFor(procedure, 'proxy', 1, 'applicant', table)).toBe('A1_OR_B2');
    }
    expect(whatToBring('pin-reset', 'legal-representative', 1, table)[1]?.text.ja).toContain('Aの書類2点');
  });

  it('asks proxies for another rule when proxyRule says so', () => {
    const table = buildRequirementsTable({ proxyRule: 'A2_OR_A1B1' });
    expect(identityRuleFor('pin-change', 'proxy', 2, 'applicant', table)).toBe('A2_OR_A1B1');
    expect(identityRuleFor('pin-change', 'legal-representative', 1, 'applicant', table)).toBe('A1_OR_B2');
  });

  it('adds a separate 委任状 at the proxy’s first visit only', () => {
    const table = buildRequirementsTable({ powerOfAttorneyAtVisit1: true });
    for (const procedure of PROCEDURES) {
      expect(whatToBring(procedure, 'proxy', 1, table).map((item) => item.code)).toContain(
        'power-of-attorney',
      );
      expect(whatToBring(procedure, 'proxy', 2, table).map((item) => item.code)).not.toContain(
        'power-of-attorney',
      );
    }
  });

  it('asks for the holder’s own identity document at the second visit', () => {
    const table = buildRequirementsTable({ holderIdentityAtVisit2: true });
    for (const procedure of PROCEDURES) {
      expect(outline(whatToBring(procedure, 'proxy', 2, table))).toContain('holder-identity A1_OR_B1 holder');
      expect(identityRuleFor(procedure, 'proxy', 2, 'holder', table)).toBe('A1_OR_B1');
      expect(identityRuleFor(procedure, 'proxy', 1, 'holder', table)).toBeUndefined();
    }
  });

  it('asks for proof of representation issued within 3 months', () => {
    const table = buildRequirementsTable({ proofIssuedWithinMonths: 3 });
    for (const procedure of PROCEDURES) {
      const proof = whatToBring(procedure, 'legal-representative', 1, table).find(
        (item) => item.code === 'proof-of-representation',
      );
      expect(proof?.issuedWithinMonths).toBe(3);
      expect(proof?.text.ja).toContain('3か月以内');
    }
  });

  it.each<[string, unknown]>([
    ['an unknown rule', { representativeRule: 'A3' }],
    ['a switch that is not true or false', { powerOfAttorneyAtVisit1: 'yes' }],
    ['a month count that is not a whole number', { proofIssuedWithinMonths: 2.5 }],
    ['zero months', { proofIssuedWithinMonths: 0 }],
    ['a misspelt switch', { representativeRules: 'A2_OR_A1B1' }],
  ])('refuses options with %s at build time', (_label, options) => {
    expect(() => buildRequirementsTable(options as RequirementOptions)).toThrow(
      expect.objectContaining({ code: 'invalid-office-configuration' }) as DomainInputError,
    );
  });

  it('follows a table another city wrote by hand', () => {
    const table: RequirementsTable = {
      ...DEFAULT_REQUIREMENTS,
      'pin-change': {
        ...DEFAULT_REQUIREMENTS['pin-change'],
        self: {
          1: [
            ...DEFAULT_REQUIREMENTS['pin-change'].self[1],
            { code: 'resident-form', text: { ja: '申請書', en: 'Application form' } },
          ],
        },
      },
    };
    expect(whatToBring('pin-change', 'self', 1, table).map((item) => item.code)).toEqual([
      'holder-card',
      'current-pin',
      'resident-form',
    ]);
  });
});
