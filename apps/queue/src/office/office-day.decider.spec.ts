import {
  DEFAULT_OFFICE_DAY_SETTINGS,
  type OfficeDayCommand,
  type OfficeDayEvent,
  type OfficeDayState,
} from '@madoguchi/domain';
import { officeDayDecider } from './office-day.decider';

const decider = officeDayDecider(10);
const kiosk = { kind: 'kiosk', id: 'kiosk-1' } as const;
const given = (events: OfficeDayEvent[]): OfficeDayState =>
  events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
const issue = (time: string, service = 'general-enquiry'): OfficeDayCommand => ({
  type: 'IssueTicket',
  data: { service },
  metadata: { now: new Date(`2026-12-07T${time}:00+09:00`), actor: kiosk },
});
const issued = (sequence: number): OfficeDayEvent => ({
  type: 'TicketIssued',
  data: {
    ticketNumber: `G${String(sequence).padStart(3, '0')}`,
    service: 'general-enquiry',
    sequence,
    applicant: null,
    priority: false,
    issuedAt: '2026-12-07T00:00:00.000Z',
  },
});

describe('the OfficeDay decider the queue uses', () => {
  it('issues a ticket whose estimated wait ends before closing', () => {
    const decision = decider.decide(
      issue('16:00'),
      given([issued(1), issued(2)]),
      DEFAULT_OFFICE_DAY_SETTINGS,
    );
    expect(decision).toMatchObject({
      ok: true,
      events: [{ type: 'TicketIssued', data: { ticketNumber: 'G003' } }],
    });
  });

  it('refuses the ticket whose place in line would be reached after closing (10 minutes each, one counter)', () => {
    const waiting = given([1, 2, 3, 4, 5].map(issued));
    const decision = decider.decide(issue('16:20'), waiting, DEFAULT_OFFICE_DAY_SETTINGS);
    expect(decision).toEqual({
      ok: false,
      refusal: {
        code: 'wait-runs-past-closing',
        estimatedWaitMinutes: 60,
        closesAt: '2026-12-07T08:15:00.000Z',
        nextOpening: '2026-12-07T23:30:00.000Z',
      },
    });
  });

  it('leaves every other command to the domain as it is', () => {
    const decision = decider.decide(
      {
        type: 'CallNext',
        data: { counter: '1' },
        metadata: { now: new Date('2026-12-07T01:00:00Z'), actor: kiosk },
      },
      given([issued(1)]),
      DEFAULT_OFFICE_DAY_SETTINGS,
    );
    expect(decision).toEqual({ ok: false, refusal: { code: 'counter-not-open', counter: '1' } });
  });
});
