/**
 * Which card steps a case permits now. A card step (read the counters, change PINs, record a J-LIS reset,
 * verify the new PIN) is decided here before anything reaches the card, and its outcome is recorded under
 * the same rule, so a step the case refuses can never cost a try or change a PIN behind a refusal.
 */
import type { PinKind } from '../pin/pin-policy';
import { type DocumentOwner, identityRuleFor, requirementItemFor } from '../requirements';
import type { CaseRefusal } from './case.commands';
import type { CaseFile, CaseState } from './case.events';
import { type CaseSettings, DEFAULT_CASE_SETTINGS } from './case.settings';

export type CaseCardStep =
  /** Read the four counters (uses no try). */
  | { step: 'check' }
  /** Verify the old PIN and set the new one. */
  | { step: 'change'; kinds: readonly PinKind[] }
  /** The clerk reset these PINs on the J-LIS terminal; the card's counters are read to confirm it. */
  | { step: 'reset'; kinds: readonly PinKind[] }
  /** The resident types the new PIN after the reset. */
  | { step: 'verify-new-pin'; kinds: readonly PinKind[] };

export const DOCUMENT_OWNERS: readonly DocumentOwner[] = ['applicant', 'holder'];

/**
 * `{ ok: true }` when the case permits the card step now; otherwise the rule that refuses it. Callers must
 * ask before they send anything to the card.
 */
export function permitCardStep(
  state: CaseState,
  request: CaseCardStep,
  settings: CaseSettings = DEFAULT_CASE_SETTINGS,
): { ok: true } | { ok: false; refusal: CaseRefusal } {
  if (state.status === 'not-opened') return { ok: false, refusal: { code: 'case-not-open' } };
  if (state.status === 'closed') {
    return { ok: false, refusal: { code: 'case-closed', outcome: state.outcome } };
  }
  const refusal = cardStepRefusal(state, request, settings);
  return refusal ? { ok: false, refusal } : { ok: true };
}

/**
 * The rule refusing a card step on an open case, or `undefined`. `cardRead: false` leaves out the counter
 * reading a step needs (for a supervisor accepting a reset the card could not confirm).
 */
export function cardStepRefusal(
  file: CaseFile,
  request: CaseCardStep,
  settings: CaseSettings,
  options: { cardRead?: boolean } = {},
): CaseRefusal | undefined {
  switch (request.step) {
    case 'check':
      return undefined;
    case 'change':
    case 'reset': {
      const procedure = request.step === 'change' ? 'pin-change' : 'pin-reset';
      if (file.procedure !== procedure) return { code: 'wrong-procedure', procedure: file.procedure };
      // A wrong old PIN ends the change: the case goes on only as a reset, which asks for more documents.
      if (request.step === 'change' && file.pinChangeFailed) return { code: 'change-failed' };
      // A proxy brings the holder's answer (the PINs) only on the second visit.
      if (file.applicant === 'proxy' && file.visit === 1) return { code: 'letter-not-returned' };
      const missing = missingRequirements(file, settings);
      if (missing) return missing;
      if (options.cardRead === false) return undefined;
      // The counters are read before a change or reset, so the card in the reader is known to hold the PINs.
      if (!file.card) return { code: 'card-not-checked' };
      const card = file.card;
      const absent = request.kinds.find((kind) => card[kind] === null);
      return absent ? { code: 'pin-not-present', kind: absent } : undefined;
    }
    case 'verify-new-pin': {
      if (file.procedure !== 'pin-reset') return { code: 'wrong-procedure', procedure: file.procedure };
      const notReset = request.kinds.find((kind) => !file.pinsReset.includes(kind));
      return notReset ? { code: 'pin-not-reset', kind: notReset } : undefined;
    }
  }
}

/**
 * What the office's table still asks for on this visit: identity documents (per owner), then the proof of
 * legal representation. A supervisor's identity exception covers the identity documents only.
 */
export function missingRequirements(file: CaseFile, settings: CaseSettings): CaseRefusal | undefined {
  const whose = missingIdentity(file, settings);
  if (whose.length > 0) return { code: 'identity-not-sufficient', whose };
  const proof = requirementItemFor(
    'proof-of-representation',
    file.procedure,
    file.applicant,
    file.visit,
    settings.requirements,
  );
  if (proof && file.representationProof?.sufficient !== true) return { code: 'representation-not-proven' };
  return undefined;
}

/** Whose identity is still unproven for the current visit and procedure; empty once a supervisor excepted it. */
function missingIdentity(file: CaseFile, settings: CaseSettings): DocumentOwner[] {
  if (file.identityException) return [];
  // For `self` the applicant is the holder: one person, one set of documents.
  const owners: readonly DocumentOwner[] = file.applicant === 'self' ? ['applicant'] : DOCUMENT_OWNERS;
  return owners.filter((whose) => {
    const rule = identityRuleFor(file.procedure, file.applicant, file.visit, whose, settings.requirements);
    if (rule === undefined) return false;
    const recorded = file.identity[whose];
    // A verdict under another rule (the table changed since) proves nothing about this one.
    return !(recorded?.sufficient === true && recorded.rule === rule);
  });
}
