/**
 * What to bring, per procedure × applicant × visit (domain.md §2), as data. Atsugi's page lost its
 * tables, and other cities ask for different things, so the lists live in office configuration: the
 * defaults below are one table, the switches other cities use are options that build another, and
 * `validateRequirementsTable` checks a hand-written one.
 */
import { DEFAULT_IDENTITY_RULE, type DocumentCode, IDENTITY_RULE_TEXT, type IdentityRule } from '../identity';
import type { LocalizedText } from '../shared/decision';
import { DomainInputError } from '../shared/domain-input-error';
import type { ApplicantType, Procedure, Visit } from '../shared/procedures';
import { deepCopy, deepFreeze } from './copy';
import { validateRequirementOptions } from './validate-requirements-table';

/** Item codes the default tables use; an office may add its own codes. */
export type KnownRequirementCode =
  | 'holder-card'
  | 'applicant-identity'
  | 'holder-identity'
  | 'proof-of-representation'
  | 'sealed-inquiry-letter'
  | 'current-pin'
  | 'power-of-attorney';

export type DocumentOwner = 'applicant' | 'holder';

export interface RequirementItem {
  code: string;
  text: LocalizedText;
  /** Set on identity items: the rule `assessIdentity` applies to the documents of `whose`. */
  identityRule?: IdentityRule;
  whose?: DocumentOwner;
  /**
   * Documents that do not count toward this item. The holder's own My Number card is the card being handled:
   * it cannot also be the "one more identity document" that proves its holder.
   */
  notCounted?: DocumentCode[];
  /** Situations in which the item is not needed (the city can confirm the fact itself). */
  exemptions?: LocalizedText[];
  /** The document must have been issued within this many months before the visit. */
  issuedWithinMonths?: number;
}

/** Items per visit: visit 2 exists only for a proxy (the sealed inquiry letter comes back). */
export interface VisitRequirements {
  readonly 1: readonly RequirementItem[];
  readonly 2?: readonly RequirementItem[];
}

export type ApplicantRequirements = { readonly [A in ApplicantType]: VisitRequirements };

export type RequirementsTable = { readonly [P in Procedure]: ApplicantRequirements };

/** The switches other cities use (domain.md §2, last paragraph). Absent means Atsugi's default. */
export interface RequirementOptions {
  /** Identity rule for a legal representative; default `A1_OR_B2`, some cities use `A2_OR_A1B1`. */
  representativeRule?: IdentityRule;
  /** Identity rule for a proxy; default `A1_OR_B2` (Atsugi: without it one cannot be a proxy). */
  proxyRule?: IdentityRule;
  /** A separate 委任状 from the holder at visit 1 (Atsugi relies on the inquiry letter instead). */
  powerOfAttorneyAtVisit1?: boolean;
  /** One identity document of the holder's own at visit 2, besides the card. */
  holderIdentityAtVisit2?: boolean;
  /** Proof of representation must be at most this many months old (3 in some cities). */
  proofIssuedWithinMonths?: number;
}

export const REQUIREMENT_OPTION_DEFAULTS: Readonly<
  Required<Omit<RequirementOptions, 'proofIssuedWithinMonths'>>
> = Object.freeze({
  representativeRule: DEFAULT_IDENTITY_RULE,
  proxyRule: DEFAULT_IDENTITY_RULE,
  powerOfAttorneyAtVisit1: false,
  holderIdentityAtVisit2: false,
});

const OWN_CARD: RequirementItem = {
  code: 'holder-card',
  text: { ja: 'マイナンバーカード', en: 'Your My Number card' },
  whose: 'holder',
};

const HOLDER_CARD: RequirementItem = {
  code: 'holder-card',
  text: { ja: '本人のマイナンバーカード', en: "The holder's My Number card" },
  whose: 'holder',
};

const OWN_EXTRA_IDENTITY: RequirementItem = {
  code: 'applicant-identity',
  text: {
    ja: 'マイナンバーカード以外の本人確認書類1点(Aの書類またはBの書類)',
    en: 'One more identity document besides the card (A or B)',
  },
  identityRule: 'A1_OR_B1',
  whose: 'applicant',
  notCounted: ['my-number-card'],
};

const HOLDER_IDENTITY: RequirementItem = {
  code: 'holder-identity',
  text: {
    ja: '本人の本人確認書類1点(Aの書類またはBの書類、マイナンバーカード以外)',
    en: "One identity document of the holder's (A or B, besides the card)",
  },
  identityRule: 'A1_OR_B1',
  whose: 'holder',
  notCounted: ['my-number-card'],
};

const CURRENT_PIN: RequirementItem = {
  code: 'current-pin',
  text: {
    ja: '現在の暗証番号(窓口で入力していただきます)',
    en: 'The current PIN, entered at the counter',
  },
};

const POWER_OF_ATTORNEY: RequirementItem = {
  code: 'power-of-attorney',
  text: { ja: '本人が記入した委任状', en: 'A letter of attorney filled in by the holder' },
  whose: 'holder',
};

function applicantIdentity(who: LocalizedText, rule: IdentityRule): RequirementItem {
  const ruleText = IDENTITY_RULE_TEXT[rule];
  return {
    code: 'applicant-identity',
    text: {
      ja: `${who.ja}の本人確認書類(${ruleText.ja})`,
      en: `The ${who.en}'s identity documents (${ruleText.en.charAt(0).toLowerCase()}${ruleText.en.slice(1)})`,
    },
    identityRule: rule,
    whose: 'applicant',
  };
}

function proofOfRepresentation(issuedWithinMonths: number | undefined): RequirementItem {
  const recent: LocalizedText | undefined =
    issuedWithinMonths === undefined
      ? undefined
      : {
          ja: `、発行から${issuedWithinMonths}か月以内のもの`,
          en: `, issued within the last ${issuedWithinMonths} months`,
        };
  return {
    code: 'proof-of-representation',
    text: {
      ja: `法定代理人であることを証明する書類(15歳未満の方は戸籍謄本、成年被後見人の方は成年後見登記事項証明書${recent?.ja ?? ''})`,
      en: `Proof of legal representation (family register for a child under 15, certificate of adult guardianship registration for a ward${recent?.en ?? ''})`,
    },
    exemptions: [
      {
        ja: '本人の本籍が市内にある場合',
        en: "The holder's registered domicile (honseki) is in the city",
      },
      {
        ja: '法定代理人と本人が同一世帯の場合',
        en: 'The representative and the holder live in the same household',
      },
    ],
    ...(issuedWithinMonths === undefined ? {} : { issuedWithinMonths }),
  };
}

function sealedInquiryLetter(procedure: Procedure): RequirementItem {
  const pins: LocalizedText =
    procedure === 'pin-change'
      ? { ja: '変更前と変更後の暗証番号', en: 'the old and the new PIN' }
      : { ja: '新しい暗証番号', en: 'the new PIN' };
  return {
    code: 'sealed-inquiry-letter',
    text: {
      ja: `本人が${pins.ja}を記入し封をした照会書兼回答書`,
      en: `The inquiry letter, filled in by the holder with ${pins.en} and sealed`,
    },
  };
}

const REPRESENTATIVE: LocalizedText = { ja: '法定代理人', en: 'legal representative' };
const PROXY: LocalizedText = { ja: '任意代理人', en: 'proxy' };

/**
 * The tables of domain.md §2 with the given switches applied. Throws `DomainInputError` for options that
 * are not well formed (they come from an office configuration file and should fail at boot).
 */
export function buildRequirementsTable(options: RequirementOptions = {}): RequirementsTable {
  const checked = validateRequirementOptions(options);
  if (!checked.ok) {
    throw new DomainInputError('invalid-office-configuration', 'requirements', checked.errors.join('; '));
  }
  const settings = { ...REQUIREMENT_OPTION_DEFAULTS, ...checked.options };
  const representativeIdentity = applicantIdentity(REPRESENTATIVE, settings.representativeRule);
  const proof = proofOfRepresentation(settings.proofIssuedWithinMonths);
  const proxyVisits = (procedure: Procedure): VisitRequirements => {
    const proxyIdentity = applicantIdentity(PROXY, settings.proxyRule);
    return {
      1: [HOLDER_CARD, proxyIdentity, ...(settings.powerOfAttorneyAtVisit1 ? [POWER_OF_ATTORNEY] : [])],
      2: [
        sealedInquiryLetter(procedure),
        HOLDER_CARD,
        proxyIdentity,
        ...(settings.holderIdentityAtVisit2 ? [HOLDER_IDENTITY] : []),
      ],
    };
  };

  return deepFreeze(
    deepCopy({
      'pin-reset': {
        self: { 1: [OWN_CARD, OWN_EXTRA_IDENTITY] },
        'legal-representative': { 1: [HOLDER_CARD, representativeIdentity, HOLDER_IDENTITY, proof] },
        proxy: proxyVisits('pin-reset'),
      },
      'pin-change': {
        // The card and the PIN it unlocks prove the holder: nothing else is asked.
        self: { 1: [OWN_CARD, CURRENT_PIN] },
        'legal-representative': { 1: [HOLDER_CARD, representativeIdentity, proof, CURRENT_PIN] },
        proxy: proxyVisits('pin-change'),
      },
    }),
  );
}

export const DEFAULT_REQUIREMENTS: RequirementsTable = buildRequirementsTable();

/** The items to bring, as fresh copies; an empty list for a visit the applicant does not make. */
export function whatToBring(
  procedure: Procedure,
  applicant: ApplicantType,
  visit: Visit,
  table: RequirementsTable = DEFAULT_REQUIREMENTS,
): RequirementItem[] {
  return itemsOf(table, procedure, applicant, visit).map((item) => deepCopy(item));
}

/**
 * The identity rule for `whose` documents on that visit, or `undefined` when no identity document is asked
 * of them (e.g. a change by the holder, where card and PIN suffice). For `self` the applicant is the
 * holder, so either owner finds the same item.
 */
export function identityRuleFor(
  procedure: Procedure,
  applicant: ApplicantType,
  visit: Visit,
  whose: DocumentOwner,
  table: RequirementsTable = DEFAULT_REQUIREMENTS,
): IdentityRule | undefined {
  return identityRequirementFor(procedure, applicant, visit, whose, table)?.rule;
}

/** The identity item for `whose` documents on that visit: its rule and the documents that do not count. */
export function identityRequirementFor(
  procedure: Procedure,
  applicant: ApplicantType,
  visit: Visit,
  whose: DocumentOwner,
  table: RequirementsTable = DEFAULT_REQUIREMENTS,
): { rule: IdentityRule; notCounted: readonly DocumentCode[] } | undefined {
  const item = itemsOf(table, procedure, applicant, visit).find(
    (candidate) =>
      candidate.identityRule !== undefined &&
      (candidate.whose === whose || (applicant === 'self' && candidate.whose !== undefined)),
  );
  if (item?.identityRule === undefined) return undefined;
  return { rule: item.identityRule, notCounted: item.notCounted ?? [] };
}

/** The item of that code the office asks for on that visit (e.g. `proof-of-representation`), if it does. */
export function requirementItemFor(
  code: string,
  procedure: Procedure,
  applicant: ApplicantType,
  visit: Visit,
  table: RequirementsTable = DEFAULT_REQUIREMENTS,
): RequirementItem | undefined {
  const item = itemsOf(table, procedure, applicant, visit).find((candidate) => candidate.code === code);
  return item === undefined ? undefined : deepCopy(item);
}

function itemsOf(
  table: RequirementsTable,
  procedure: Procedure,
  applicant: ApplicantType,
  visit: Visit,
): readonly RequirementItem[] {
  // Untyped callers may ask for a procedure, applicant or visit the table does not have.
  const visits = (table as Partial<RequirementsTable>)[procedure]?.[applicant] as
    Partial<VisitRequirements> | undefined;
  const items = visits?.[visit];
  return Array.isArray(items) ? (items as readonly RequirementItem[]) : [];
}
