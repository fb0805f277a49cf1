import type { LoggerService } from '@nestjs/common';
import {
  type Actor,
  type CardGatewayError,
  type CardGatewayEvent,
  type CardGatewayFailure,
  type ChangeFourDigitPinsRequest,
  type ChangeOnePinRequest,
  type ChangeReply,
  type ChangeRequest,
  checkPin,
  FOUR_DIGIT_PIN_KINDS,
  type FourDigitPinKind,
  type PinField,
  type PinKind,
  type ReaderSummary,
  type ReadInfoReply,
  type ReadInfoRequest,
  type ResetRecordedReply,
  type ResetRecordedRequest,
  type StatusReply,
  type StatusRequest,
  type TriesLeft,
  type VerifyReply,
  type VerifyRequest,
} from '@madoguchi/domain';
import { MyNumberCard } from './card/protocol/my-number-card';
import type { CardIdentity, OutcomeUnknown } from './card/protocol/pin-outcomes';
import type { CardTransport, PresenceEvent } from './card/transport/card-transport';
import type { CardFactsRepository } from './card-facts.repository';
import {
  type CardProblem,
  cardProblemError,
  cardProblemFacts,
  changeFacts,
  type FactContext,
  type PinStepFailure,
  pinStepError,
  pinStepFailureFacts,
  triesAfterVerify,
  verifyFacts,
} from './card-replies';

export interface CardServiceOptions {
  readerId: string;
  driver: ReaderSummary['driver'];
  transport: CardTransport;
  facts: CardFactsRepository;
  /** HMAC key of the My Number hash (at least 32 bytes). */
  myNumberHashKey: Uint8Array;
  logger: LoggerService;
}

/** Refused before the card is asked to count anything: a card problem, or a card that is not a My Number card. */
type Refusal = CardProblem | { outcome: 'refused'; error: CardGatewayError };

const SINGLE_PIN_FIELDS: Readonly<Record<'pin' | 'old-pin' | 'new-pin', PinField>> = {
  pin: 'pin',
  'old-pin': 'oldPin',
  'new-pin': 'newPin',
};

/**
 * One reader's card operations, as the clerk's screen asks for them: each request is one or a few protocol
 * operations (`MyNumberCard`), an answer that says exactly what happened to the card, and the facts of it
 * appended to the event store. PINs pass through to the protocol and are never kept, logged or put in a fact.
 */
export class CardService {
  readonly readerId: string;
  private readonly card: MyNumberCard;
  private readonly transport: CardTransport;
  private readonly facts: CardFactsRepository;
  private readonly logger: LoggerService;
  private readonly systemActor: Actor;
  /** The token of the card in the reader, read once per insertion. */
  private identity: Promise<CardIdentity> | undefined;
  /** Bumped by every presence change, so an identity read across a card swap is not kept. */
  private presenceGeneration = 0;
  private presenceFacts: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopWatching: (() => void) | undefined;

  constructor(private readonly options: CardServiceOptions) {
    this.readerId = options.readerId;
    this.transport = options.transport;
    this.facts = options.facts;
    this.logger = options.logger;
    this.card = new MyNumberCard(options.transport, { logger: options.logger });
    this.systemActor = { kind: 'system', id: `card-gateway:${options.readerId}` };
  }

  /** Records what the reader holds at start, then every change the driver reports. */
  start(): Promise<void> {
    this.stopWatching = this.transport.onPresence((event) => this.presenceChanged(event));
    const { readerAttached, cardPresent } = this.transport.presence();
    return this.queuePresenceFacts(async () => {
      const facts: CardGatewayEvent[] = [];
      if (readerAttached) {
        facts.push({
          type: 'ReaderAttached',
          data: { readerId: this.readerId, readerName: this.transport.readerName },
        });
      }
      if (cardPresent) facts.push(await this.cardInsertedFact());
      return facts;
    });
  }

  /** Stops watching and waits for operations and facts under way. */
  async stop(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = undefined;
    await Promise.allSettled([...this.inFlight]);
    await this.presenceFacts;
    this.card.dispose();
  }

  summary(): ReaderSummary {
    return {
      readerId: this.readerId,
      readerName: this.transport.readerName,
      driver: this.options.driver,
      ...this.transport.presence(),
    };
  }

  status(request: StatusRequest): Promise<StatusReply> {
    return this.track(async (): Promise<StatusReply> => {
      const context = this.context('status', request.caseId);
      const presence = this.transport.presence();
      const reply = {
        ok: true as const,
        readerId: this.readerId,
        readerName: this.transport.readerName,
        readerAttached: presence.readerAttached,
        cardPresent: presence.readerAttached && presence.cardPresent,
      };
      if (!reply.cardPresent) return reply;
      const noCard = (problem: CardProblem): Promise<StatusReply> =>
        problem.outcome === 'card-unavailable' && problem.failure === 'no-card'
          ? Promise.resolve({ ...reply, cardPresent: false })
          : problem.outcome === 'card-unavailable' && problem.failure === 'no-reader'
            ? Promise.resolve({ ...reply, readerAttached: false, cardPresent: false })
            : this.problem(context, problem);

      const identity = await this.identify();
      if (identity.outcome !== 'identified') return noCard(identity);
      if (identity.token !== 'my-number-card') return { ...reply, card: { token: identity.token } };
      const reading = await this.card.readTriesLeft();
      if (reading.outcome !== 'read') return noCard(reading);
      // A plain poll leaves no trace; the counters read for a case belong to its trail.
      if (request.caseId !== undefined) {
        await this.record(context, [this.triesReadFact(context, reading.triesLeft)]);
      }
      return { ...reply, card: { token: identity.token, triesLeft: reading.triesLeft } };
    });
  }

  verify(request: VerifyRequest): Promise<VerifyReply> {
    return this.track(async (): Promise<VerifyReply> => {
      const context = this.context('verify', request.caseId);
      const field = (which: 'pin' | 'old-pin' | 'new-pin') => SINGLE_PIN_FIELDS[which];
      const malformed = malformedPin(request.kind, request.pin, 'pin');
      if (malformed) return { ok: false, error: pinStepError(malformed, field) };
      const refusal = await this.refusalForPinOperation();
      if (refusal) return this.refused(context, refusal);

      const outcome = await this.card.verify(request.kind, request.pin, {
        confirmedLastTry: request.confirmedLastTry ?? false,
      });
      if (outcome.outcome === 'verified') {
        await this.record(context, verifyFacts(context, outcome));
        return { ok: true, kind: outcome.kind, triesLeft: triesAfterVerify(outcome.kind) };
      }
      return { ok: false, error: await this.failedStep(context, outcome, field) };
    });
  }

  change(request: ChangeRequest): Promise<ChangeReply> {
    return this.track(() =>
      request.kind === 'all-four-digit' ? this.changeFourDigitPins(request) : this.changeOnePin(request),
    );
  }

  resetRecorded(request: ResetRecordedRequest): Promise<ResetRecordedReply> {
    return this.track(async (): Promise<ResetRecordedReply> => {
      const context = this.context('reset-recorded', request.caseId);
      const refusal = await this.refusalForPinOperation();
      if (refusal) return this.refused(context, refusal);
      const confirmation = await this.card.confirmCountersFull(request.kinds);
      if (confirmation.outcome !== 'full' && confirmation.outcome !== 'not-full') {
        return this.problem(context, confirmation);
      }
      const clerk: Actor = { kind: 'clerk', id: request.clerkId };
      const caseId = request.caseId === undefined ? {} : { caseId: request.caseId };
      const reset = request.kinds.filter((kind) => !confirmation.absent.includes(kind));
      const facts: CardGatewayEvent[] = [
        {
          type: 'PinResetRecorded',
          data: { readerId: this.readerId, ...caseId, kinds: request.kinds, clerkId: request.clerkId },
        },
        this.triesReadFact(context, confirmation.triesLeft),
      ];
      if (confirmation.outcome === 'full') {
        facts.push({
          type: 'PinResetConfirmed',
          data: { readerId: this.readerId, ...caseId, kinds: reset, clerkId: request.clerkId },
        });
      }
      await this.facts.record(this.readerId, facts, clerk);
      return {
        ok: true,
        kinds: request.kinds,
        countersFull: confirmation.outcome === 'full',
        notFull: confirmation.outcome === 'not-full' ? confirmation.notFull : [],
        absent: confirmation.absent,
        triesLeft: confirmation.triesLeft,
      };
    });
  }

  readInfo(request: ReadInfoRequest): Promise<ReadInfoReply> {
    return this.track(async (): Promise<ReadInfoReply> => {
      const context = this.context('read-info', request.caseId);
      const field = (which: 'pin' | 'old-pin' | 'new-pin') => SINGLE_PIN_FIELDS[which];
      const malformed = malformedPin('card-info-input', request.pin, 'pin');
      if (malformed) return { ok: false, error: pinStepError(malformed, field) };
      const refusal = await this.refusalForPinOperation();
      if (refusal) return this.refused(context, refusal);

      const reading = await this.card.readCardInfo(request.pin, {
        confirmedLastTry: request.confirmedLastTry ?? false,
        myNumberHashKey: this.options.myNumberHashKey,
      });
      if (reading.outcome === 'read') {
        await this.record(context, verifyFacts(context, { outcome: 'verified', kind: 'card-info-input' }));
        return { ok: true, ...reading.info };
      }
      if (reading.outcome === 'unreadable') {
        await this.record(context, [
          ...verifyFacts(context, { outcome: 'verified', kind: 'card-info-input' }),
          {
            type: 'CardOperationAborted',
            data: {
              ...this.caseData(context),
              operation: 'read-info',
              reason: `EF ${reading.file} does not have the expected layout`,
            },
          },
        ]);
        return {
          ok: false,
          error: {
            code: 'card-error',
            step: `read EF ${reading.file}`,
            message: `the card's EF ${reading.file} does not have the expected layout: ${reading.message}`,
          },
        };
      }
      return { ok: false, error: await this.failedStep(context, reading, field) };
    });
  }

  private async changeOnePin(request: ChangeOnePinRequest): Promise<ChangeReply> {
    const context = this.context('change', request.caseId);
    const field = (which: 'pin' | 'old-pin' | 'new-pin') => SINGLE_PIN_FIELDS[which];
    const failed = (error: CardGatewayError): ChangeReply => ({
      ok: false,
      error,
      changed: [],
      failed: request.kind,
      notAttempted: [],
    });
    const malformed =
      malformedPin(request.kind, request.oldPin, 'old-pin') ??
      malformedPin(request.kind, request.newPin, 'new-pin');
    if (malformed) return failed(pinStepError(malformed, field));
    const refusal = await this.refusalForPinOperation();
    if (refusal) return failed((await this.refused(context, refusal)).error);

    const outcome = await this.card.changePin(request.kind, request.oldPin, request.newPin, {
      confirmedLastTry: request.confirmedLastTry ?? false,
    });
    if (outcome.outcome === 'changed') {
      await this.record(context, changeFacts(context, outcome));
      return { ok: true, changed: [outcome.kind] };
    }
    return failed(await this.failedStep(context, outcome, field));
  }

  /** Three verify + change sequences; the reply says exactly which PINs changed, which failed, which were not tried. */
  private async changeFourDigitPins(request: ChangeFourDigitPinsRequest): Promise<ChangeReply> {
    const context = this.context('change', request.caseId);
    const kinds = FOUR_DIGIT_PIN_KINDS as readonly FourDigitPinKind[];
    const oldPinOf = (kind: FourDigitPinKind): string => request.oldPins?.[kind] ?? request.oldPin ?? '';
    const field = (which: 'pin' | 'old-pin' | 'new-pin', kind: PinKind): PinField =>
      which === 'old-pin' && request.oldPins !== undefined
        ? `oldPins.${kind as FourDigitPinKind}`
        : SINGLE_PIN_FIELDS[which];
    const failed = (error: CardGatewayError, changed: PinKind[], kind?: PinKind): ChangeReply => ({
      ok: false,
      error,
      changed,
      ...(kind === undefined ? {} : { failed: kind }),
      notAttempted: kinds.filter((other) => other !== kind && !changed.includes(other)),
    });

    for (const kind of kinds) {
      const malformed =
        malformedPin(kind, oldPinOf(kind), 'old-pin') ?? malformedPin(kind, request.newPin, 'new-pin');
      if (malformed) return failed(pinStepError(malformed, field), [], kind);
    }
    const refusal = await this.refusalForPinOperation();
    if (refusal) return failed((await this.refused(context, refusal)).error, []);

    const confirmed = request.confirmedLastTry === true ? kinds : request.confirmedLastTry || [];
    const report = await this.card.changeFourDigitPins(
      request.oldPins ?? request.oldPin ?? '',
      request.newPin,
      { confirmedLastTry: confirmed },
    );
    const changedFacts = report.changed.flatMap((kind) => changeFacts(context, { outcome: 'changed', kind }));
    if (!report.failed) {
      await this.record(context, changedFacts);
      return { ok: true, changed: report.changed };
    }
    await this.record(context, changedFacts);
    const error = await this.failedStep(context, report.failed.result, field);
    // A failure before the first PIN (the card left, a session failed) belongs to no PIN in particular.
    const stepKind = report.failed.result.outcome === 'card-unavailable' ? undefined : report.failed.kind;
    return failed(error, report.changed, stepKind);
  }

  /**
   * The error of a failed verify or change step, with its facts recorded. After an unknown outcome the counter is
   * read again (driver rule 3) so the clerk sees where the card stands; nothing is retried.
   */
  private async failedStep(
    context: FactContext,
    failure: PinStepFailure,
    field: (which: 'pin' | 'old-pin' | 'new-pin', kind: PinKind) => PinField,
  ): Promise<CardGatewayError> {
    const facts = pinStepFailureFacts(context, failure);
    let triesLeftAfter: number | null | undefined;
    if (failure.outcome === 'outcome-unknown') {
      const after = await this.triesAfterUnknownOutcome(failure);
      if (after) {
        triesLeftAfter = after[failure.kind];
        facts.push(this.triesReadFact(context, after));
      }
    }
    await this.record(context, facts);
    return pinStepError(failure, field, triesLeftAfter);
  }

  private async triesAfterUnknownOutcome(failure: OutcomeUnknown): Promise<TriesLeft | undefined> {
    const reading = await this.card.readTriesLeft();
    if (reading.outcome === 'read') return reading.triesLeft;
    this.logger.warn(
      `after the unknown outcome of a ${failure.step} of ${failure.kind}, the counters could not be read: ${
        reading.outcome === 'aborted' ? reading.statusWord : reading.failure
      }`,
    );
    return undefined;
  }

  /** A PIN operation goes only to a My Number card; an old 住基カード or anything else is refused untouched. */
  private async refusalForPinOperation(): Promise<Refusal | undefined> {
    const identity = await this.identify();
    if (identity.outcome !== 'identified') return identity;
    if (identity.token === 'my-number-card') return undefined;
    return {
      outcome: 'refused',
      error: {
        code: 'card-error',
        message:
          identity.token === 'resident-registry-card'
            ? 'the card is an old resident registry card (住基カード), not a My Number card; nothing was sent to it'
            : 'the card is not a My Number card; nothing was sent to it',
      },
    };
  }

  private async refused(context: FactContext, refusal: Refusal): Promise<CardGatewayFailure> {
    return refusal.outcome === 'refused'
      ? { ok: false, error: refusal.error }
      : this.problem(context, refusal);
  }

  private async problem(context: FactContext, problem: CardProblem): Promise<CardGatewayFailure> {
    await this.record(context, cardProblemFacts(context, problem));
    return { ok: false, error: cardProblemError(problem) };
  }

  private identify(): Promise<CardIdentity> {
    if (this.identity) return this.identity;
    const generation = this.presenceGeneration;
    const identity = this.card.identify();
    this.identity = identity;
    void identity.then((result) => {
      if (result.outcome !== 'identified' || generation !== this.presenceGeneration) {
        if (this.identity === identity) this.identity = undefined;
      }
    });
    return identity;
  }

  private presenceChanged(event: PresenceEvent): void {
    this.presenceGeneration += 1;
    this.identity = undefined;
    // Identified at once, not when the facts before it are written: the card may not stay long.
    const inserted = event.type === 'card-inserted' ? this.cardInsertedFact() : undefined;
    void this.queuePresenceFacts(async (): Promise<CardGatewayEvent[]> => {
      switch (event.type) {
        case 'reader-attached':
          return [
            { type: 'ReaderAttached', data: { readerId: this.readerId, readerName: event.readerName } },
          ];
        case 'reader-detached':
          return [{ type: 'ReaderDetached', data: { readerId: this.readerId } }];
        case 'card-inserted':
          return [await (inserted ?? this.cardInsertedFact())];
        case 'card-removed':
          return [{ type: 'CardRemoved', data: { readerId: this.readerId } }];
      }
    });
  }

  /** Resolves once the presence facts reported so far are recorded. */
  presenceSettled(): Promise<void> {
    return this.presenceFacts;
  }

  /** Presence facts are appended one after another, in the order the driver reported the changes. */
  private queuePresenceFacts(collect: () => Promise<CardGatewayEvent[]>): Promise<void> {
    const next = this.presenceFacts.then(async () => {
      try {
        await this.facts.record(this.readerId, await collect(), this.systemActor);
      } catch (error) {
        this.logger.error(
          `reader ${this.readerId}: presence facts not recorded: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    this.presenceFacts = next;
    return next;
  }

  private async cardInsertedFact(): Promise<CardGatewayEvent> {
    const identity = await this.identify();
    // A card that cannot be identified is still a card in the reader.
    const token = identity.outcome === 'identified' ? identity.token : 'unknown';
    if (identity.outcome !== 'identified') {
      this.logger.warn(
        `reader ${this.readerId}: the inserted card could not be identified (${
          identity.outcome === 'aborted' ? identity.statusWord : identity.failure
        })`,
      );
    }
    return { type: 'CardInserted', data: { readerId: this.readerId, token } };
  }

  private context(operation: FactContext['operation'], caseId: string | undefined): FactContext {
    return { readerId: this.readerId, caseId, operation };
  }

  private caseData(context: FactContext): { readerId: string; caseId?: string } {
    return context.caseId === undefined
      ? { readerId: context.readerId }
      : { readerId: context.readerId, caseId: context.caseId };
  }

  private triesReadFact(context: FactContext, triesLeft: TriesLeft): CardGatewayEvent {
    return { type: 'PinTriesRead', data: { ...this.caseData(context), triesLeft } };
  }

  private record(context: FactContext, facts: readonly CardGatewayEvent[]): Promise<void> {
    return this.facts.record(context.readerId, facts, this.systemActor);
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    const running = operation();
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running)).catch(() => undefined);
    return running;
  }
}

/** The PIN format check of driver rule 1, here so that the reply names the request field. */
function malformedPin(
  kind: PinKind,
  pin: string,
  which: 'pin' | 'old-pin' | 'new-pin',
): Extract<PinStepFailure, { outcome: 'malformed-pin' }> | undefined {
  const checked = checkPin(kind, pin);
  return checked.ok ? undefined : { outcome: 'malformed-pin', kind, which, reason: checked.reason };
}
