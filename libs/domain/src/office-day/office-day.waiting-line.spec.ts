import {
  countersServing,
  decideOfficeDay,
  DEFAULT_OFFICE_DAY_SETTINGS,
  estimatedWaitMinutes,
  evolveOfficeDay,
  medianServiceSeconds,
  ticketAtCounter,
  ticketPosition,
  waitingLine,
  waitingTickets,
  type OfficeDayEvent,
  type OfficeDayState,
} from '@madoguchi/domain';
import { happened, stateAfter, when } from './office-day.fixture';

const { ticketIssued, counterOpened, ticketCalled, serviceStarted } = happened;

/** The clerk at `counter` presses "call next" `times` times, serving each resident before the next call. */
function callOrder(
  events: OfficeDayEvent[],
  counter: string,
  priorityCallsPerRegular: number,
  times: number,
) {
  const settings = { ...DEFAULT_OFFICE_DAY_SETTINGS, priorityCallsPerRegular };
  let state = stateAfter(events);
  const called: string[] = [];
  for (let i = 0; i < times; i += 1) {
    const decision = decideOfficeDay(when.callNext(counter), state, settings);
    if (!decision.ok) throw new Error(`call ${i + 1} refused: ${decision.refusal.code}`);
    state = decision.events.reduce(evolveOfficeDay, state);
    const ticket = ticketAtCounter(state, counter);
    if (!ticket) throw new Error('nothing at the counter after a call');
    called.push(ticket.ticketNumber);
    state = [
      serviceStarted(ticket.ticketNumber, counter),
      happened.serviceFinished(ticket.ticketNumber, counter, ticket.service, 60),
    ].reduce(evolveOfficeDay, state);
  }
  return { called, state };
}

/** Priority tickets R001–R003 then regular R004–R005, as the kiosk issued them. */
const threePriorityTwoRegular = [
  counterOpened('1', ['pin-reset']),
  ticketIssued('R001', { priority: true }),
  ticketIssued('R002', { priority: true }),
  ticketIssued('R003', { priority: true }),
  ticketIssued('R004'),
  ticketIssued('R005'),
];

describe('priority and fairness', () => {
  it('with at most 2 priority calls per regular, P,P,P,R,R are called P,P,R,P,R', () => {
    expect(callOrder(threePriorityTwoRegular, '1', 2, 5).called).toEqual([
      'R001',
      'R002',
      'R004',
      'R003',
      'R005',
    ]);
  });

  it('with 1, priority and regular alternate', () => {
    expect(callOrder(threePriorityTwoRegular, '1', 1, 5).called).toEqual([
      'R001',
      'R004',
      'R002',
      'R005',
      'R003',
    ]);
  });

  it('with 0, priority is ignored and issue order rules', () => {
    const regularFirst = [
      counterOpened('1', ['pin-reset']),
      ticketIssued('R001'),
      ticketIssued('R002', { priority: true }),
      ticketIssued('R003'),
    ];
    expect(callOrder(regularFirst, '1', 0, 3).called).toEqual(['R001', 'R002', 'R003']);
    expect(callOrder(regularFirst, '1', 2, 3).called).toEqual(['R002', 'R001', 'R003']);
  });

  it('does not count priority calls that passed nobody', () => {
    const { state } = callOrder(
      [
        counterOpened('1', ['pin-reset']),
        ticketIssued('R001', { priority: true }),
        ticketIssued('R002', { priority: true }),
      ],
      '1',
      2,
      2,
    );
    const later = [ticketIssued('R003'), ticketIssued('R004', { priority: true })].reduce(
      evolveOfficeDay,
      state,
    );
    const decision = decideOfficeDay(when.callNext('1'), later, DEFAULT_OFFICE_DAY_SETTINGS);
    expect(decision).toEqual({ ok: true, events: [ticketCalled('R004', '1')] });
  });

  it("keeps each line's fairness to itself", () => {
    const twoLines = [
      counterOpened('1', ['pin-reset']),
      counterOpened('2', ['pin-change']),
      ticketIssued('R001', { priority: true }),
      ticketIssued('R002', { priority: true }),
      ticketIssued('R003'),
      ticketIssued('C001'),
      ticketIssued('C002', { priority: true }),
      ticketCalled('R001', '1'),
      happened.ticketHeld('R001', '1'),
      ticketCalled('R002', '1'),
      happened.ticketHeld('R002', '1'),
    ];
    expect(callOrder(twoLines, '2', 2, 2).called).toEqual(['C002', 'C001']);
    expect(callOrder(twoLines, '1', 2, 1).called).toEqual(['R003']);
  });

  it('lets a counter serving several lines repay the line that is owed first', () => {
    const events = [
      counterOpened('1', ['pin-reset']),
      counterOpened('2', ['pin-reset', 'pin-change']),
      ticketIssued('C001', { time: '08:40' }),
      ticketIssued('R001', { priority: true }),
      ticketIssued('R002', { priority: true }),
      ticketIssued('R003', { priority: true }),
      ticketIssued('R004'),
      ticketCalled('R001', '1'),
      happened.ticketHeld('R001', '1'),
      ticketCalled('R002', '1'),
      happened.ticketHeld('R002', '1'),
    ];
    // The pin-reset line has seen 2 priority calls pass R004; pin-change is owed nothing, so C001 is
    // behind R003 (priority) but R004 goes before both.
    expect(callOrder(events, '2', 2, 3).called).toEqual(['R004', 'R003', 'C001']);
  });
});

describe('waitingLine and ticketPosition', () => {
  it('predict the order in which CallNext calls', () => {
    const state = stateAfter(threePriorityTwoRegular);
    const predicted = waitingLine(state, 'pin-reset', 2).map((ticket) => ticket.ticketNumber);
    expect(predicted).toEqual(callOrder(threePriorityTwoRegular, '1', 2, 5).called);
    expect(predicted.map((ticketNumber) => ticketPosition(state, ticketNumber, 2))).toEqual([1, 2, 3, 4, 5]);
  });

  it('use the default settings when no ratio is given', () => {
    const state = stateAfter(threePriorityTwoRegular);
    expect(ticketPosition(state, 'R004')).toBe(3);
    expect(waitingLine(state, 'pin-reset')).toEqual(waitingLine(state, 'pin-reset', 2));
  });

  it('count only the same service', () => {
    const state = stateAfter([ticketIssued('C001'), ticketIssued('R001'), ticketIssued('C002')]);
    expect(ticketPosition(state, 'C002')).toBe(2);
    expect(ticketPosition(state, 'R001')).toBe(1);
  });

  it('give no position to a ticket not waiting, or unknown', () => {
    const state = stateAfter([
      counterOpened('1', ['pin-reset']),
      ticketIssued('R001'),
      ticketCalled('R001', '1'),
    ]);
    expect(ticketPosition(state, 'R001')).toBeUndefined();
    expect(ticketPosition(state, 'R404')).toBeUndefined();
  });
});

describe('waitingTickets', () => {
  it('lists waiting tickets in issue order, of one service or all', () => {
    const state = stateAfter([
      counterOpened('1', ['pin-reset']),
      ticketIssued('R001'),
      ticketIssued('C001'),
      ticketIssued('R002', { priority: true }),
      ticketIssued('G001'),
      ticketCalled('R001', '1'),
    ]);
    expect(waitingTickets(state).map((ticket) => ticket.ticketNumber)).toEqual(['C001', 'R002', 'G001']);
    expect(waitingTickets(state, 'pin-reset').map((ticket) => ticket.ticketNumber)).toEqual(['R002']);
  });
});

describe('counters', () => {
  it('tell which counters serve a service and what is at each', () => {
    const state = stateAfter([
      counterOpened('1', ['pin-reset']),
      counterOpened('2', ['pin-reset', 'pin-change']),
      ticketIssued('R001'),
      ticketCalled('R001', '2'),
    ]);
    expect(countersServing(state, 'pin-reset')).toEqual(['1', '2']);
    expect(countersServing(state, 'general-enquiry')).toEqual([]);
    expect(ticketAtCounter(state, '2')?.ticketNumber).toBe('R001');
    expect(ticketAtCounter(state, '1')).toBeUndefined();
  });
});

describe('service times and estimated waits', () => {
  const finished = (service: string, ...seconds: number[]): OfficeDayState =>
    stateAfter(
      seconds.map((s, i) => happened.serviceFinished(`X${String(i + 1).padStart(3, '0')}`, '1', service, s)),
    );

  it('take the median of the day, which one very long case does not drag', () => {
    expect(medianServiceSeconds(finished('pin-reset', 300, 3600, 240), 'pin-reset')).toBe(300);
    expect(medianServiceSeconds(finished('pin-reset', 300, 200, 240, 3600), 'pin-reset')).toBe(270);
    expect(medianServiceSeconds(finished('pin-reset', 300), 'pin-change')).toBeUndefined();
  });

  it('estimate median × position ÷ open counters serving the service, in whole minutes', () => {
    const state = [counterOpened('1', ['pin-reset']), counterOpened('2', ['pin-reset'])].reduce(
      evolveOfficeDay,
      finished('pin-reset', 300, 360, 420),
    );
    expect(estimatedWaitMinutes(state, 'pin-reset', 5)).toBe(15);
    expect(estimatedWaitMinutes(state, 'pin-reset', 5, 3)).toBe(10);
    expect(estimatedWaitMinutes(state, 'pin-reset', 1)).toBe(3);
  });

  it('fall back on a default service time, and on one counter before any opens', () => {
    const state = stateAfter([]);
    expect(estimatedWaitMinutes(state, 'pin-change', 3)).toBe(30);
    expect(estimatedWaitMinutes(state, 'pin-change', 3, 0, 8)).toBe(24);
  });
});
