import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  type Actor,
  type CaseCommand,
  type CaseState,
  type CommandMetadata,
  type PinKind,
  type PresentedDocument,
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
import { CardGatewayClient } from './case-gateway.client';
import { caseDecider, caseStreamId } from './case.decider';
import { CardRefusalException, CaseRefusalException } from './case-refusal.exception';
import type { CardChangeBody, IdentityDocumentsBody, OpenCaseBody, ResetRecordedBody } from './cases.schemas';

export interface CaseView {
  caseId: string;
  version: number;
  case: CaseState;
}

type Command<Type extends CaseCommand['type']> = Omit<Extract<CaseCommand, { type: Type }>, 'metadata'>;

/**
 * PIN cases at the counter: each step goes to the case's own stream through the Case aggregate; card
 * steps ask the card gateway first and record what the card did. Nothing here keeps a PIN: it is
 * passed on to the gateway and dropped with the request.
 */
@Injectable()
export class CasesService {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(OfficeDirectory) private readonly offices: OfficeDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(CardGatewayClient) private readonly gateway: CardGatewayClient,
  ) {}

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
    await this.mustBeOpen(caseId);
    const reply = await this.gateway.request(readerId, 'status', { caseId });
    if (!reply.ok) throw new CardRefusalException(reply.error);
    const triesLeft = reply.card?.triesLeft;
    if (!triesLeft) {
      throw new CardRefusalException({ code: 'no-card', message: 'no My Number card in the reader' });
    }
    return this.step(caseId, actor, { type: 'RecordCardChecked', data: { triesLeft } });
  }

  /**
   * Changes PINs on the card, then records exactly what the card did: the PINs it changed, and a wrong
   * old PIN as a failed change (it counted a try; the case may go on as a reset).
   */
  async changePins(caseId: string, body: CardChangeBody, actor: Actor): Promise<CaseView> {
    await this.mustBeOpen(caseId);
    const request =
      body.kind === 'all-four-digit'
        ? { kind: 'all-four-digit' as const, oldPin: body.oldPin, newPin: body.newPin, caseId }
        : { kind: body.kind as PinKind, oldPin: body.oldPin, newPin: body.newPin, caseId };
    const reply = await this.gateway.request(body.readerId, 'change', {
      ...request,
      ...(body.confirmedLastTry !== undefined && { confirmedLastTry: body.confirmedLastTry }),
    });
    if (reply.ok)
      return this.step(caseId, actor, { type: 'RecordPinsChanged', data: { kinds: reply.changed } });
    let view: CaseView | undefined;
    if ('changed' in reply && reply.changed.length > 0) {
      view = await this.step(caseId, actor, { type: 'RecordPinsChanged', data: { kinds: reply.changed } });
    }
    if (reply.error.code === 'wrong-pin') {
      view = await this.step(caseId, actor, {
        type: 'RecordPinChangeFailed',
        data: { kind: reply.error.kind, triesLeft: reply.error.triesLeft },
      });
    }
    throw new CardRefusalException(reply.error, {
      changed: 'changed' in reply ? reply.changed : [],
      ...(view && { case: view }),
    });
  }

  /**
   * Software cannot reset a PIN: the clerk does it on the J-LIS terminal. The gateway records that and
   * reads the counters; only counters back at their maximum confirm the reset.
   */
  async recordReset(caseId: string, body: ResetRecordedBody, actor: Actor): Promise<CaseView> {
    await this.mustBeOpen(caseId);
    const kinds = body.kinds as PinKind[];
    const reply = await this.gateway.request(body.readerId, 'reset-recorded', {
      kinds,
      clerkId: actor.id,
      caseId,
    });
    if (!reply.ok) throw new CardRefusalException(reply.error);
    const reset = kinds.filter((kind) => !reply.absent.includes(kind));
    const view = await this.step(caseId, actor, { type: 'RecordPinsReset', data: { kinds: reset } });
    if (!reply.countersFull) {
      throw new CardRefusalException(
        { code: 'card-error', message: `counters not full after the reset: ${reply.notFull.join(', ')}` },
        { case: view },
      );
    }
    return this.step(caseId, actor, {
      type: 'RecordCountersConfirmed',
      data: { triesLeft: reply.triesLeft },
    });
  }

  private async read(caseId: string): Promise<{ state: CaseState; version: number }> {
    const { events, version } = await this.store.readStream(caseStreamId(caseId));
    return { state: foldEvents(caseDecider, events), version };
  }

  private async mustBeOpen(caseId: string): Promise<void> {
    const { state } = await this.read(caseId);
    if (state.status === 'not-opened') throw new NotFoundException(`caseId: no case ${caseId}`);
    if (state.status === 'closed')
      throw new CaseRefusalException({ code: 'case-closed', outcome: state.outcome });
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
    return { caseId, version: outcome.version, case: outcome.state };
  }
}
