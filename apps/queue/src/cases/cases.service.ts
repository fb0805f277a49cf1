import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type Actor,
  type CaseCardStep,
  type CaseCommand,
  type CaseState,
  type CommandMetadata,
  FOUR_DIGIT_PIN_KINDS,
  normalizeInquiryLetterReference,
  type PinKind,
  type PresentedDocument,
  tokyoDateOf,
} from '@madoguchi/domain';
import {
  type Clock,
  CLOCK,
  foldEvents,
  handleCommand,
  OutboxRelay,
  PostgresEventStore,
} from '@madoguchi/platform';
import { OfficeDirectory } from '../office/office-directory';
import { CaseCard, CardStepPermit } from './case-card';
import type { CaseDirectoryEntry } from './directory/case-directory-entry';
import { CaseDirectoryRepository } from './directory/case-directory.repository';
import { caseDecider, caseStreamId } from './case.decider';
import { CardRefusalException, CaseRefusalException } from './case-refusal.exception';
import type {
  CardChangeBody,
  CaseSearchQuery,
  IdentityDocumentsBody,
  OpenCaseBody,
  ResetRecordedBody,
  VerifyNewPinBody,
} from './cases.schemas';

export interface CaseView {
  caseId: string;
  version: number;
  case: CaseState;
}

type Command<Type extends CaseCommand['type']> = Omit<Extract<CaseCommand, { type: Type }>, 'metadata'>;

/**
 * PIN cases at the counter: each step goes to the case's own stream through the Case aggregate. A card
 * step is decided by the case first (a `CardStepPermit`), then done by the card gateway, then recorded as
 * what the card did. Nothing here keeps a PIN: it is passed on to the gateway and dropped with the request.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(OfficeDirectory) private readonly offices: OfficeDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(CaseCard) private readonly card: CaseCard,
    @Inject(CaseDirectoryRepository) private readonly directory: CaseDirectoryRepository,
  ) {}

  /** Cases of an office, for the counter to resume one: by day, status, proxy letter, ticket or reference. */
  search(officeId: string, query: CaseSearchQuery): Promise<CaseDirectoryEntry[]> {
    const office = this.offices.get(officeId);
    const reference =
      query.reference === undefined ? undefined : normalizeInquiryLetterReference(query.reference);
    return this.directory.find({
      officeId: office.id,
      ...(query.status && { status: query.status }),
      ...(query.appliedOn && { appliedOn: query.appliedOn }),
      ...(query.ticketNumber && { ticketNumber: query.ticketNumber }),
      ...(reference && { letterReference: reference }),
      ...(query.letter && { letter: { state: query.letter, today: tokyoDateOf(this.clock.now()) } }),
    });
  }

  open(officeId: string, body: OpenCaseBody, actor: Actor): Promise<CaseView> {
    const office = this.offices.get(officeId);
    const caseId = randomUUID();
    return this.execute(caseId, office.id, actor, {
      type: 'OpenCase',
      data: {
        caseId,
        officeId: office.id,
        ...(body.ticketNumber !== undefined && { ticketNumber: body.ticketNumber }),
        procedure: body.procedure as never,
        applicant: body.applicant as never,
        holder: body.holder,
      },
    });
  }

  async get(caseId: string): Promise<CaseView> {
    const { state, version } = await this.read(caseId);
    return { caseId, version, case: state };
  }

  async step(caseId: string, actor: Actor, command: Command<CaseCommand['type']>): Promise<CaseView> {
    const { state } = await this.read(caseId);
    if (state.status === 'not-opened') throw new NotFoundException(`caseId: no case ${caseId}`);
    return this.execute(caseId, state.officeId, actor, command);
  }

  recordIdentity(caseId: string, body: IdentityDocumentsBody, actor: Actor): Promise<CaseView> {
    return this.step(caseId, actor, {
      type: 'RecordIdentityDocuments',
      data: { whose: body.whose, documents: body.documents as PresentedDocument[] },
    });
  }

  /** Reads the four counters (uses no try) and records them on the case. */
  async checkCard(caseId: string, readerId: string, actor: Actor): Promise<CaseView> {
    const permit = await this.permit(caseId, { step: 'check' });
    const reply = await this.card.status(readerId, permit);
    if (!reply.ok) throw new CardRefusalException(reply.error);
    const triesLeft = reply.card?.triesLeft;
    if (!triesLeft) {
      throw new CardRefusalException({ code: 'no-card', message: 'no My Number card in the reader' });
    }
    return this.step(caseId, actor, { type: 'RecordCardChecked', data: { triesLeft } });
  }

  /**
   * Changes PINs on the card once the case permits it, then records exactly what the card did: the PINs it
   * changed, and a wrong old PIN as a failed change (it counted a try; the case may go on as a reset).
   */
  async changePins(caseId: string, body: CardChangeBody, actor: Actor): Promise<CaseView> {
    const kind = body.kind as PinKind | 'all-four-digit';
    const kinds = kind === 'all-four-digit' ? FOUR_DIGIT_PIN_KINDS : [kind];
    const permit = await this.permit(caseId, { step: 'change', kinds });
    const reply = await this.card.change(body.readerId, permit, {
      kind,
      oldPin: body.oldPin,
      newPin: body.newPin,
      ...(body.confirmedLastTry !== undefined && { confirmedLastTry: body.confirmedLastTry }),
    });
    if (reply.ok)
      return this.step(caseId, actor, { type: 'RecordPinsChanged', data: { kinds: reply.changed } });
    let view: CaseView | undefined;
    if (reply.changed.length > 0) {
      view = await this.step(caseId, actor, { type: 'RecordPinsChanged', data: { kinds: reply.changed } });
    }
    if (reply.error.code === 'wrong-pin') {
      view = await this.step(caseId, actor, {
        type: 'RecordPinChangeFailed',
        data: { kind: reply.error.kind, triesLeft: reply.error.triesLeft },
      });
    }
    throw new CardRefusalException(reply.error, { changed: reply.changed, ...(view && { case: view }) });
  }

  /**
   * Software cannot reset a PIN: the clerk does it on the J-LIS terminal. Once the case permits it, the
   * gateway records that and reads the counters; the case counts it a reset only with counters full.
   */
  async recordReset(caseId: string, body: ResetRecordedBody, actor: Actor): Promise<CaseView> {
    const permit = await this.permit(caseId, { step: 'reset', kinds: body.kinds as PinKind[] });
    const reply = await this.card.resetRecorded(body.readerId, permit, actor.id);
    if (!reply.ok) throw new CardRefusalException(reply.error);
    const view = await this.step(caseId, actor, {
      type: 'RecordPinsReset',
      data: { kinds: reply.kinds.filter((kind) => !reply.absent.includes(kind)), triesLeft: reply.triesLeft },
    });
    if (!reply.countersFull) {
      throw new CaseRefusalException(
        { code: 'counters-not-confirmed', kinds: reply.notFull },
        { case: view },
      );
    }
    return view;
  }

  /**
   * After a reset the resident types the new PIN (once, for every PIN reset to it) and the card verifies
   * it: the counters confirm that the PIN set on the J-LIS terminal is the one the resident knows.
   */
  async verifyNewPin(caseId: string, body: VerifyNewPinBody, actor: Actor): Promise<CaseView> {
    const kinds = body.kinds as PinKind[];
    const permit = await this.permit(caseId, { step: 'verify-new-pin', kinds });
    let view: CaseView | undefined;
    for (const kind of kinds) {
      const reply = await this.card.verifyNewPin(
        body.readerId,
        permit,
        kind,
        body.pin,
        body.confirmedLastTry,
      );
      if (reply.ok) {
        view = await this.step(caseId, actor, { type: 'RecordNewPinVerified', data: { kind } });
        continue;
      }
      if (reply.error.code === 'wrong-pin') {
        view = await this.step(caseId, actor, {
          type: 'RecordNewPinVerificationFailed',
          data: { kind, triesLeft: reply.error.triesLeft },
        });
      }
      throw new CardRefusalException(reply.error, { ...(view && { case: view }) });
    }
    return view as CaseView;
  }

  /** Asks the case whether the card step may happen now, reading the case once. */
  private async permit<Name extends CaseCardStep['step']>(
    caseId: string,
    request: Extract<CaseCardStep, { step: Name }>,
  ): Promise<CardStepPermit<Name>> {
    const { state } = await this.read(caseId);
    if (state.status === 'not-opened') throw new NotFoundException(`caseId: no case ${caseId}`);
    return CardStepPermit.ask(caseId, state, request, this.offices.get(state.officeId).cases);
  }

  private async read(caseId: string): Promise<{ state: CaseState; version: number }> {
    const { events, version } = await this.store.readStream(caseStreamId(caseId));
    return { state: foldEvents(caseDecider, events), version };
  }

  private async execute(
    caseId: string,
    officeId: string,
    actor: Actor,
    command: Command<CaseCommand['type']>,
  ): Promise<CaseView> {
    const office = this.offices.get(officeId);
    const outcome = await handleCommand(
      this.store,
      this.clock,
      caseDecider,
      caseStreamId(caseId),
      (now) => ({ ...command, metadata: { now, actor } satisfies CommandMetadata }) as CaseCommand,
      office.cases,
      { actor },
    );
    if (!outcome.ok) throw new CaseRefusalException(outcome.refusal);
    this.relay.wake();
    this.directory.changed();
    return { caseId, version: outcome.version, case: outcome.state };
  }
}
