import fc from 'fast-check';
import {
  assessIdentity,
  DOCUMENT_CODES,
  DomainInputError,
  IDENTITY_RULES,
  type DocumentCode,
  type IdentityRule,
  type PresentedDocument,
} from '@madoguchi/domain';

const AS_OF = '2025-06-01';

function original(code: DocumentCode, extra: Partial<PresentedDocument> = {}): PresentedDocument {
  return { code, original: true, ...extra };
}

function assess(docs: PresentedDocument[], asOf = AS_OF, rule?: IdentityRule) {
  return assessIdentity(docs, rule === undefined ? { asOf } : { asOf, rule });
}

/** Lets a test send what an untyped caller might: the function must cope without throwing. */
function untyped(value: unknown): PresentedDocument {
  return value as PresentedDocument;
}

describe('assessIdentity: originals only', () => {
  it('refuses a copy', () => {
    expect(assess([{ code: 'passport', original: false }])).toEqual({
      sufficient: false,
      counted: [],
      rejected: [{ code: 'passport', reason: 'copy' }],
    });
  });

  it.each([undefined, 'yes', 1, null])(
    'treats original: %j as a copy (only true is an original)',
    (value) => {
      expect(assess([untyped({ code: 'passport', original: value })]).rejected).toEqual([
        { code: 'passport', reason: 'copy' },
      ]);
    },
  );
});

describe('assessIdentity: expiry', () => {
  it('refuses a document whose expiry day is before the visit', () => {
    expect(assess([original('drivers-license', { expiresOn: '2025-05-31' })]).rejected).toEqual([
      { code: 'drivers-license', reason: 'expired' },
    ]);
  });

  it('accepts a document on its expiry day itself', () => {
    expect(assess([original('drivers-license', { expiresOn: AS_OF })]).counted).toEqual([
      { code: 'drivers-license', category: 'A' },
    ]);
  });

  it('accepts a document that expires later, or has no expiry', () => {
    expect(
      assess([original('passport', { expiresOn: '2030-01-01' }), original('bank-passbook')]).counted,
    ).toEqual([
      { code: 'passport', category: 'A' },
      { code: 'bank-passbook', category: 'B' },
    ]);
  });
});

describe('assessIdentity: 運転経歴証明書 only if issued on or after 2012-04-01', () => {
  it('counts one issued on 2012-04-01 as an A document', () => {
    expect(assess([original('driving-history-certificate', { issuedOn: '2012-04-01' })])).toEqual({
      sufficient: true,
      counted: [{ code: 'driving-history-certificate', category: 'A' }],
      rejected: [],
    });
  });

  it('refuses one issued on 2012-03-31', () => {
    expect(assess([original('driving-history-certificate', { issuedOn: '2012-03-31' })]).rejected).toEqual([
      { code: 'driving-history-certificate', reason: 'issued-too-early' },
    ]);
  });

  it('refuses one whose issue day was not recorded, with its own reason', () => {
    expect(assess([original('driving-history-certificate')]).rejected).toEqual([
      { code: 'driving-history-certificate', reason: 'missing-issue-date' },
    ]);
  });

  it('does not ask for an issue day on other documents', () => {
    expect(assess([original('drivers-license')]).sufficient).toBe(true);
  });
});

describe.each(['residence-card', 'special-permanent-resident-certificate'] as const)(
  '%s: A with a photo, B without',
  (code) => {
    it('counts it as A when the clerk confirms a photo', () => {
      expect(assess([original(code, { hasPhoto: true })]).counted).toEqual([{ code, category: 'A' }]);
    });

    it.each([false, undefined])('counts it as B when hasPhoto is %j', (hasPhoto) => {
      const result = assess([original(code, hasPhoto === undefined ? {} : { hasPhoto })]);
      expect(result.counted).toEqual([{ code, category: 'B' }]);
      expect(result.sufficient).toBe(false);
    });

    it('takes a photo-less card and another B document as enough under A1_OR_B2', () => {
      expect(
        assess([original(code, { hasPhoto: false }), original('health-insurance-card')]).sufficient,
      ).toBe(true);
    });

    it('counts the photo card as A even when a photo-less record of the same card comes first', () => {
      const result = assess([original(code, { hasPhoto: false }), original(code, { hasPhoto: true })]);
      expect(result.counted).toEqual([{ code, category: 'A' }]);
      expect(result.rejected).toEqual([{ code, reason: 'duplicate' }]);
      expect(result.sufficient).toBe(true);
    });
  },
);

describe('assessIdentity: 住民基本台帳カード', () => {
  it('counts the photo type as A while it is valid', () => {
    expect(
      assess([original('resident-registry-card', { hasPhoto: true, expiresOn: '2025-12-31' })], '2025-12-31')
        .counted,
    ).toEqual([{ code: 'resident-registry-card', category: 'A' }]);
  });

  it.each([false, undefined])('refuses the type without a photo (hasPhoto %j)', (hasPhoto) => {
    const doc = original('resident-registry-card', hasPhoto === undefined ? {} : { hasPhoto });
    expect(assess([doc]).rejected).toEqual([{ code: 'resident-registry-card', reason: 'no-photo-type' }]);
  });

  it.each([
    ['no expiry recorded', undefined],
    ['an expiry after 2025', '2030-03-31'],
    ['an expiry on the last day of 2025', '2025-12-31'],
  ])('refuses it from 2026-01-01 on, with %s', (_label, expiresOn) => {
    const doc = original('resident-registry-card', { hasPhoto: true, ...(expiresOn ? { expiresOn } : {}) });
    expect(assess([doc], '2026-01-01').rejected).toEqual([
      { code: 'resident-registry-card', reason: 'expired' },
    ]);
    expect(assess([doc], '2025-12-31').counted).toEqual([{ code: 'resident-registry-card', category: 'A' }]);
  });

  it('refuses one whose own expiry has passed before 2025 ends', () => {
    const doc = original('resident-registry-card', { hasPhoto: true, expiresOn: '2024-09-30' });
    expect(assess([doc], '2025-01-15').rejected).toEqual([
      { code: 'resident-registry-card', reason: 'expired' },
    ]);
  });
});

describe('assessIdentity: two DIFFERENT B documents', () => {
  it('counts the same document shown twice once and refuses the second as a duplicate', () => {
    expect(assess([original('health-insurance-card'), original('health-insurance-card')])).toEqual({
      sufficient: false,
      counted: [{ code: 'health-insurance-card', category: 'B' }],
      rejected: [{ code: 'health-insurance-card', reason: 'duplicate' }],
    });
  });

  it('lets a valid document count when an earlier one of the same kind was refused', () => {
    expect(
      assess([
        original('health-insurance-card', { expiresOn: '2024-03-31' }),
        original('health-insurance-card', { expiresOn: '2026-03-31' }),
      ]),
    ).toEqual({
      sufficient: false,
      counted: [{ code: 'health-insurance-card', category: 'B' }],
      rejected: [{ code: 'health-insurance-card', reason: 'expired' }],
    });
  });
});

describe('assessIdentity: bad input is refused, never thrown, never echoed', () => {
  it('refuses a document not on the list without repeating what was typed', () => {
    const secret = 'library card of 山田太郎 PIN 1234';
    const result = assess([untyped({ code: secret, original: true }), original('passport')]);
    expect(result).toEqual({
      sufficient: true,
      counted: [{ code: 'passport', category: 'A' }],
      rejected: [{ code: null, reason: 'unknown-document' }],
    });
    expect(JSON.stringify(result)).not.toContain('山田');
  });

  it.each([null, undefined, 'passport', 42, [], {}])(
    'refuses %j in the list as an unknown document',
    (doc) => {
      expect(assess([untyped(doc)]).rejected).toEqual([{ code: null, reason: 'unknown-document' }]);
    },
  );

  it.each(['2025-02-30', '2025/12/31', '2025-1-31', '２０２５-12-31', '', 20251231, 'tomorrow'])(
    'refuses an expiry day written %j as an invalid date',
    (expiresOn) => {
      expect(assess([untyped({ code: 'passport', original: true, expiresOn })]).rejected).toEqual([
        { code: 'passport', reason: 'invalid-date' },
      ]);
    },
  );

  it('refuses an issue day that is not a calendar day as an invalid date', () => {
    expect(assess([original('driving-history-certificate', { issuedOn: '2012-04-31' })]).rejected).toEqual([
      { code: 'driving-history-certificate', reason: 'invalid-date' },
    ]);
    expect(assess([original('student-id', { issuedOn: '01/04/2024' })]).rejected).toEqual([
      { code: 'student-id', reason: 'invalid-date' },
    ]);
  });

  it('takes a list that is not a list as no documents', () => {
    expect(assessIdentity(untyped(null) as unknown as PresentedDocument[], { asOf: AS_OF })).toEqual({
      sufficient: false,
      counted: [],
      rejected: [],
    });
  });

  it.each(['2025-13-01', '2025-6-1', '', undefined, 20250601])(
    'throws DomainInputError for asOf %j',
    (asOf) => {
      const call = () => assessIdentity([], { asOf: asOf as string });
      expect(call).toThrow(DomainInputError);
      expect(call).toThrow(expect.objectContaining({ code: 'invalid-date', field: 'asOf' }) as Error);
    },
  );

  it('throws DomainInputError for a rule it does not know', () => {
    expect(() => assessIdentity([], { asOf: AS_OF, rule: 'A3' as IdentityRule })).toThrow(
      expect.objectContaining({ code: 'invalid-office-configuration', field: 'rule' }) as Error,
    );
  });
});

describe('assessIdentity: rules', () => {
  const A1 = original('passport');
  const A2 = original('drivers-license');
  const B1 = original('health-insurance-card');
  const B2 = original('pension-certificate');
  const B3 = original('student-id');

  // [situation, documents, A1_OR_B2, A2_OR_A1B1, A1_OR_B1]
  const truthTable: [string, PresentedDocument[], boolean, boolean, boolean][] = [
    ['0A 0B', [], false, false, false],
    ['0A 1B', [B1], false, false, true],
    ['0A 2B different', [B1, B2], true, false, true],
    ['0A 2B same code', [B1, B1], false, false, true],
    ['0A 3B different', [B1, B2, B3], true, false, true],
    ['1A 0B', [A1], true, false, true],
    ['1A 1B', [A1, B1], true, true, true],
    ['1A 2B', [A1, B1, B2], true, true, true],
    ['2A different', [A1, A2], true, true, true],
    ['2A same code', [A1, A1], true, false, true],
    ['1A copy + 1B', [{ ...A1, original: false }, B1], false, false, true],
    [
      'only copies',
      [
        { ...A1, original: false },
        { ...B1, original: false },
      ],
      false,
      false,
      false,
    ],
  ];

  it.each(truthTable)(
    '%s: A1_OR_B2 %p, A2_OR_A1B1 %p, A1_OR_B1 %p',
    (_situation, docs, a1b2, a2a1b1, a1b1) => {
      expect(assess(docs, AS_OF, 'A1_OR_B2').sufficient).toBe(a1b2);
      expect(assess(docs, AS_OF, 'A2_OR_A1B1').sufficient).toBe(a2a1b1);
      expect(assess(docs, AS_OF, 'A1_OR_B1').sufficient).toBe(a1b1);
    },
  );

  it('uses A1_OR_B2 when no rule is given', () => {
    for (const [, docs, a1b2] of truthTable) expect(assess(docs).sufficient).toBe(a1b2);
  });
});

describe('assessIdentity: properties', () => {
  const CONDITIONAL_AND_COMMON: DocumentCode[] = [
    'residence-card',
    'special-permanent-resident-certificate',
    'resident-registry-card',
    'driving-history-certificate',
    'passport',
    'health-insurance-card',
    'pension-certificate',
  ];
  const day = fc.constantFrom(
    '2011-12-31',
    '2012-03-31',
    '2012-04-01',
    '2024-06-01',
    AS_OF,
    '2025-12-31',
    '2027-01-01',
  );
  const document: fc.Arbitrary<PresentedDocument> = fc.record(
    {
      // Few codes, often repeated, so duplicates and the conditional documents meet each other.
      code: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...CONDITIONAL_AND_COMMON) },
        { weight: 4, arbitrary: fc.constantFrom(...DOCUMENT_CODES) },
        { weight: 1, arbitrary: fc.string() as fc.Arbitrary<DocumentCode> },
      ),
      original: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.boolean() }),
      expiresOn: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('2025-12-31', '2027-01-01') },
        { weight: 3, arbitrary: day },
        { weight: 1, arbitrary: fc.string() },
      ),
      issuedOn: fc.oneof({ weight: 9, arbitrary: day }, { weight: 1, arbitrary: fc.string() }),
      hasPhoto: fc.boolean(),
    },
    { requiredKeys: ['code', 'original'] },
  );
  const documents = fc.array(document, { maxLength: 6 });
  const asOf = fc.constantFrom('2012-04-01', AS_OF, '2025-12-31', '2026-01-01');
  const rule = fc.constantFrom(...IDENTITY_RULES);

  it('never turns a sufficient set insufficient when one more document is laid down, anywhere', () => {
    fc.assert(
      fc.property(
        documents,
        document,
        fc.boolean(),
        fc.nat(),
        asOf,
        rule,
        (docs, drawn, sameCode, at, day, r) => {
          // Half the time the new document repeats a code already on the counter: that is where it could hurt.
          const twin = docs[at % Math.max(docs.length, 1)];
          const extra = sameCode && twin ? { ...drawn, code: twin.code } : drawn;
          const position = at % (docs.length + 1);
          const more = [...docs.slice(0, position), extra, ...docs.slice(position)];
          if (assessIdentity(docs, { asOf: day, rule: r }).sufficient) {
            expect(assessIdentity(more, { asOf: day, rule: r }).sufficient).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never counts a copy: copies are refused as copies and change nothing else', () => {
    fc.assert(
      fc.property(documents, asOf, rule, (docs, day, r) => {
        const result = assessIdentity(docs, { asOf: day, rule: r });
        const originalsOnly = assessIdentity(
          docs.filter((doc) => doc.original === true),
          { asOf: day, rule: r },
        );
        expect(result.counted).toEqual(originalsOnly.counted);
        expect(result.sufficient).toBe(originalsOnly.sufficient);
        const knownCopies = docs.filter((doc) => doc.original !== true && DOCUMENT_CODES.includes(doc.code));
        expect(result.rejected.filter((r) => r.reason === 'copy')).toHaveLength(knownCopies.length);
      }),
    );
  });

  it('accounts for every document once and answers only with catalogue codes', () => {
    fc.assert(
      fc.property(documents, asOf, (docs, day) => {
        const result = assessIdentity(docs, { asOf: day });
        expect(result.counted.length + result.rejected.length).toBe(docs.length);
        for (const entry of [...result.counted, ...result.rejected]) {
          expect(entry.code === null || DOCUMENT_CODES.includes(entry.code)).toBe(true);
        }
        expect(new Set(result.counted.map((doc) => doc.code)).size).toBe(result.counted.length);
      }),
    );
  });
});
