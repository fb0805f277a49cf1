/**
 * Whether the documents a person lays on the counter prove who they are (domain.md §3).
 * Bad documents are refused with a reason, never thrown: the clerk is looking at a resident, not a stack
 * trace, and the list may come from a form with gaps. Only a malformed `asOf` (a programming error) throws.
 */
import { assertCalendarDate, isCalendarDate, type CalendarDate } from '../shared/calendar-date';
import { assertNever, type LocalizedText } from '../shared/decision';
import { DomainInputError } from '../shared/domain-input-error';
import { identityDocument, type DocumentCategory, type DocumentCode } from './documents';

/**
 * `A1_OR_B2`: one A document, or two different B documents (default, and what a proxy must hold).
 * `A2_OR_A1B1`: two A documents, or one A and one B (stricter rule some offices use for representatives).
 * `A1_OR_B1`: one more identity document of either kind (the holder resetting with their own card in hand).
 */
export type IdentityRule = 'A1_OR_B2' | 'A2_OR_A1B1' | 'A1_OR_B1';
export const IDENTITY_RULES: readonly IdentityRule[] = Object.freeze(['A1_OR_B2', 'A2_OR_A1B1', 'A1_OR_B1']);
export const DEFAULT_IDENTITY_RULE: IdentityRule = 'A1_OR_B2';

export const IDENTITY_RULE_TEXT: Readonly<Record<IdentityRule, LocalizedText>> = Object.freeze({
  A1_OR_B2: { ja: 'Aの書類1点またはBの書類2点', en: 'One A document or two different B documents' },
  A2_OR_A1B1: {
    ja: 'Aの書類2点、またはAの書類1点とBの書類1点',
    en: 'Two A documents, or one A and one B document',
  },
  A1_OR_B1: { ja: 'Aの書類またはBの書類1点', en: 'One A or B document' },
});

export function isIdentityRule(value: unknown): value is IdentityRule {
  return IDENTITY_RULES.includes(value as IdentityRule);
}

/** A document as the clerk records it. `hasPhoto` counts only when the clerk has ticked it (`true`). */
export interface PresentedDocument {
  code: DocumentCode;
  original: boolean;
  expiresOn?: string;
  issuedOn?: string;
  hasPhoto?: boolean;
}

/**
 * The §5 reasons, then typed extensions for input the clerk's screen should never send but a form might:
 * `invalid-date` (an expiry or issue day that is not YYYY-MM-DD), `missing-issue-date` (a document whose
 * validity depends on its issue day, recorded without one).
 */
export type DocumentRejectionReason =
  | 'copy'
  | 'expired'
  | 'issued-too-early'
  | 'no-photo-type'
  | 'duplicate'
  | 'invalid-date'
  | 'missing-issue-date';

/**
 * A document not on the list keeps `code: null`: the input string is never echoed (it is free text and
 * could hold anything), and the counter handles it by a supervisor's recorded exception instead.
 */
export type RejectedDocument =
  { code: DocumentCode; reason: DocumentRejectionReason } | { code: null; reason: 'unknown-document' };

export interface CountedDocument {
  code: DocumentCode;
  category: DocumentCategory;
}

export interface IdentityAssessment {
  sufficient: boolean;
  /** Accepted documents, in the order presented. */
  counted: CountedDocument[];
  /** Refused documents, in the order presented. */
  rejected: RejectedDocument[];
}

export interface IdentityAssessmentOptions {
  /** The day of the visit (Japanese calendar, YYYY-MM-DD); a document is still valid on its expiry day. */
  asOf: string;
  rule?: IdentityRule;
}

export function assessIdentity(
  docs: PresentedDocument[],
  opts: IdentityAssessmentOptions,
): IdentityAssessment {
  const asOf: unknown = (opts as Partial<IdentityAssessmentOptions> | undefined)?.asOf;
  assertCalendarDate(asOf, 'asOf');
  const rule: unknown = opts.rule ?? DEFAULT_IDENTITY_RULE;
  if (!isIdentityRule(rule)) {
    throw new DomainInputError(
      'invalid-office-configuration',
      'rule',
      `rule must be one of ${IDENTITY_RULES.join(', ')}`,
    );
  }

  const presented: readonly unknown[] = Array.isArray(docs) ? docs : [];
  const examined = presented.map((doc) => examine(doc, asOf));
  const kept = bestOfEachCode(examined);

  const counted: CountedDocument[] = [];
  const rejected: RejectedDocument[] = [];
  examined.forEach((outcome, index) => {
    if ('reason' in outcome) rejected.push(outcome);
    else if (kept.has(index)) counted.push(outcome);
    else rejected.push({ code: outcome.code, reason: 'duplicate' });
  });

  const a = counted.filter((doc) => doc.category === 'A').length;
  const b = counted.length - a;
  return { sufficient: satisfiesIdentityRule(rule, a, b), counted, rejected };
}

/** Whether `a` distinct A documents and `b` distinct B documents satisfy `rule`. */
export function satisfiesIdentityRule(rule: IdentityRule, a: number, b: number): boolean {
  switch (rule) {
    case 'A1_OR_B2':
      return a >= 1 || b >= 2;
    case 'A2_OR_A1B1':
      return a >= 2 || (a >= 1 && b >= 1);
    case 'A1_OR_B1':
      return a + b >= 1;
    default:
      return assertNever(rule);
  }
}

type Examined = CountedDocument | RejectedDocument;

function examine(doc: unknown, asOf: CalendarDate): Examined {
  if (doc === null || typeof doc !== 'object') return { code: null, reason: 'unknown-document' };
  const fields = doc as Partial<Record<keyof PresentedDocument, unknown>>;
  const entry = identityDocument(fields.code);
  if (!entry) return { code: null, reason: 'unknown-document' };
  const code = entry.code;
  const conditions = entry.conditions ?? {};

  if (fields.original !== true) return { code, reason: 'copy' };

  const expiresOn = fields.expiresOn ?? undefined;
  const issuedOn = fields.issuedOn ?? undefined;
  if (expiresOn !== undefined && !isCalendarDate(expiresOn)) return { code, reason: 'invalid-date' };
  if (issuedOn !== undefined && !isCalendarDate(issuedOn)) return { code, reason: 'invalid-date' };

  if (conditions.issuedOnOrAfter !== undefined) {
    // An unknown issue day cannot prove the certificate is recent enough, so it is not taken on trust.
    if (issuedOn === undefined) return { code, reason: 'missing-issue-date' };
    if (issuedOn < conditions.issuedOnOrAfter) return { code, reason: 'issued-too-early' };
  }

  let category = entry.category;
  if (conditions.withoutPhoto !== undefined && fields.hasPhoto !== true) {
    if (conditions.withoutPhoto === 'refused') return { code, reason: 'no-photo-type' };
    category = conditions.withoutPhoto;
  }

  const lastValidDay = earliest(expiresOn, conditions.validUntilAtLatest);
  if (lastValidDay !== undefined && lastValidDay < asOf) return { code, reason: 'expired' };

  return { code, category };
}

function earliest(...days: (CalendarDate | undefined)[]): CalendarDate | undefined {
  return days.reduce<CalendarDate | undefined>(
    (min, day) => (day === undefined || (min !== undefined && min <= day) ? min : day),
    undefined,
  );
}

/**
 * Which accepted documents count when a code appears more than once: the first A instance if any, else
 * the first one. Preferring A keeps the assessment monotonic: a photo-less residence card laid down before
 * the photo one must not demote the pair to a single B document.
 */
function bestOfEachCode(examined: readonly Examined[]): Set<number> {
  const best = new Map<DocumentCode, { index: number; category: DocumentCategory }>();
  examined.forEach((outcome, index) => {
    if ('reason' in outcome) return;
    const current = best.get(outcome.code);
    if (!current || (current.category === 'B' && outcome.category === 'A')) {
      best.set(outcome.code, { index, category: outcome.category });
    }
  });
  return new Set([...best.values()].map(({ index }) => index));
}
