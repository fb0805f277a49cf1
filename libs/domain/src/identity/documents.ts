/**
 * The identity documents a counter accepts (domain.md §3), as data. The conditions sit beside each
 * document rather than in `assessIdentity`, so a correction (a new cut-off date, a document moving
 * category) is an edit to this table, not to the rule that counts documents.
 */
import type { CalendarDate } from '../shared/calendar-date';
import type { LocalizedText } from '../shared/decision';

export type DocumentCategory = 'A' | 'B';

export const A_DOCUMENT_CODES = [
  'my-number-card',
  'resident-registry-card',
  'passport',
  'drivers-license',
  'driving-history-certificate',
  'physical-disability-certificate',
  'rehabilitation-certificate',
  'mental-disability-certificate',
  'residence-card',
  'special-permanent-resident-certificate',
  'temporary-refuge-permit',
  'provisional-stay-permit',
] as const;

export const B_DOCUMENT_CODES = [
  'temporary-certificate',
  'elderly-handbook',
  'public-assistance-certificate',
  'health-insurance-card',
  'eligibility-certificate',
  'medical-benefit-certificate',
  'pension-certificate',
  'child-support-allowance-certificate',
  'special-child-support-allowance-certificate',
  'bank-passbook',
  'employee-id',
  'student-id',
  'school-document',
  'utility-receipt',
  'tax-receipt',
  'marine-officer-license',
  'electrician-license',
  'radio-operator-license',
  'railway-driver-license',
  'flight-dispatcher-certificate',
  'firearm-permit',
  'special-electrical-work-certificate',
  'approved-electrical-worker-certificate',
  'airworthiness-inspector-id',
  'aviation-license',
  'real-estate-broker-license',
  'seaman-handbook',
  'war-invalid-handbook',
  'instructor-qualification-certificate',
  'government-staff-id',
] as const;

export type ADocumentCode = (typeof A_DOCUMENT_CODES)[number];
export type BDocumentCode = (typeof B_DOCUMENT_CODES)[number];
export type DocumentCode = ADocumentCode | BDocumentCode;

export const DOCUMENT_CODES: readonly DocumentCode[] = Object.freeze([
  ...A_DOCUMENT_CODES,
  ...B_DOCUMENT_CODES,
]);

/** Conditions under which a listed document still does not count as its category says. */
export interface DocumentConditions {
  /**
   * What the document is when the clerk has not confirmed a photo on it: `'B'` (a residence card of a
   * child under 16 still shows name and date of birth) or `'refused'` (a photo-less 住基カード is not an
   * identity document at all).
   */
  withoutPhoto?: 'B' | 'refused';
  /** Documents issued before this day are not identity documents; an unknown issue day is refused too. */
  issuedOnOrAfter?: CalendarDate;
  /** The latest day the document can possibly be valid, whatever expiry the clerk typed (or none). */
  validUntilAtLatest?: CalendarDate;
}

export interface IdentityDocument {
  code: DocumentCode;
  category: DocumentCategory;
  name: LocalizedText;
  note?: LocalizedText;
  conditions?: DocumentConditions;
}

type CatalogueEntry = Omit<IdentityDocument, 'code'>;

const PHOTO_RULE_NOTE: LocalizedText = {
  ja: '顔写真のあるもの(16歳以上)はA、顔写真のないもの(16歳未満)はBの書類',
  en: 'An A document when it bears a photo (age 16 and over); a B document without one (under 16)',
};

// A Record keyed by DocumentCode makes a code without an entry a compile error.
const CATALOGUE: Readonly<Record<DocumentCode, CatalogueEntry>> = {
  'my-number-card': {
    category: 'A',
    name: { ja: 'マイナンバーカード', en: 'My Number card' },
  },
  'resident-registry-card': {
    category: 'A',
    name: { ja: '住民基本台帳カード', en: 'Basic Resident Registry card (Juki card)' },
    note: {
      ja: '顔写真付きのものに限る。2025年末までにすべて有効期限切れ',
      en: 'Photo type only; every card expired by the end of 2025',
    },
    // Issuance stopped on 2015-12-31 and the cards were valid for ten years.
    conditions: { withoutPhoto: 'refused', validUntilAtLatest: '2025-12-31' },
  },
  passport: {
    category: 'A',
    name: { ja: '旅券', en: 'Passport' },
  },
  'drivers-license': {
    category: 'A',
    name: { ja: '運転免許証', en: "Driver's license" },
  },
  'driving-history-certificate': {
    category: 'A',
    name: { ja: '運転経歴証明書', en: 'Certificate of driving history' },
    note: {
      ja: '平成24年4月1日以後に交付されたものに限る',
      en: 'Only if issued on or after 2012-04-01',
    },
    // Only certificates issued since the 2012 amendment of the Road Traffic Act are recognised as ID.
    conditions: { issuedOnOrAfter: '2012-04-01' },
  },
  'physical-disability-certificate': {
    category: 'A',
    name: { ja: '身体障害者手帳', en: 'Physical disability certificate' },
  },
  'rehabilitation-certificate': {
    category: 'A',
    name: { ja: '療育手帳', en: 'Rehabilitation certificate (intellectual disability)' },
  },
  'mental-disability-certificate': {
    category: 'A',
    name: { ja: '精神障害者保健福祉手帳', en: 'Mental disability certificate' },
  },
  'residence-card': {
    category: 'A',
    name: { ja: '在留カード', en: 'Residence card' },
    note: PHOTO_RULE_NOTE,
    conditions: { withoutPhoto: 'B' },
  },
  'special-permanent-resident-certificate': {
    category: 'A',
    name: { ja: '特別永住者証明書', en: 'Special permanent resident certificate' },
    note: PHOTO_RULE_NOTE,
    conditions: { withoutPhoto: 'B' },
  },
  'temporary-refuge-permit': {
    category: 'A',
    name: { ja: '一時庇護許可書', en: 'Permission for temporary refuge' },
  },
  'provisional-stay-permit': {
    category: 'A',
    name: { ja: '仮滞在許可書', en: 'Permission for provisional stay' },
  },

  'temporary-certificate': {
    category: 'B',
    name: { ja: '仮証明書・引換証類', en: 'Temporary certificate or claim slip' },
    note: {
      ja: 'Aの書類が更新中の場合に交付されるもの',
      en: 'Issued while an A document is being renewed',
    },
  },
  'elderly-handbook': {
    category: 'B',
    name: { ja: '敬老手帳', en: "Senior citizen's handbook" },
    note: { ja: '地方公共団体が交付するもの', en: 'Issued by a local government' },
  },
  'public-assistance-certificate': {
    category: 'B',
    name: { ja: '生活保護受給者証', en: 'Public assistance recipient certificate' },
  },
  'health-insurance-card': {
    category: 'B',
    name: { ja: '健康保険・介護保険の被保険者証', en: 'Health or long-term care insurance card' },
  },
  'eligibility-certificate': {
    category: 'B',
    name: { ja: '資格確認書', en: 'Health insurance eligibility certificate' },
    note: {
      ja: '2024年12月2日以降、新たな健康保険証に代わって交付されるもの',
      en: 'Issued instead of new health insurance cards since 2024-12-02',
    },
  },
  'medical-benefit-certificate': {
    category: 'B',
    name: { ja: '医療受給者証', en: 'Medical expense benefit certificate' },
  },
  'pension-certificate': {
    category: 'B',
    name: { ja: '各種年金証書', en: 'Pension certificate' },
  },
  'child-support-allowance-certificate': {
    category: 'B',
    name: { ja: '児童扶養手当証書', en: 'Child support allowance certificate' },
  },
  'special-child-support-allowance-certificate': {
    category: 'B',
    name: { ja: '特別児童扶養手当証書等', en: 'Special child support allowance certificate' },
  },
  'bank-passbook': {
    category: 'B',
    name: { ja: '住民名義の預金通帳', en: "Bank passbook in the resident's name" },
  },
  'employee-id': {
    category: 'B',
    name: { ja: '民間企業の社員証', en: 'Company employee ID card' },
  },
  'student-id': {
    category: 'B',
    name: { ja: '学生証', en: 'Student ID card' },
  },
  'school-document': {
    category: 'B',
    name: { ja: '学校名が記載された各種書類', en: "Document bearing the school's name" },
  },
  'utility-receipt': {
    category: 'B',
    name: { ja: '公共料金の領収書(電気・ガス)', en: 'Utility bill receipt (electricity, gas)' },
    note: { ja: '住民名義のもの', en: "In the resident's name" },
  },
  'tax-receipt': {
    category: 'B',
    name: { ja: '税金・国民健康保険等の領収書', en: 'Receipt for taxes or National Health Insurance' },
  },
  'marine-officer-license': {
    category: 'B',
    name: { ja: '海技免状', en: "Marine officer's license" },
  },
  'electrician-license': {
    category: 'B',
    name: { ja: '電気工事士免状', en: "Electrician's license" },
  },
  'radio-operator-license': {
    category: 'B',
    name: { ja: '無線従事者免許証', en: 'Radio operator license' },
  },
  'railway-driver-license': {
    category: 'B',
    name: { ja: '動力車操縦者運転免許証', en: "Railway driver's license" },
  },
  'flight-dispatcher-certificate': {
    category: 'B',
    name: { ja: '運航管理者技能検定合格証明書', en: 'Flight dispatcher qualification certificate' },
  },
  'firearm-permit': {
    category: 'B',
    name: { ja: '猟銃・空気銃所持許可証', en: 'Hunting gun or air gun possession permit' },
  },
  'special-electrical-work-certificate': {
    category: 'B',
    name: { ja: '特種電気工事資格者認定証', en: 'Special electrical work qualification certificate' },
  },
  'approved-electrical-worker-certificate': {
    category: 'B',
    name: { ja: '認定電気工事従事者認定証', en: 'Approved electrical worker certificate' },
  },
  'airworthiness-inspector-id': {
    category: 'B',
    name: { ja: '耐空検査員の証', en: "Airworthiness inspector's certificate" },
  },
  'aviation-license': {
    category: 'B',
    name: { ja: '航空従事者技能証明書', en: 'Aviation personnel competence certificate' },
  },
  'real-estate-broker-license': {
    category: 'B',
    name: { ja: '宅地建物取引士証', en: "Real estate broker's license" },
  },
  'seaman-handbook': {
    category: 'B',
    name: { ja: '船員手帳', en: "Seaman's handbook" },
  },
  'war-invalid-handbook': {
    category: 'B',
    name: { ja: '戦傷病者手帳', en: "War invalid's handbook" },
  },
  'instructor-qualification-certificate': {
    category: 'B',
    name: { ja: '教習資格認定証', en: 'Driving instructor qualification certificate' },
  },
  'government-staff-id': {
    category: 'B',
    name: {
      ja: '官公署がその職員に対して発行した身分証明書',
      en: 'Staff ID issued by a government office to its staff',
    },
  },
};

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export const IDENTITY_DOCUMENTS: readonly IdentityDocument[] = deepFreeze(
  DOCUMENT_CODES.map((code) => ({ code, ...CATALOGUE[code] })),
);

const BY_CODE: ReadonlyMap<string, IdentityDocument> = new Map(
  IDENTITY_DOCUMENTS.map((doc) => [doc.code, doc]),
);

export function isDocumentCode(value: unknown): value is DocumentCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** The catalogue entry for a code, or `undefined` for a document the list does not know. */
export function identityDocument(code: unknown): IdentityDocument | undefined {
  return typeof code === 'string' ? BY_CODE.get(code) : undefined;
}
