import { Inject, Injectable } from '@nestjs/common';
import {
  type CaseCardStep,
  type CaseSettings,
  type CaseState,
  type ChangeReply,
  type PinKind,
  permitCardStep,
  type ResetRecordedReply,
  type StatusReply,
  type VerifyReply,
} from '@madoguchi/domain';
import { CardGatewayClient } from './case-gateway.client';
import { CaseRefusalException } from './case-refusal.exception';

type StepOf<Name extends CaseCardStep['step']> = Extract<CaseCardStep, { step: Name }>;

/**
 * The Case aggregate's yes to one card step. Only `CardStepPermit.ask` makes one (the constructor is
 * private, which also makes the class nominal), and every method of `CaseCard` wants one for its step: so
 * no code path can reach the card for a case without the case having decided first.
 */
export class CardStepPermit<Name extends CaseCardStep['step']> {
  private constructor(
    readonly caseId: string,
    readonly request: StepOf<Name>,
  ) {}

  /** Throws the case's refusal (409/422); nothing has been sent to the card then. */
  static ask<Name extends CaseCardStep['step']>(
    caseId: string,
    state: CaseState,
    request: StepOf<Name>,
    settings: CaseSettings,
  ): CardStepPermit<Name> {
    const decision = permitCardStep(state, request, settings);
    if (!decision.ok) throw new CaseRefusalException(decision.refusal);
    return new CardStepPermit(caseId, request);
  }
}

/** PINs as typed at the counter, for this request only: passed to the gateway, never kept or logged. */
export interface ChangePins {
  kind: PinKind | 'all-four-digit';
  oldPin: string;
  newPin: string;
  confirmedLastTry?: boolean;
}

/** The card gateway as a PIN case may use it: one method per card step, each behind its permit. */
@Injectable()
export class CaseCard {
  constructor(@Inject(CardGatewayClient) private readonly gateway: CardGatewayClient) {}

  status(readerId: string, permit: CardStepPermit<'check'>): Promise<StatusReply> {
    return this.gateway.request(readerId, 'status', { caseId: permit.caseId });
  }

  change(readerId: string, permit: CardStepPermit<'change'>, pins: ChangePins): Promise<ChangeReply> {
    const { caseId } = permit;
    const confirmed = pins.confirmedLastTry === undefined ? {} : { confirmedLastTry: pins.confirmedLastTry };
    return this.gateway.request(
      readerId,
      'change',
      pins.kind === 'all-four-digit'
        ? { kind: 'all-four-digit', oldPin: pins.oldPin, newPin: pins.newPin, caseId, ...confirmed }
        : { kind: pins.kind, oldPin: pins.oldPin, newPin: pins.newPin, caseId, ...confirmed },
    );
  }

  resetRecorded(
    readerId: string,
    permit: CardStepPermit<'reset'>,
    clerkId: string,
  ): Promise<ResetRecordedReply> {
    return this.gateway.request(readerId, 'reset-recorded', {
      kinds: [...permit.request.kinds],
      clerkId,
      caseId: permit.caseId,
    });
  }

  /** One PIN at a time: the permit names the PINs that were reset, `kind` must be one of them. */
  verifyNewPin(
    readerId: string,
    permit: CardStepPermit<'verify-new-pin'>,
    kind: PinKind,
    pin: string,
    confirmedLastTry?: boolean,
  ): Promise<VerifyReply> {
    if (!permit.request.kinds.includes(kind)) throw new Error(`the permit does not cover ${kind}`);
    return this.gateway.request(readerId, 'verify', {
      kind,
      pin,
      caseId: permit.caseId,
      ...(confirmedLastTry === undefined ? {} : { confirmedLastTry }),
    });
  }
}
