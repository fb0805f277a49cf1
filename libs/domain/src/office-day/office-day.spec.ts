import {
  ATSUGI_CALENDAR,
  decideOfficeDay,
  DEFAULT_OFFICE_DAY_SETTINGS,
  OFFICE_DAY_EVENT_SCHEMA_VERSIONS,
  OFFICE_DAY_EVENT_TYPES,
  type OfficeDayCommand,
  type OfficeDayEvent,
  type OfficeDayRefusal,
  type OfficeDaySettings,
} from '@madoguchi/domain';
import { at, happened, iso, stateAfter, when } from './office-day.fixture';

type RefusalDetails<C extends OfficeDayRefusal['code']> = Omit<
  Extract<OfficeDayRefusal, { code: C }>,
  'code'
>;

/** given(events).when(command).then(events) — the whole aggregate as two pure functions, nothing mocked. */
function given(events: OfficeDayEvent[], settings: OfficeDaySettings = DEFAULT_OFFICE_DAY_SETTINGS) {
  const state = stateAfter(events);
  return {
    when(command: OfficeDayCommand) {
      const decision = decideOfficeDay(command, state, settings);
      return {
        then(expected: OfficeDayEvent[]): void {
          expect(decision).toStrictEqual({ ok: true, events: expected });
          // Events travel as jsonb and NATS payloads: whatever JSON cannot carry would be lost on the way.
          if (decision.ok) expect(JSON.parse(JSON.stringify(decision.events))).toStrictEqual(decision.events);
        },
        thenRefused<C extends OfficeDayRefusal['code']>(code: C, details?: RefusalDetails<C>): void {
          const refusal = decision.ok ? decision.events : decision.refusal;
          if (details) expect(refusal).toStrictEqual({ code, ...details });
          else expect(refusal).toMatchObject({ code });
        },
      };
    },
  };
}

const { ticketIssued, counterOpened, ticketCalled, serviceStarted, ticketHeld } = happened;

describe('OfficeDay events', () => {
  it('lists every event type at schema version 1', () => {
    expect(OFFICE_DAY_EVENT_TYPES).toEqual([
      'TicketIssued',
      'CounterOpened',
      'CounterClosed',
      'TicketCalled',
      'TicketRecalled',
      'TicketMarkedNoShow',
      'ServiceStarted',
      'ServiceFinished',
      'TicketTransferred',
      'TicketHeld',
      'TicketReturned',
      'DayClosed',
    ]);
    expect(Object.values(OFFICE_DAY_EVENT_SCHEMA_VERSIONS).every((version) => version === 1)).toBe(true);
  });
});

describe('IssueTicket', () => {
  it('gives the first PIN reset ticket R001', () => {
    given([])
      .when(when.issueTicket({ service: 'pin-reset', applicant: 'self' }))
      .then([
        {
          type: 'TicketIssued',
          data: {
            ticketNumber: 'R001',
            service: 'pin-reset',
            sequence: 1,
            applicant: 'self',
            priority: false,
            issuedAt: '2026-12-01T00:00:00.000Z',
          },
        },
      ]);
  });

  it('numbers each service on its own: R002 after R001, C001 for the first change', () => {
    const soFar = [ticketIssued('R001')];
    given(soFar)
      .when(when.issueTicket({ service: 'pin-reset', applicant: 'proxy' }))
      .then([
        {
          type: 'TicketIssued',
          data: {
            ticketNumber: 'R002',
            service: 'pin-reset',
            sequence: 2,
            applicant: 'proxy',
            priority: false,
            issuedAt: iso('09:00'),
          },
        },
      ]);
    given([...soFar, ticketIssued('R002')])
      .when(when.issueTicket({ service: 'pin-change', applicant: 'legal-representative', priority: true }))
      .then([
        {
          type: 'TicketIssued',
          data: {
            ticketNumber: 'C001',
            service: 'pin-change',
            sequence: 1,
            applicant: 'legal-representative',
            priority: true,
            issuedAt: iso('09:00'),
          },
        },
      ]);
  });

  it('keeps numbering a service after its tickets were transferred elsewhere', () => {
    given([
      ticketIssued('R001'),
      counterOpened('1', ['pin-reset']),
      ticketCalled('R001', '1'),
      happened.ticketTransferred('R001', '1', 'pin-reset', 'pin-change'),
    ])
      .when(when.issueTicket({ service: 'pin-reset', applicant: 'self' }))
      .then([ticketIssuedAt('R002', '09:00')]);
  });

  it('asks nobody who applies for a general enquiry', () => {
    given([])
      .when(when.issueTicket({ service: 'general-enquiry' }))
      .then([
        {
          type: 'TicketIssued',
          data: {
            ticketNumber: 'G001',
            service: 'general-enquiry',
            sequence: 1,
            applicant: null,
            priority: false,
            issuedAt: iso('09:00'),
          },
        },
      ]);
  });

  it('grows past R999 rather than giving a number twice', () => {
    const sequences = { ...stateAfter([]).lastSequence, 'pin-reset': 999 };
    const decision = decideOfficeDay(
      when.issueTicket({ service: 'pin-reset', applicant: 'self' }),
      { ...stateAfter([]), lastSequence: sequences },
      DEFAULT_OFFICE_DAY_SETTINGS,
    );
    expect(decision.ok && decision.events[0]?.data).toMatchObject({ ticketNumber: 'R1000', sequence: 1000 });
  });

  it('refuses a service the office does not offer', () => {
    given([])
      .when(when.issueTicket({ service: 'passport' }))
      .thenRefused('unknown-service', { service: 'passport' });
  });

  it('refuses a PIN procedure without saying who applies', () => {
    given([])
      .when(when.issueTicket({ service: 'pin-change' }))
      .thenRefused('applicant-required', { service: 'pin-change' });
  });

  it('refuses an applicant type for a service that is not a PIN procedure', () => {
    given([])
      .when(when.issueTicket({ service: 'general-enquiry', applicant: 'self' }))
      .thenRefused('applicant-not-applicable', { service: 'general-enquiry' });
  });

  describe('opening hours (Asia/Tokyo)', () => {
    const reset = { service: 'pin-reset', applicant: 'self' } as const;

    it('refuses at 08:29 and names 08:30 the same day', () => {
      given([])
        .when(when.issueTicket(reset, at('08:29')))
        .thenRefused('before-opening', { nextOpening: '2026-11-30T23:30:00.000Z' });
    });

    it('issues from 08:30 sharp', () => {
      given([])
        .when(when.issueTicket(reset, at('08:30')))
        .then([ticketIssuedAt('R001', '08:30')]);
    });

    it('issues until the second before the cut-off (17:00 on weekdays, 15 minutes before closing)', () => {
      given([])
        .when(when.issueTicket(reset, at('16:59:59')))
        .then([ticketIssuedAt('R001', '16:59:59')]);
    });

    it('refuses from the cut-off on, naming it and the next morning', () => {
      given([])
        .when(when.issueTicket(reset, at('17:00')))
        .thenRefused('past-cutoff', { cutoffAt: iso('17:00'), nextOpening: iso('08:30', '2026-12-02') });
    });

    it('refuses from closing time on', () => {
      given([])
        .when(when.issueTicket(reset, at('17:15')))
        .thenRefused('after-closing', { nextOpening: iso('08:30', '2026-12-02') });
    });

    it('closes on Saturday at 12:00 and sends the resident to Monday morning', () => {
      given([])
        .when(when.issueTicket(reset, at('11:44', '2026-12-05')))
        .then([ticketIssuedAt('R001', '11:44', '2026-12-05')]);
      given([])
        .when(when.issueTicket(reset, at('11:45', '2026-12-05')))
        .thenRefused('past-cutoff', {
          cutoffAt: iso('11:45', '2026-12-05'),
          nextOpening: iso('08:30', '2026-12-07'),
        });
      given([])
        .when(when.issueTicket(reset, at('12:00', '2026-12-05')))
        .thenRefused('after-closing', { nextOpening: iso('08:30', '2026-12-07') });
    });

    it('refuses on a Sunday, naming Monday 08:30', () => {
      given([])
        .when(when.issueTicket(reset, at('10:00', '2026-12-06')))
        .thenRefused('office-closed', { reason: 'sunday', nextOpening: '2026-12-06T23:30:00.000Z' });
    });

    it('refuses on a national holiday, naming it', () => {
      given([])
        .when(when.issueTicket(reset, at('10:00', '2026-11-03')))
        .thenRefused('office-closed', {
          reason: 'national-holiday',
          holidayName: '文化の日',
          nextOpening: iso('08:30', '2026-11-04'),
        });
    });

    it('refuses during the year-end holidays until January 4', () => {
      given([])
        .when(when.issueTicket(reset, at('10:00', '2026-12-29')))
        .thenRefused('office-closed', {
          reason: 'year-end-holidays',
          nextOpening: iso('08:30', '2027-01-04'),
        });
    });

    it("follows the office's own calendar", () => {
      const noCutoff: OfficeDaySettings = {
        ...DEFAULT_OFFICE_DAY_SETTINGS,
        calendar: { ...ATSUGI_CALENDAR, ticketCutoffMinutes: 0 },
      };
      given([], noCutoff)
        .when(when.issueTicket(reset, at('17:14')))
        .then([ticketIssuedAt('R001', '17:14')]);
    });

    it('refuses when the estimated wait would run past closing, and issues when it ends at closing', () => {
      given([])
        .when(when.issueTicket({ ...reset, estimatedWaitMinutes: 46 }, at('16:30')))
        .thenRefused('wait-runs-past-closing', {
          estimatedWaitMinutes: 46,
          closesAt: iso('17:15'),
          nextOpening: iso('08:30', '2026-12-02'),
        });
      given([])
        .when(when.issueTicket({ ...reset, estimatedWaitMinutes: 45 }, at('16:30')))
        .then([ticketIssuedAt('R001', '16:30')]);
    });
  });
});

function ticketIssuedAt(ticketNumber: string, time: string, day?: string): OfficeDayEvent {
  return {
    type: 'TicketIssued',
    data: {
      ticketNumber,
      service: 'pin-reset',
      sequence: Number(ticketNumber.slice(1)),
      applicant: 'self',
      priority: false,
      issuedAt: iso(time, day),
    },
  };
}

describe('the office day', () => {
  it('is fixed by its first command: a command on another Tokyo day is refused', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.issueTicket({ service: 'pin-reset', applicant: 'self' }, at('09:00', '2026-12-02')))
      .thenRefused('wrong-day', { officeDay: '2026-12-01', commandDay: '2026-12-02' });
  });

  it('may still be closed after midnight, but not before it began', () => {
    given([ticketIssued('R001')])
      .when(when.closeDay(at('00:30', '2026-12-02')))
      .then([happened.dayClosed(['R001'], '00:30', '2026-12-02')]);
    given([ticketIssued('R001')])
      .when(when.closeDay(at('17:30', '2026-11-30')))
      .thenRefused('wrong-day', { officeDay: '2026-12-01', commandDay: '2026-11-30' });
  });

  it('counts in Tokyo time: 23:59 UTC of the previous evening is already the office day', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.callNext('1', new Date('2026-11-30T23:59:00Z')))
      .thenRefused('no-ticket-waiting');
    given([counterOpened('1', ['pin-reset'])])
      .when(when.callNext('1', new Date('2026-11-30T14:59:00Z')))
      .thenRefused('wrong-day', { officeDay: '2026-12-01', commandDay: '2026-11-30' });
  });
});

describe('OpenCounter', () => {
  it('opens a counter for the services it serves, each named once', () => {
    given([])
      .when(when.openCounter('1', ['pin-reset', 'pin-change', 'pin-reset'], at('08:25')))
      .then([
        {
          type: 'CounterOpened',
          data: { counter: '1', services: ['pin-reset', 'pin-change'], openedAt: iso('08:25') },
        },
      ]);
  });

  it('refuses a service the office does not offer', () => {
    given([])
      .when(when.openCounter('1', ['pin-reset', 'tax']))
      .thenRefused('unknown-service', { service: 'tax' });
  });

  it('refuses a counter serving nothing', () => {
    given([]).when(when.openCounter('1', [])).thenRefused('no-services', { counter: '1' });
  });

  it('refuses a counter already open', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.openCounter('1', ['pin-change']))
      .thenRefused('counter-already-open', { counter: '1' });
  });
});

describe('CloseCounter', () => {
  it('closes an idle counter, which may then open again', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.closeCounter('1', at('12:00')))
      .then([{ type: 'CounterClosed', data: { counter: '1', closedAt: iso('12:00') } }]);
    given([counterOpened('1', ['pin-reset']), happened.counterClosed('1')])
      .when(when.openCounter('1', ['pin-change']))
      .then([counterOpened('1', ['pin-change'], '09:00')]);
  });

  it('refuses a counter that is not open', () => {
    given([]).when(when.closeCounter('9')).thenRefused('counter-not-open', { counter: '9' });
  });

  it.each([
    ['called', [] as OfficeDayEvent[]],
    ['being served', [serviceStarted('R001', '1')]],
  ])('refuses while a ticket is %s there', (_state, more) => {
    given([ticketIssued('R001'), counterOpened('1', ['pin-reset']), ticketCalled('R001', '1'), ...more])
      .when(when.closeCounter('1'))
      .thenRefused('counter-busy', { counter: '1', ticketNumber: 'R001' });
  });
});

describe('CallNext', () => {
  const open = [counterOpened('1', ['pin-reset']), counterOpened('2', ['pin-change'])];

  it('calls the first waiting ticket of the services the counter serves', () => {
    given([
      ...open,
      ticketIssued('C001', { time: '08:40' }),
      ticketIssued('R001', { time: '08:41' }),
      ticketIssued('R002'),
    ])
      .when(when.callNext('1', at('09:05')))
      .then([
        {
          type: 'TicketCalled',
          data: { ticketNumber: 'R001', counter: '1', callCount: 1, calledAt: iso('09:05') },
        },
      ]);
  });

  it('never calls a ticket already called at another counter', () => {
    given([
      counterOpened('1', ['pin-reset']),
      counterOpened('3', ['pin-reset']),
      ticketIssued('R001'),
      ticketIssued('R002'),
      ticketCalled('R001', '1'),
    ])
      .when(when.callNext('3'))
      .then([ticketCalled('R002', '3')]);
  });

  it('refuses a counter that is not open', () => {
    given([ticketIssued('R001')])
      .when(when.callNext('1'))
      .thenRefused('counter-not-open', { counter: '1' });
  });

  it('refuses while the counter still has a ticket called', () => {
    given([...open, ticketIssued('R001'), ticketIssued('R002'), ticketCalled('R001', '1')])
      .when(when.callNext('1'))
      .thenRefused('counter-busy', { counter: '1', ticketNumber: 'R001' });
  });

  it('refuses when no ticket of its services waits, even if others do', () => {
    given([...open, ticketIssued('C001')])
      .when(when.callNext('1'))
      .thenRefused('no-ticket-waiting', { counter: '1' });
  });
});

describe('Recall', () => {
  const called = [counterOpened('1', ['pin-reset']), ticketIssued('R001'), ticketCalled('R001', '1')];

  it('calls the same ticket again, counting the calls', () => {
    given(called)
      .when(when.recall('1', at('09:02')))
      .then([
        {
          type: 'TicketRecalled',
          data: { ticketNumber: 'R001', counter: '1', callCount: 2, recalledAt: iso('09:02') },
        },
      ]);
    given([...called, happened.ticketRecalled('R001', '1', 2)])
      .when(when.recall('1'))
      .then([happened.ticketRecalled('R001', '1', 3)]);
  });

  it('refuses at a counter with nothing at it', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.recall('1'))
      .thenRefused('no-ticket-at-counter', { counter: '1' });
  });

  it('refuses once service has started', () => {
    given([...called, serviceStarted('R001', '1')])
      .when(when.recall('1'))
      .thenRefused('service-already-started', { ticketNumber: 'R001' });
  });
});

describe('NoShow', () => {
  const called = [
    counterOpened('1', ['pin-reset']),
    ticketIssued('R001'),
    ticketIssued('R002'),
    ticketCalled('R001', '1'),
  ];
  const calledThrice = [
    ...called,
    happened.ticketRecalled('R001', '1', 2),
    happened.ticketRecalled('R001', '1', 3),
  ];

  it('refuses before the resident has been called often enough', () => {
    given(called)
      .when(when.noShow('1'))
      .thenRefused('too-few-calls', { ticketNumber: 'R001', callCount: 1, required: 3 });
  });

  it('marks the ticket after the configured number of calls, freeing the counter', () => {
    given(calledThrice)
      .when(when.noShow('1', at('09:06')))
      .then([
        {
          type: 'TicketMarkedNoShow',
          data: { ticketNumber: 'R001', counter: '1', callCount: 3, markedAt: iso('09:06') },
        },
      ]);
    given([...calledThrice, happened.ticketMarkedNoShow('R001', '1', 3)])
      .when(when.callNext('1'))
      .then([ticketCalled('R002', '1')]);
  });

  it('refuses at a counter with nothing at it, and once service has started', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.noShow('1'))
      .thenRefused('no-ticket-at-counter');
    given([...calledThrice, serviceStarted('R001', '1')])
      .when(when.noShow('1'))
      .thenRefused('service-already-started', { ticketNumber: 'R001' });
  });
});

describe('StartService', () => {
  const called = [counterOpened('1', ['pin-reset']), ticketIssued('R001'), ticketCalled('R001', '1')];

  it('starts serving the called resident', () => {
    given(called)
      .when(when.startService('1', at('09:01')))
      .then([
        { type: 'ServiceStarted', data: { ticketNumber: 'R001', counter: '1', startedAt: iso('09:01') } },
      ]);
  });

  it('refuses at a counter with nothing at it, and twice', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.startService('1'))
      .thenRefused('no-ticket-at-counter');
    given([...called, serviceStarted('R001', '1')])
      .when(when.startService('1'))
      .thenRefused('service-already-started', { ticketNumber: 'R001' });
  });
});

describe('FinishService', () => {
  const serving = [
    counterOpened('1', ['pin-reset']),
    ticketIssued('R001'),
    ticketCalled('R001', '1', '09:00'),
    serviceStarted('R001', '1', '09:01'),
  ];

  it('finishes with the service time measured from its start', () => {
    given(serving)
      .when(when.finishService('1', at('09:08:30')))
      .then([
        {
          type: 'ServiceFinished',
          data: {
            ticketNumber: 'R001',
            counter: '1',
            service: 'pin-reset',
            serviceSeconds: 450,
            finishedAt: iso('09:08:30'),
          },
        },
      ]);
  });

  it('never records a negative time when a replica clock lags', () => {
    given(serving)
      .when(when.finishService('1', at('09:00:58')))
      .then([happened.serviceFinished('R001', '1', 'pin-reset', 0, '09:00:58')]);
  });

  it('refuses at a counter with nothing at it, and before service has started', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.finishService('1'))
      .thenRefused('no-ticket-at-counter');
    given(serving.slice(0, 3))
      .when(when.finishService('1'))
      .thenRefused('service-not-started', { ticketNumber: 'R001' });
  });
});

describe('Transfer', () => {
  const called = [
    counterOpened('1', ['pin-reset']),
    counterOpened('2', ['pin-change']),
    ticketIssued('R001', { time: '08:40' }),
    ticketIssued('C001', { time: '08:50' }),
    ticketCalled('R001', '1'),
  ];

  it.each([
    ['called', [] as OfficeDayEvent[]],
    ['being served', [serviceStarted('R001', '1')]],
  ])('moves a ticket %s to another service', (_state, more) => {
    given([...called, ...more])
      .when(when.transfer('1', 'pin-change', at('09:03')))
      .then([
        {
          type: 'TicketTransferred',
          data: {
            ticketNumber: 'R001',
            counter: '1',
            fromService: 'pin-reset',
            toService: 'pin-change',
            transferredAt: iso('09:03'),
          },
        },
      ]);
  });

  it('keeps its number and its place: it goes before tickets issued after it', () => {
    given([...called, happened.ticketTransferred('R001', '1', 'pin-reset', 'pin-change')])
      .when(when.callNext('2'))
      .then([ticketCalled('R001', '2')]);
  });

  it('frees the counter it left', () => {
    given([
      ...called,
      ticketIssued('R002'),
      happened.ticketTransferred('R001', '1', 'pin-reset', 'pin-change'),
    ])
      .when(when.callNext('1'))
      .then([ticketCalled('R002', '1')]);
  });

  it('refuses an unknown service, the service it is already in, and an empty counter', () => {
    given(called).when(when.transfer('1', 'tax')).thenRefused('unknown-service', { service: 'tax' });
    given(called)
      .when(when.transfer('1', 'pin-reset'))
      .thenRefused('same-service', { ticketNumber: 'R001', service: 'pin-reset' });
    given(called).when(when.transfer('2', 'pin-reset')).thenRefused('no-ticket-at-counter', { counter: '2' });
  });
});

describe('Hold and ReturnFromHold', () => {
  const called = [
    counterOpened('1', ['pin-reset']),
    ticketIssued('R001', { time: '08:40' }),
    ticketIssued('R002', { time: '08:50' }),
    ticketCalled('R001', '1'),
  ];

  it.each([
    ['called', [] as OfficeDayEvent[]],
    ['being served', [serviceStarted('R001', '1')]],
  ])('puts a ticket %s on hold while the resident fetches a document', (_state, more) => {
    given([...called, ...more])
      .when(when.hold('1', at('09:04')))
      .then([{ type: 'TicketHeld', data: { ticketNumber: 'R001', counter: '1', heldAt: iso('09:04') } }]);
  });

  it('frees the counter for the next resident', () => {
    given([...called, ticketHeld('R001', '1')])
      .when(when.callNext('1'))
      .then([ticketCalled('R002', '1')]);
  });

  it('refuses to hold at a counter with nothing at it', () => {
    given([counterOpened('1', ['pin-reset'])])
      .when(when.hold('1'))
      .thenRefused('no-ticket-at-counter', { counter: '1' });
  });

  it('returns a held ticket to the line', () => {
    given([...called, ticketHeld('R001', '1')])
      .when(when.returnFromHold('R001', at('09:20')))
      .then([{ type: 'TicketReturned', data: { ticketNumber: 'R001', returnedAt: iso('09:20') } }]);
  });

  it('puts it back at its original place, ahead of tickets issued after it', () => {
    given([...called, ticketHeld('R001', '1'), happened.ticketReturned('R001')])
      .when(when.callNext('1'))
      .then([ticketCalled('R001', '1')]);
  });

  it('refuses an unknown ticket and a ticket not on hold', () => {
    given(called).when(when.returnFromHold('R999')).thenRefused('unknown-ticket', { ticketNumber: 'R999' });
    given(called)
      .when(when.returnFromHold('R001'))
      .thenRefused('ticket-not-held', { ticketNumber: 'R001', status: 'called' });
    given(called)
      .when(when.returnFromHold('R002'))
      .thenRefused('ticket-not-held', { ticketNumber: 'R002', status: 'waiting' });
  });
});

describe('CloseDay', () => {
  const day = [
    counterOpened('1', ['pin-reset']),
    counterOpened('2', ['pin-change']),
    ticketIssued('R001'),
    ticketIssued('R002'),
    ticketIssued('R003'),
    ticketIssued('R004'),
    ticketIssued('C001'),
    ticketIssued('C002'),
    ticketCalled('R001', '1'),
    serviceStarted('R001', '1'),
    happened.serviceFinished('R001', '1', 'pin-reset', 300),
    ticketCalled('R002', '1'),
    happened.ticketRecalled('R002', '1', 2),
    happened.ticketRecalled('R002', '1', 3),
    happened.ticketMarkedNoShow('R002', '1', 3),
    ticketCalled('R003', '1'),
    ticketHeld('R003', '1'),
    ticketCalled('C001', '2'),
    serviceStarted('C001', '2'),
  ];

  it('lists every ticket neither served to the end nor given up on, in issue order', () => {
    given(day)
      .when(when.closeDay(at('17:30')))
      .then([
        { type: 'DayClosed', data: { unserved: ['R003', 'R004', 'C001', 'C002'], closedAt: iso('17:30') } },
      ]);
  });

  const afterwards: OfficeDayCommand[] = [
    when.issueTicket({ service: 'pin-reset', applicant: 'self' }),
    when.openCounter('3', ['pin-reset']),
    when.closeCounter('1'),
    when.callNext('1'),
    when.recall('2'),
    when.noShow('2'),
    when.startService('2'),
    when.finishService('2'),
    when.transfer('2', 'pin-reset'),
    when.hold('2'),
    when.returnFromHold('R003'),
    when.closeDay(),
  ];

  it.each(afterwards.map((command) => [command.type, command] as const))(
    'then refuses %s',
    (_type, command) => {
      given([...day, happened.dayClosed(['R003', 'R004', 'C001', 'C002'])])
        .when(command)
        .thenRefused('day-closed', {});
    },
  );
});
