/** 再設定・初期化 (PIN forgotten or locked) and 変更 (old PIN known). */
export type Procedure = 'pin-reset' | 'pin-change';
export const PROCEDURES: readonly Procedure[] = ['pin-reset', 'pin-change'];

/** 本人, 法定代理人 (holder under 15 or adult ward only), 任意代理人 (anyone the holder chooses). */
export type ApplicantType = 'self' | 'legal-representative' | 'proxy';
export const APPLICANT_TYPES: readonly ApplicantType[] = ['self', 'legal-representative', 'proxy'];

/** A proxy case takes two visits (application, then return of the inquiry letter); others take one. */
export type Visit = 1 | 2;

export function isProcedure(value: unknown): value is Procedure {
  return PROCEDURES.includes(value as Procedure);
}

export function isApplicantType(value: unknown): value is ApplicantType {
  return APPLICANT_TYPES.includes(value as ApplicantType);
}
