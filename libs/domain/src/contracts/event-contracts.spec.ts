import {
  CARD_GATEWAY_EVENT_SCHEMA_VERSIONS,
  CASE_EVENT_TYPES,
  EVENT_CONTRACTS,
  isDomainEventType,
  OFFICE_DAY_EVENT_TYPES,
  schemaVersionOf,
  subjectOfEvent,
} from '@madoguchi/domain';

describe('event contracts', () => {
  it('give every event of every aggregate and of the card gateway a context and a schema version', () => {
    const all = [
      ...OFFICE_DAY_EVENT_TYPES,
      ...CASE_EVENT_TYPES,
      ...Object.keys(CARD_GATEWAY_EVENT_SCHEMA_VERSIONS),
    ];
    expect(new Set(all).size).toBe(all.length); // no event type is claimed by two contexts
    expect(Object.keys(EVENT_CONTRACTS).sort()).toEqual([...all].sort());
    for (const type of all) {
      expect(isDomainEventType(type)).toBe(true);
      expect(schemaVersionOf(type as never)).toBeGreaterThanOrEqual(1);
    }
  });

  it('route each event to madoguchi.<context>.<event-type>', () => {
    expect(subjectOfEvent('TicketIssued')).toBe('madoguchi.office-day.TicketIssued');
    expect(subjectOfEvent('InquiryLetterMailed')).toBe('madoguchi.case.InquiryLetterMailed');
    expect(subjectOfEvent('PinLocked')).toBe('madoguchi.card.PinLocked');
  });

  it('know no other event type', () => {
    expect(isDomainEventType('toString')).toBe(false);
    expect(isDomainEventType('PinEntered')).toBe(false);
    expect(isDomainEventType(42)).toBe(false);
  });
});
