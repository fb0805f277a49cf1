import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor, CommandMetadata, OfficeDayCommand } from '@madoguchi/domain';
import { OfficeDayRefusalException } from '../office/http/refusal.exception';
import { counterOf, type Office } from '../office/office';
import { OfficeDirectory } from '../office/office-directory';
import { OfficeDayRepository } from '../office/office-day.repository';
import { counterCommandView, type CounterCommandView, officeFloorView } from './counter.views';
import type { OpenCounterBody, TransferBody } from './counters.schemas';

/**
 * The clerk workstation: each command goes to the day's OfficeDay stream; the answer is the counter and
 * the ticket as they are after it, or the domain's refusal (409/422 with its code).
 */
@Injectable()
export class CountersService {
  constructor(
    @Inject(OfficeDirectory) private readonly offices: OfficeDirectory,
    @Inject(OfficeDayRepository) private readonly days: OfficeDayRepository,
  ) {}

  async floor(officeId: string): Promise<ReturnType<typeof officeFloorView>> {
    const office = this.offices.get(officeId);
    const day = await this.days.read(office.id, this.days.today());
    return officeFloorView(office, day.date, day.version, day.state);
  }

  open(
    officeId: string,
    counterId: string,
    body: OpenCounterBody,
    actor: Actor,
  ): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (office, metadata) => ({
      type: 'OpenCounter',
      data: { counter: counterId, services: body?.services ?? [...this.counter(office, counterId).services] },
      metadata,
    }));
  }

  close(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'CloseCounter',
      data: { counter: counterId },
      metadata,
    }));
  }

  callNext(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'CallNext',
      data: { counter: counterId },
      metadata,
    }));
  }

  recall(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'Recall',
      data: { counter: counterId },
      metadata,
    }));
  }

  noShow(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'NoShow',
      data: { counter: counterId },
      metadata,
    }));
  }

  start(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'StartService',
      data: { counter: counterId },
      metadata,
    }));
  }

  finish(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'FinishService',
      data: { counter: counterId },
      metadata,
    }));
  }

  transfer(
    officeId: string,
    counterId: string,
    body: TransferBody,
    actor: Actor,
  ): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'Transfer',
      data: { counter: counterId, toService: body.toService },
      metadata,
    }));
  }

  hold(officeId: string, counterId: string, actor: Actor): Promise<CounterCommandView> {
    return this.atCounter(officeId, counterId, actor, (_, metadata) => ({
      type: 'Hold',
      data: { counter: counterId },
      metadata,
    }));
  }

  returnFromHold(officeId: string, ticketNumber: string, actor: Actor): Promise<CounterCommandView> {
    return this.run(this.offices.get(officeId), undefined, actor, (_, metadata) => ({
      type: 'ReturnFromHold',
      data: { ticketNumber },
      metadata,
    }));
  }

  private atCounter(
    officeId: string,
    counterId: string,
    actor: Actor,
    commandOf: (office: Office, metadata: CommandMetadata) => OfficeDayCommand,
  ): Promise<CounterCommandView> {
    const office = this.offices.get(officeId);
    this.counter(office, counterId);
    return this.run(office, counterId, actor, commandOf);
  }

  private async run(
    office: Office,
    counterId: string | undefined,
    actor: Actor,
    commandOf: (office: Office, metadata: CommandMetadata) => OfficeDayCommand,
  ): Promise<CounterCommandView> {
    const outcome = await this.days.execute(office, (now) => commandOf(office, { now, actor }), actor);
    if (!outcome.ok) throw new OfficeDayRefusalException(outcome.refusal);
    const acted = outcome.events
      .map(({ event }) => ('ticketNumber' in event.data ? event.data.ticketNumber : undefined))
      .find((number) => number !== undefined);
    return counterCommandView(office, outcome.date, outcome.version, outcome.state, counterId, acted);
  }

  private counter(office: Office, counterId: string) {
    const counter = counterOf(office, counterId);
    if (!counter)
      throw new NotFoundException(`counterId: counter ${counterId} is not configured at ${office.id}`);
    return counter;
  }
}
