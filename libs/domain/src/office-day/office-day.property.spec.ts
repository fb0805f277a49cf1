import fc from 'fast-check';
import {
  ATSUGI_SERVICES,
  decideOfficeDay,
  DEFAULT_OFFICE_DAY_SETTINGS,
  evolveOfficeDay,
  initialOfficeDayState,
  waitingLine,
  waitingTickets,
  type OfficeDayCommand,
  type OfficeDayEvent,
  type OfficeDaySettings,
  type OfficeDayState,
} from '@madoguchi/domain';
import { at } from './office-day.fixture';

const COUNTERS = ['1', '2', '3'];
const SERVICES = ATSUGI_SERVICES.map((service) => service.code);
const CLERK = { kind: 'clerk', id: 'clerk-1' } as const;

type CounterAction = 'close' | 'call' | 'recall' | 'no-show' | 'start' | 'finish' | 'hold';

/** A generated command; counters and tickets are indexes, resolved against the state at run time. */
type Step =
  | { kind: 'issue'; service: number; applicant: 'self' | 'proxy'; priority: boolean }
  | { kind: 'open'; counter: number; services: number[] }
  | { kind: 'counter'; counter: number; action: CounterAction }
  | { kind: 'transfer'; counter: number; service: number }
  | { kind: 'return'; ticket: number };

const index = fc.nat({ max: 20 });
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      service: index,
      applicant: fc.constantFrom('self' as const, 'proxy' as const),
      priority: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('open' as const),
      counter: index,
      services: fc.array(index, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('counter' as const),
      counter: index,
      action: fc.constantFrom<CounterAction>(
        'close',
        'call',
        'call',
        'call',
        'recall',
        'no-show',
        'start',
        'finish',
        'hold',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('transfer' as const), counter: index, service: index }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('return' as const), ticket: index }) },
);

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length] as T;
}

function commandFor(step: Step, state: OfficeDayState, now: Date): OfficeDayCommand {
  const metadata = { now, actor: CLERK };
  switch (step.kind) {
    case 'issue': {
      const service = pick(ATSUGI_SERVICES, step.service);
      const applicant = service.procedure ? step.applicant : undefined;
      return {
        type: 'IssueTicket',
        data: { service: service.code, applicant, priority: step.priority },
        metadata,
      };
    }
    case 'open':
      return {
        type: 'OpenCounter',
        data: {
          counter: pick(COUNTERS, step.counter),
          services: step.services.map((i) => pick(SERVICES, i)),
        },
        metadata,
      };
    case 'counter': {
      const counter = pick(COUNTERS, step.counter);
      const type = (
        {
          close: 'CloseCounter',
          call: 'CallNext',
          recall: 'Recall',
          'no-show': 'NoShow',
          start: 'StartService',
          finish: 'FinishService',
          hold: 'Hold',
        } as const
      )[step.action];
      return { type, data: { counter }, metadata };
    }
    case 'transfer':
      return {
        type: 'Transfer',
        data: { counter: pick(COUNTERS, step.counter), toService: pick(SERVICES, step.service) },
        metadata,
      };
    case 'return': {
      const held = state.tickets.filter((ticket) => ticket.status === 'held');
      const ticketNumber = held.length > 0 ? pick(held, step.ticket).ticketNumber : 'R999';
      return { type: 'ReturnFromHold', data: { ticketNumber }, metadata };
    }
  }
}

/**
 * Keeps its own account of the day from the events alone, independent of `evolveOfficeDay`, and fails
 * the moment an event breaks a promise of the aggregate.
 */
class DayLedger {
  private readonly waiting = new Set<string>();
  private readonly sequences = new Map<string, number>();
  private readonly issued = new Set<string>();
  readonly counterServices = new Map<string, readonly string[]>();
  private readonly serviceOf = new Map<string, string>();
  private readonly settled = new Set<string>();

  record(event: OfficeDayEvent): void {
    switch (event.type) {
      case 'TicketIssued': {
        const { ticketNumber, service, sequence } = event.data;
        const prefix = ATSUGI_SERVICES.find((candidate) => candidate.code === service)?.prefix;
        expect(this.issued.has(ticketNumber)).toBe(false);
        expect(sequence).toBe((this.sequences.get(service) ?? 0) + 1);
        expect(ticketNumber).toBe(`${prefix}${String(sequence).padStart(3, '0')}`);
        this.sequences.set(service, sequence);
        this.issued.add(ticketNumber);
        this.waiting.add(ticketNumber);
        this.serviceOf.set(ticketNumber, service);
        return;
      }
      case 'TicketCalled':
        // Called at most once per wait: only a waiting ticket can be called, and calling ends the wait.
        expect(this.waiting.has(event.data.ticketNumber)).toBe(true);
        expect(this.counterServices.get(event.data.counter)).toContain(
          this.serviceOf.get(event.data.ticketNumber),
        );
        this.waiting.delete(event.data.ticketNumber);
        return;
      case 'TicketTransferred':
        this.serviceOf.set(event.data.ticketNumber, event.data.toService);
        this.waiting.add(event.data.ticketNumber);
        return;
      case 'TicketReturned':
        this.waiting.add(event.data.ticketNumber);
        return;
      case 'CounterOpened':
        this.counterServices.set(event.data.counter, event.data.services);
        return;
      case 'CounterClosed':
        this.counterServices.delete(event.data.counter);
        return;
      case 'TicketMarkedNoShow':
      case 'ServiceFinished':
        this.settled.add(event.data.ticketNumber);
        return;
      case 'TicketRecalled':
      case 'ServiceStarted':
      case 'TicketHeld':
      case 'DayClosed':
        return;
    }
  }

  waitingFor(services: readonly string[]): string[] {
    return [...this.waiting].filter((ticketNumber) =>
      services.includes(this.serviceOf.get(ticketNumber) ?? ''),
    );
  }

  /** In issue order: a Set iterates in insertion order. */
  unserved(): string[] {
    return [...this.issued].filter((ticketNumber) => !this.settled.has(ticketNumber));
  }

  allWaiting(): string[] {
    return [...this.waiting].sort();
  }
}

describe('OfficeDay under long random command sequences', () => {
  it('gives numbers once and in order, calls a ticket once per wait, and skips nobody', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stepArbitrary, fc.integer({ min: 0, max: 90 })), { minLength: 50, maxLength: 300 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (steps, priorityCallsPerRegular, noShowAfterCalls) => {
          const settings: OfficeDaySettings = {
            ...DEFAULT_OFFICE_DAY_SETTINGS,
            priorityCallsPerRegular,
            noShowAfterCalls,
          };
          const ledger = new DayLedger();
          let state = initialOfficeDayState();

          const handle = (command: OfficeDayCommand): OfficeDayEvent[] => {
            const decision = decideOfficeDay(command, state, settings);
            if (!decision.ok) {
              if (decision.refusal.code === 'no-ticket-waiting') {
                const services = ledger.counterServices.get(decision.refusal.counter) ?? [];
                expect(ledger.waitingFor(services)).toEqual([]);
              }
              return [];
            }
            const servedAlone =
              command.type === 'CallNext' ? state.counters[command.data.counter]?.services : undefined;
            for (const event of decision.events) {
              ledger.record(event);
              // What a display predicts for a one-service counter is what the clerk gets.
              if (event.type === 'TicketCalled' && servedAlone?.length === 1) {
                const predicted = waitingLine(state, servedAlone[0] ?? '', priorityCallsPerRegular)[0];
                expect(predicted?.ticketNumber).toBe(event.data.ticketNumber);
              }
              state = evolveOfficeDay(state, event);
            }
            const waiting = waitingTickets(state).map((ticket) => ticket.ticketNumber);
            expect(waiting.sort()).toEqual(ledger.allWaiting());
            return decision.events;
          };

          let now = at('08:30');
          for (const [step, seconds] of steps) {
            now = new Date(now.getTime() + seconds * 1000);
            handle(commandFor(step, state, now));
          }
          const closing = handle({
            type: 'CloseDay',
            data: {},
            metadata: { now: at('17:30'), actor: CLERK },
          });
          expect(closing).toEqual([
            { type: 'DayClosed', data: { unserved: ledger.unserved(), closedAt: at('17:30').toISOString() } },
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
