import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ConcurrencyError, type EventMetadata, openServiceDatabase, systemClock } from '@madoguchi/platform';
import { OfficeDayStore } from './office-day.store';

const metadata: EventMetadata = {
  actor: { kind: 'system', id: 'test' },
  correlationId: randomUUID(),
  occurredAt: '2026-12-07T00:00:00.000Z',
};
const event = (n: number) => ({ type: 'TicketIssued', data: { sequence: n }, schemaVersion: 1 });

describe('OfficeDayStore (two replicas on one database)', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openServiceDatabase({
      url: process.env.MADOGUCHI_TEST_DATABASE_URL ?? '',
      applicationName: 'office-day-store-test',
    });
  });
  afterAll(() => dataSource?.destroy());

  it('serves its own appends from memory, and drops a stream another replica appended to', async () => {
    const stream = `office-day:t-${randomUUID()}:2026-12-07`;
    const one = new OfficeDayStore(dataSource, systemClock);
    const two = new OfficeDayStore(dataSource, systemClock);

    await one.append(stream, [event(1)], { expectedVersion: 'no-stream', metadata });
    const querySpy = jest.spyOn(dataSource.manager, 'query');
    const cached = await one.readStream(stream);
    expect(querySpy).not.toHaveBeenCalled();
    querySpy.mockRestore();
    expect(cached.version).toBe(1);
    expect(cached.events.map((recorded) => recorded.data)).toEqual([{ sequence: 1 }]);

    // The other replica reads and appends: the first one's memory is now behind.
    expect((await two.readStream(stream)).version).toBe(1);
    await two.append(stream, [event(2)], { expectedVersion: 1, metadata });
    await expect(one.append(stream, [event(99)], { expectedVersion: 1, metadata })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    const fresh = await one.readStream(stream);
    expect(fresh.version).toBe(2);
    expect(fresh.events.map((recorded) => recorded.data)).toEqual([{ sequence: 1 }, { sequence: 2 }]);
    await one.append(stream, [event(3), event(4)], { expectedVersion: 2, metadata });
    expect((await one.readStream(stream)).version).toBe(4);
    // Still 2 in its memory while the database has 4: its next append fails and it reads afresh.
    expect((await two.readStream(stream)).version).toBe(2);
  });
});
