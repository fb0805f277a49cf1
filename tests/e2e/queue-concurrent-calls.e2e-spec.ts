/**
 * R4 (architecture.md): 50 clerks press "call next" on one office at once, spread over two queue
 * replicas sharing the database: no ticket is called twice, none is skipped.
 */
import { Client } from 'pg';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';
import {
  api,
  kioskToken,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  type TestOffice,
  withCounters,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';

const CLERKS = 50;
const MORNING = '2026-12-08T09:00:00+09:00';

describe('R4: concurrent call-next on one office', () => {
  let env: Record<string, string>;
  let office: TestOffice;
  let replicas: QueueTestApp[] = [];

  beforeEach(async () => {
    env = testEnvironment();
    office = writeTestOffice(withCounters(CLERKS));
    replicas = [await startQueueApp(env, office), await startQueueApp(env, office)];
    for (const replica of replicas) replica.clock.set(MORNING);
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.app.close()));
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  const replica = (n: number) => (replicas[n % replicas.length] as QueueTestApp).app;

  async function prepare(tickets: number): Promise<string[]> {
    const clerk = staffToken(replica(0), 'clerk');
    const counters = Array.from({ length: CLERKS }, (_, index) => String(index + 1));
    const opened = await Promise.all(
      counters.map((counter, n) =>
        api(replica(n))
          .post(`/offices/${office.id}/counters/${counter}/open`)
          .set('Authorization', `Bearer ${clerk}`),
      ),
    );
    expect(opened.map((response) => response.status)).toEqual(counters.map(() => 200));
    const kiosk = await kioskToken(replica(0), office.id);
    const issued = await Promise.all(
      Array.from({ length: tickets }, (_, n) =>
        api(replica(n))
          .post(`/offices/${office.id}/tickets`)
          .set('Authorization', `Bearer ${kiosk}`)
          .send({ service: 'general-enquiry' }),
      ),
    );
    expect(issued.map((response) => response.status)).toEqual(issued.map(() => 201));
    const numbers = issued.map((response) => (response.body as { ticketNumber: string }).ticketNumber);
    expect(new Set(numbers).size).toBe(tickets);
    return numbers.sort();
  }

  function callAll(): Promise<
    { status: number; body: { ticket?: { ticketNumber: string }; refusal?: { code: string } } }[]
  > {
    const clerk = staffToken(replica(0), 'clerk');
    return Promise.all(
      Array.from({ length: CLERKS }, (_, index) =>
        api(replica(index))
          .post(`/offices/${office.id}/counters/${index + 1}/call-next`)
          .set('Authorization', `Bearer ${clerk}`),
      ),
    );
  }

  async function calledInStore(): Promise<string[]> {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ ticket: string }>(
        `SELECT data->>'ticketNumber' AS ticket FROM events
          WHERE stream_id LIKE $1 AND type = 'TicketCalled' ORDER BY stream_version`,
        [`office-day:${office.id}:%`],
      );
      return rows.map((row) => row.ticket);
    } finally {
      await client.end();
    }
  }

  it('calls the first 50 of 60 waiting tickets, each exactly once', async () => {
    const numbers = await prepare(60);
    const answers = await callAll();
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const called = answers.map((answer) => answer.body.ticket?.ticketNumber ?? '');
    expect(new Set(called).size).toBe(CLERKS);
    expect([...called].sort()).toEqual(numbers.slice(0, CLERKS));
    const stored = await calledInStore();
    expect(stored).toHaveLength(CLERKS);
    expect([...stored].sort()).toEqual(numbers.slice(0, CLERKS));
  });

  it('with 40 tickets waiting, calls all 40 once and tells the other 10 clerks nobody waits', async () => {
    const numbers = await prepare(40);
    const answers = await callAll();
    const called = answers
      .filter((answer) => answer.status === 200)
      .map((answer) => answer.body.ticket?.ticketNumber);
    const refused = answers
      .filter((answer) => answer.status === 409)
      .map((answer) => answer.body.refusal?.code);
    expect([...called].sort()).toEqual(numbers);
    expect(refused).toEqual(Array.from({ length: 10 }, () => 'no-ticket-waiting'));
    expect((await calledInStore()).sort()).toEqual(numbers);
  });
});
