/**
 * Proof that a legal representative (法定代理人) represents the holder (domain.md §2): 戸籍謄本 for a holder
 * under 15, 成年後見登記事項証明書 for an adult ward, not needed when the city confirms the relationship
 * itself (the holder's 本籍 is in the city, or both live in one household). Recorded as codes only: the
 * certificate's contents (names, the family register) never reach the case.
 */
import type { HolderFacts } from '../requirements/eligibility';
import { type CalendarDate, isCalendarDate } from '../shared/calendar-date';
import type { LocalizedText } from '../shared/decision';

export const REPRESENTATION_PROOF_CODES = [
  'family-register-certificate',
  'guardianship-registration-certificate',
] as const;
/** `family-register-certificate` 戸籍謄本; `guardianship-registration-certificate` 成年後見登記事項証明書. */
export type RepresentationProofCode = (typeof REPRESENTATION_PROOF_CODES)[number];

export const REPRESENTATION_EXEMPTIONS = ['registered-domicile-in-city', 'same-household'] as const;
/** The city confirms the relationship from its own registers, so no certificate is asked for. */
export type RepresentationExemption = (typeof REPRESENTATION_EXEMPTIONS)[number];

export const REPRESENTATION_PROOF_TEXT: Readonly<
  Record<RepresentationProofCode | RepresentationExemption, LocalizedText>
> = Object.freeze({
  'family-register-certificate': { ja: '戸籍謄本', en: 'Family register (koseki tohon)' },
  'guardianship-registration-certificate': {
    ja: '成年後見登記事項証明書',
    en: 'Certificate of adult guardianship registration',
  },
  'registered-domicile-in-city': {
    ja: '本人の本籍が市内にある（市で確認）',
    en: "The holder's registered domicile is in the city (checked by the city)",
  },
  'same-household': {
    ja: '法定代理人と本人が同一世帯（市で確認）',
    en: 'Representative and holder share one household (checked by the city)',
  },
});

/** What the clerk saw: a certificate (original or not, its issue day), or an exemption the city confirmed. */
export type PresentedRepresentationProof =
  | { document: RepresentationProofCode; original: boolean; issuedOn?: CalendarDate }
  | { exemption: RepresentationExemption };

export type RepresentationProofRejection =
  /** 戸籍謄本 for a ward, or 成年後見登記事項証明書 for a child: it does not prove this representation. */
  | 'wrong-certificate'
  | 'copy'
  | 'missing-issue-date'
  | 'issued-too-long-ago'
  | 'issued-in-the-future'
  | 'unknown-proof';

export type RepresentationProofVerdict =
  | { sufficient: true }
  | { sufficient: false; reason: RepresentationProofRejection; expected?: RepresentationProofCode };

export function isRepresentationProofCode(value: unknown): value is RepresentationProofCode {
  return REPRESENTATION_PROOF_CODES.includes(value as RepresentationProofCode);
}

export function isRepresentationExemption(value: unknown): value is RepresentationExemption {
  return REPRESENTATION_EXEMPTIONS.includes(value as RepresentationExemption);
}

/** The certificate that proves a representation of this holder; a child under 15 takes precedence. */
export function representationCertificateFor(holder: HolderFacts): RepresentationProofCode | undefined {
  if (holder.under15) return 'family-register-certificate';
  if (holder.adultWard) return 'guardianship-registration-certificate';
  return undefined;
}

/**
 * Whether what was shown proves the representation. `issuedWithinMonths` comes from the office's table
 * (some cities want a certificate at most 3 months old); counted back from `asOf`, the day of the visit.
 */
export function assessRepresentationProof(
  presented: PresentedRepresentationProof,
  options: { holder: HolderFacts; asOf: CalendarDate; issuedWithinMonths?: number },
): RepresentationProofVerdict {
  const raw = (presented !== null && typeof presented === 'object' ? presented : {}) as Partial<
    Record<'document' | 'original' | 'issuedOn' | 'exemption', unknown>
  >;
  if (raw.exemption !== undefined) {
    return isRepresentationExemption(raw.exemption) && raw.document === undefined
      ? { sufficient: true }
      : { sufficient: false, reason: 'unknown-proof' };
  }
  if (!isRepresentationProofCode(raw.document)) return { sufficient: false, reason: 'unknown-proof' };
  const expected = representationCertificateFor(options.holder);
  if (raw.document !== expected) {
    return { sufficient: false, reason: 'wrong-certificate', ...(expected ? { expected } : {}) };
  }
  if (raw.original !== true) return { sufficient: false, reason: 'copy' };
  const months = options.issuedWithinMonths;
  if (raw.issuedOn !== undefined && !isCalendarDate(raw.issuedOn)) {
    return { sufficient: false, reason: 'missing-issue-date' };
  }
  if (isCalendarDate(raw.issuedOn) && raw.issuedOn > options.asOf) {
    return { sufficient: false, reason: 'issued-in-the-future' };
  }
  if (months !== undefined) {
    if (!isCalendarDate(raw.issuedOn)) return { sufficient: false, reason: 'missing-issue-date' };
    if (raw.issuedOn < monthsBefore(options.asOf, months)) {
      return { sufficient: false, reason: 'issued-too-long-ago' };
    }
  }
  return { sufficient: true };
}

/**
 * The same day of the month `months` months earlier, or the month's last day when it has no such day
 * (3 months before 05-31 is 02-28): a certificate issued on that day is still within the period.
 */
export function monthsBefore(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(Math.min(day, lastDay))}`;
}
