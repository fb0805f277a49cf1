import { Inject, Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import {
  type Actor,
  type CalendarDate,
  type OfficeDayCommand,
  type OfficeDayEvent,
  type OfficeDayRefusal,
  type OfficeDayState,
  tokyoDateOf,
} from '@madoguchi/domain';
import {
  type Clock,
  CLOCK,
  foldEvents,
  handleCommand,
  OutboxRelay,
  PostgresEventStore,
  type RecordedEvent,
} from '@madoguchi/platform';
import type { Office } from './office';
import { type OfficeDayDecider, officeDayDecider } from './office-day.decider';
import { OfficeDayStore } from './office-day.store';

/** One office's day: a stream of its own, so ticket numbers and calls are decided one at a time. */
export function officeDayStreamId(officeId: string, date: CalendarDate): string {
  return `office-day:${officeId}:${date}`;
}

export interface OfficeDayRead {
  officeId: string;
  date: CalendarDate;
  state: OfficeDayState;
  history: RecordedEvent[];
  version: number;
}

export interface CommittedOfficeDayEvent {
  event: OfficeDayEvent;
  /** Its version in the day's stream, which is also its id on the display feed. */
  version: number;
}

export interface OfficeDayCommit {
  office: Office;
  date: CalendarDate;
  state: OfficeDayState;
  version: number;
  events: CommittedOfficeDayEvent[];
}

export type OfficeDayOutcome =
  | ({ ok: true } & OfficeDayCommit)
  | { ok: false; refusal: OfficeDayRefusal; state: OfficeDayState; date: CalendarDate };

/** Attempts per command when another replica appends to the same day meanwhile. */
const MAX_ATTEMPTS = 25;

/**
 * The OfficeDay streams in the event store. Commands go through `handleCommand` (load, decide, append
 * with the version read, retry on conflict), which is what keeps a ticket from being called twice.
 * Within one replica, commands on one day also wait for each other, so fifty clerks pressing "call
 * next" at once cost fifty appends rather than a storm of conflicts and retries; and commands read the
 * day from memory (OfficeDayStore), checked by the append's expected version. Reads for screens and
 * status pages go to the database.
 */
@Injectable()
export class OfficeDayRepository {
  /** Every command that committed, after its commit: the display feed listens here. */
  readonly committed = new Subject<OfficeDayCommit>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly deciders = new Map<string, OfficeDayDecider>();

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(OfficeDayStore) private readonly commandStore: OfficeDayStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  today(): CalendarDate {
    return tokyoDateOf(this.clock.now());
  }

  async read(officeId: string, date: CalendarDate): Promise<OfficeDayRead> {
    const { events, version } = await this.store.readStream(officeDayStreamId(officeId, date));
    return { officeId, date, state: foldEvents(this.deciderOf(1), events), history: events, version };
  }

  async execute(
    office: Office,
    makeCommand: (now: Date) => OfficeDayCommand,
    actor: Actor,
    correlationId?: string,
  ): Promise<OfficeDayOutcome> {
    const date = this.today();
    const streamId = officeDayStreamId(office.id, date);
    const outcome = await this.oneAtATime(streamId, () =>
      handleCommand(
        this.commandStore,
        this.clock,
        this.deciderOf(office.defaultServiceMinutes),
        streamId,
        makeCommand,
        office.officeDay,
        { actor, maxAttempts: MAX_ATTEMPTS, ...(correlationId !== undefined && { correlationId }) },
      ),
    );
    if (!outcome.ok) return { ok: false, refusal: outcome.refusal, state: outcome.state, date };
    this.relay.wake();
    const first = outcome.version - outcome.events.length + 1;
    const commit: OfficeDayCommit = {
      office,
      date,
      state: outcome.state,
      version: outcome.version,
      events: outcome.events.map((event, index) => ({ event, version: first + index })),
    };
    this.committed.next(commit);
    return { ok: true, ...commit };
  }

  private deciderOf(defaultServiceMinutes: number): OfficeDayDecider {
    const key = String(defaultServiceMinutes);
    let decider = this.deciders.get(key);
    if (!decider) {
      decider = officeDayDecider(defaultServiceMinutes);
      this.deciders.set(key, decider);
    }
    return decider;
  }

  private oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
