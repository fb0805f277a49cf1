/**
 * R3: Postgres restarted under a running service. A PostgreSQL cluster of the test's own is restarted
 * (fast: every open connection cut off) while a kiosk keeps asking for tickets. Without any help the
 * queue reports postgres up again, issues tickets again within a deadline, and the ticket numbers go on
 * from where they were: no gap, no number given twice, and the event store holds each ticket once.
 */
import type { INestApplication } from '@nestjs/common';
import { Client, type Pool } from 'pg';
import { PG_POOL } from '@madoguchi/platform/connections/infrastructure.module';
import {
  api,
  kioskToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import { FaultPostgresCluster } from '../support/fault-postgres-cluster';
import { FaultTicketTraffic, sequenceOf } from '../support/fault-ticket-traffic';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

const MONDAY_MORNING = '2026-12-07T08:31:00+09:00';
/** How long the queue may take to serve again once Postgres answers. */
const RECOVERY_DEADLINE_MS = 20_000;

interface HealthBody {
  status: string;
  checks: Record<string, { status: string }>;
}

describe('R3: Postgres restarted under ticket traffic', () => {
  let cluster: FaultPostgresCluster | undefined;
  let env: Record<string, string>;
  let office: TestOffice;
  let queue: INestApplication | undefined;
  let traffic: FaultTicketTraffic | undefined;

  beforeAll(async () => {
    cluster = await FaultPostgresCluster.start();
    env = { ...testEnvironment(), DATABASE_URL: await cluster.createDatabase('madoguchi_fault') };
    office = writeTestOffice((file) => {
      file.defaultServiceMinutes = 0.01;
    });
  }, 60_000);

  afterAll(async () => {
    await traffic?.stop();
    await queue?.close();
    office?.remove();
    await deleteStream(env.NATS_URL!, env.JETSTREAM_STREAM!);
    await cluster?.destroy();
  });

  const health = async () => {
    const response = await api(queue!).get('/health').timeout(5_000);
    return { status: response.status, body: response.body as HealthBody };
  };

  it('recovers on its own: postgres up, tickets again, numbering without gap or repeat', async () => {
    const started = await startQueueApp(env, office);
    queue = started.app;
    started.clock.set(new Date(MONDAY_MORNING));
    const kiosk = await kioskToken(queue, office.id);
    // An idle client cut off by the restart emits 'error' on the health probes' pool: unheard, that
    // would kill a real process. The pool must listen on its own (this test once found it did not).
    const pool = queue.get<Pool>(PG_POOL);
    expect(pool.listenerCount('error')).toBeGreaterThan(0);
    expect(await health()).toMatchObject({ status: 200, body: { checks: { postgres: { status: 'up' } } } });

    traffic = FaultTicketTraffic.start(queue, office.id, kiosk);
    await traffic.waitForIssued(15);

    await cluster!.restart();
    const backAt = Date.now();
    const issuedAtRestart = traffic.issued.length;

    // Nobody touches the queue: its pools find the new server by themselves.
    await waitFor(
      async () => {
        const { status, body } = await health();
        return status === 200 && body.checks.postgres?.status === 'up';
      },
      { what: 'health to report postgres up again', timeoutMs: RECOVERY_DEADLINE_MS },
    );
    await traffic.waitForIssued(issuedAtRestart + 15, RECOVERY_DEADLINE_MS);
    const firstAfter = traffic.issued.find((ticket) => ticket.at >= backAt);
    expect(firstAfter!.at - backAt).toBeLessThan(RECOVERY_DEADLINE_MS);
    await traffic.stop();

    // Numbering goes on from where it was, for every service: 1, 2, 3, … with no gap and no repeat.
    const issued = traffic.issued;
    for (const prefix of ['R', 'C', 'G']) {
      const numbers = sequenceOf(issued, prefix);
      expect(numbers.length).toBeGreaterThan(5);
      expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    }

    // And the event store holds each ticket exactly once.
    const store = new Client({ connectionString: env.DATABASE_URL });
    await store.connect();
    try {
      const { rows } = await store.query<{ ticket: string }>(
        `SELECT data->>'ticketNumber' AS ticket FROM events WHERE type = 'TicketIssued'`,
      );
      expect(rows.map((row) => row.ticket).sort()).toEqual(
        issued.map((ticket) => ticket.ticketNumber).sort(),
      );
    } finally {
      await store.end();
    }
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok' } });
  }, 90_000);
});
