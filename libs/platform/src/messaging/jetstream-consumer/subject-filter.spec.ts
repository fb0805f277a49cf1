import { resolveConsumerOptions, retryDelay } from './jetstream-consumer.options';
import type { MessageQuarantine } from './message-quarantine';
import { assertSubjectFilter, coveringFilter, filtersOverlap, subjectMatches } from './subject-filter';

describe('subject filters', () => {
  it.each([
    ['madoguchi.case.>', 'madoguchi.case.opened', true],
    ['madoguchi.case.>', 'madoguchi.case.pin.reset', true],
    ['madoguchi.case.>', 'madoguchi.case', false],
    ['madoguchi.*.opened', 'madoguchi.case.opened', true],
    ['madoguchi.*.opened', 'madoguchi.case.closed', false],
    ['madoguchi.*', 'madoguchi.case.opened', false],
    ['madoguchi.case.opened', 'madoguchi.case.opened', true],
    ['madoguchi.case.opened', 'madoguchi.case.opened.late', false],
    ['>', 'anything.at.all', true],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it.each([
    ['madoguchi.case.>', 'madoguchi.case.opened', true],
    ['madoguchi.*.opened', 'madoguchi.case.*', true],
    ['madoguchi.case.>', 'madoguchi.office-day.>', false],
    ['madoguchi.case', 'madoguchi.case.opened', false],
    ['madoguchi.*', 'madoguchi.case.opened', false],
  ])('%s and %s overlap: %s', (first, second, expected) => {
    expect(filtersOverlap(first, second)).toBe(expected);
    expect(filtersOverlap(second, first)).toBe(expected);
  });

  it.each([
    [['madoguchi.case.>'], 'madoguchi.case.>'],
    [['madoguchi.case.opened', 'madoguchi.case.closed'], 'madoguchi.case.>'],
    [['madoguchi.case.>', 'madoguchi.office-day.>'], 'madoguchi.>'],
    [['madoguchi.case', 'madoguchi.case.opened'], 'madoguchi.>'],
    [['madoguchi.*.opened', 'madoguchi.office-day.closed'], 'madoguchi.>'],
  ])('one consumer filter covers %j: %s', (filters, expected) => {
    expect(coveringFilter(filters)).toBe(expected);
    for (const filter of filters) {
      expect(filtersOverlap(expected, filter)).toBe(true);
    }
  });

  it.each(['', 'madoguchi..case', 'madoguchi.>.case', 'madoguchi.ca*e', 'madoguchi case'])(
    'rejects %j as a filter',
    (filter) => {
      expect(() => assertSubjectFilter(filter)).toThrow('is not a NATS subject filter');
    },
  );
});

describe('consumer options', () => {
  const quarantine: MessageQuarantine = { store: () => Promise.resolve() };
  const base = { servers: 'nats://x', subjectPrefix: '', stream: 'S', consumer: 'audit', quarantine };

  it('retries after 1 s, 2 s, 4 s … up to the maximum', () => {
    const delays = [1, 2, 3, 4, 8].map((delivery) => retryDelay(delivery, { first: 1_000, max: 5_000 }));
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('defaults to AckWait 30 s with a progress signal every 10 s and quarantine after 5 failures', () => {
    const options = resolveConsumerOptions(base);
    expect(options).toMatchObject({ ackWaitMs: 30_000, workingIntervalMs: 10_000, maxDeliveries: 5 });
  });

  it('signals progress well within a short ack wait, and refuses a signal that would come too late', () => {
    expect(resolveConsumerOptions({ ...base, ackWaitMs: 1_500 }).workingIntervalMs).toBe(500);
    expect(() => resolveConsumerOptions({ ...base, ackWaitMs: 1_000, workingIntervalMs: 1_000 })).toThrow(
      'must be shorter than ackWaitMs',
    );
  });
});
