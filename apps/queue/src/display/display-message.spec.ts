import {
  ATSUGI_CALENDAR,
  DEFAULT_OFFICE_DAY_SETTINGS,
  evolveOfficeDay,
  initialOfficeDayState,
  type OfficeDayEvent,
} from '@madoguchi/domain';
import type { Office } from '../office/office';
import { comparePositions, eventIdOf, parseEventId } from './display-message';
import { displaySnapshot } from './display-snapshot';

describe('display feed positions', () => {
  it('round-trips the SSE event id and orders by day, then version', () => {
    expect(parseEventId(eventIdOf({ date: '2026-12-07', version: 12 }))).toEqual({
      date: '2026-12-07',
      version: 12,
    });
    expect(
      comparePositions({ date: '2026-12-07', version: 12 }, { date: '2026-12-08', version: 1 }),
    ).toBeLessThan(0);
    expect(
      comparePositions({ date: '2026-12-07', version: 12 }, { date: '2026-12-07', version: 3 }),
    ).toBeGreaterThan(0);
  });

  it.each([undefined, '', '42', '2026-12-07', '2026-12-07:', '2026-12-07:x', `2026-12-07:${'9'.repeat(20)}`])(
    'treats Last-Event-ID %p as a fresh start',
    (value) => expect(parseEventId(value)).toBeUndefined(),
  );
});

describe('display snapshot', () => {
  const office = {
    id: 'atsugi',
    name: { ja: '厚木市 市民課', en: 'Atsugi' },
    services: DEFAULT_OFFICE_DAY_SETTINGS.services,
    calendar: ATSUGI_CALENDAR,
    defaultServiceMinutes: 10,
    officeDay: DEFAULT_OFFICE_DAY_SETTINGS,
  } as unknown as Office;
  const at = '2026-12-07T00:00:00.000Z';
  const events: OfficeDayEvent[] = [
    {
      type: 'TicketIssued',
      data: {
        ticketNumber: 'G001',
        service: 'general-enquiry',
        sequence: 1,
        applicant: null,
        priority: false,
        issuedAt: at,
      },
    },
    {
      type: 'TicketIssued',
      data: {
        ticketNumber: 'G002',
        service: 'general-enquiry',
        sequence: 2,
        applicant: null,
        priority: false,
        issuedAt: at,
      },
    },
    { type: 'CounterOpened', data: { counter: '5', services: ['general-enquiry'], openedAt: at } },
    { type: 'TicketCalled', data: { ticketNumber: 'G001', counter: '5', callCount: 1, calledAt: at } },
    { type: 'TicketRecalled', data: { ticketNumber: 'G001', counter: '5', callCount: 2, recalledAt: at } },
  ];

  it('shows the calls newest first, each line, and the day', () => {
    const state = events.reduce(evolveOfficeDay, initialOfficeDayState());
    const snapshot = displaySnapshot(
      office,
      '2026-12-07',
      events.map((event, index) => ({ event, version: index + 1 })),
      state,
    );
    expect(snapshot).toMatchObject({
      version: 5,
      today: { open: true, opens: '08:30', closes: '17:15' },
      lastCalls: [
        { ticketNumber: 'G001', counter: '5', callCount: 2, recall: true, version: 5 },
        { ticketNumber: 'G001', counter: '5', callCount: 1, recall: false, version: 4 },
      ],
    });
    expect(snapshot.lines.find((line) => line.service === 'general-enquiry')).toEqual(
      expect.objectContaining({ waiting: 1, estimatedWaitMinutes: 20, countersServing: 1 }),
    );
    expect(JSON.stringify(snapshot)).not.toContain('applicant');
  });
});
