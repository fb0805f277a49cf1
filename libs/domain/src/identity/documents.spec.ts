import {
  A_DOCUMENT_CODES,
  assessIdentity,
  B_DOCUMENT_CODES,
  DOCUMENT_CODES,
  IDENTITY_DOCUMENTS,
  identityDocument,
  isDocumentCode,
  type DocumentCode,
  type PresentedDocument,
} from '@madoguchi/domain';

// The lists of domain.md §3, copied here by hand so that a slip in the catalogue cannot hide in both places.
const A_DOCUMENTS: [DocumentCode, string][] = [
  ['my-number-card', 'マイナンバーカード'],
  ['resident-registry-card', '住民基本台帳カード'],
  ['passport', '旅券'],
  ['drivers-license', '運転免許証'],
  ['driving-history-certificate', '運転経歴証明書'],
  ['physical-disability-certificate', '身体障害者手帳'],
  ['rehabilitation-certificate', '療育手帳'],
  ['mental-disability-certificate', '精神障害者保健福祉手帳'],
  ['residence-card', '在留カード'],
  ['special-permanent-resident-certificate', '特別永住者証明書'],
  ['temporary-refuge-permit', '一時庇護許可書'],
  ['provisional-stay-permit', '仮滞在許可書'],
];

const B_DOCUMENTS: [DocumentCode, string][] = [
  ['temporary-certificate', '仮証明書'],
  ['elderly-handbook', '敬老手帳'],
  ['public-assistance-certificate', '生活保護受給者証'],
  ['health-insurance-card', '被保険者証'],
  ['eligibility-certificate', '資格確認書'],
  ['medical-benefit-certificate', '医療受給者証'],
  ['pension-certificate', '年金証書'],
  ['child-support-allowance-certificate', '児童扶養手当証書'],
  ['special-child-support-allowance-certificate', '特別児童扶養手当証書'],
  ['bank-passbook', '預金通帳'],
  ['employee-id', '社員証'],
  ['student-id', '学生証'],
  ['school-document', '学校名が記載された各種書類'],
  ['utility-receipt', '公共料金の領収書'],
  ['tax-receipt', '税金・国民健康保険等の領収書'],
  ['marine-officer-license', '海技免状'],
  ['electrician-license', '電気工事士免状'],
  ['radio-operator-license', '無線従事者免許証'],
  ['railway-driver-license', '動力車操縦者運転免許証'],
  ['flight-dispatcher-certificate', '運航管理者技能検定合格証明書'],
  ['firearm-permit', '猟銃・空気銃所持許可証'],
  ['special-electrical-work-certificate', '特種電気工事資格者認定証'],
  ['approved-electrical-worker-certificate', '認定電気工事従事者認定証'],
  ['airworthiness-inspector-id', '耐空検査員の証'],
  ['aviation-license', '航空従事者技能証明書'],
  ['real-estate-broker-license', '宅地建物取引士証'],
  ['seaman-handbook', '船員手帳'],
  ['war-invalid-handbook', '戦傷病者手帳'],
  ['instructor-qualification-certificate', '教習資格認定証'],
  ['government-staff-id', '官公署がその職員に対して発行した身分証明書'],
];

/** An original in good standing: photo confirmed, issued recently, never expiring. */
function goodOriginal(code: DocumentCode): PresentedDocument {
  return { code, original: true, hasPhoto: true, issuedOn: '2020-04-01' };
}

describe('identity document catalogue (domain.md §3)', () => {
  it('lists exactly the 12 A documents and the 30 B documents of the spec, each once', () => {
    expect([...A_DOCUMENT_CODES].sort()).toEqual(A_DOCUMENTS.map(([code]) => code).sort());
    expect([...B_DOCUMENT_CODES].sort()).toEqual(B_DOCUMENTS.map(([code]) => code).sort());
    expect(A_DOCUMENT_CODES).toHaveLength(12);
    expect(B_DOCUMENT_CODES).toHaveLength(30);
    expect(IDENTITY_DOCUMENTS.map((doc) => doc.code)).toEqual(DOCUMENT_CODES);
    expect(new Set(DOCUMENT_CODES).size).toBe(42);
  });

  it.each(A_DOCUMENTS)('classifies %s (%s) as an A document', (code, japanese) => {
    const entry = identityDocument(code);
    expect(entry?.category).toBe('A');
    expect(entry?.name.ja).toContain(japanese);
    expect(assessIdentity([goodOriginal(code)], { asOf: '2025-06-01' }).counted).toEqual([
      { code, category: 'A' },
    ]);
  });

  it.each(B_DOCUMENTS)('classifies %s (%s) as a B document', (code, japanese) => {
    const entry = identityDocument(code);
    expect(entry?.category).toBe('B');
    expect(entry?.name.ja).toContain(japanese);
    expect(assessIdentity([goodOriginal(code)], { asOf: '2025-06-01' }).counted).toEqual([
      { code, category: 'B' },
    ]);
  });

  it('names every document in Japanese and English', () => {
    for (const doc of IDENTITY_DOCUMENTS) {
      expect(doc.name.ja.trim()).not.toBe('');
      expect(doc.name.en.trim()).not.toBe('');
      if (doc.note) expect(doc.note.ja && doc.note.en).toBeTruthy();
    }
  });

  it('keeps the conditions of §3 beside the documents they concern', () => {
    expect(identityDocument('residence-card')?.conditions).toEqual({ withoutPhoto: 'B' });
    expect(identityDocument('special-permanent-resident-certificate')?.conditions).toEqual({
      withoutPhoto: 'B',
    });
    expect(identityDocument('resident-registry-card')?.conditions).toEqual({
      withoutPhoto: 'refused',
      validUntilAtLatest: '2025-12-31',
    });
    expect(identityDocument('driving-history-certificate')?.conditions).toEqual({
      issuedOnOrAfter: '2012-04-01',
    });
    const conditional = IDENTITY_DOCUMENTS.filter((doc) => doc.conditions).map((doc) => doc.code);
    expect(conditional.sort()).toEqual(
      [
        'driving-history-certificate',
        'residence-card',
        'resident-registry-card',
        'special-permanent-resident-certificate',
      ].sort(),
    );
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(IDENTITY_DOCUMENTS)).toBe(true);
    expect(IDENTITY_DOCUMENTS.every((doc) => Object.isFrozen(doc) && Object.isFrozen(doc.name))).toBe(true);
    expect(Object.isFrozen(identityDocument('resident-registry-card')?.conditions)).toBe(true);
  });

  it.each(DOCUMENT_CODES.map((code) => [code]))('recognises %s as a document code', (code) => {
    expect(isDocumentCode(code)).toBe(true);
  });

  it.each([
    ['library-card'],
    ['PASSPORT'],
    [' passport'],
    [''],
    ['toString'],
    ['__proto__'],
    [null],
    [42],
    [{}],
  ])('does not recognise %j as a document code', (value) => {
    expect(isDocumentCode(value)).toBe(false);
    expect(identityDocument(value)).toBeUndefined();
  });
});
