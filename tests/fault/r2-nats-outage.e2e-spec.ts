/**
 * R2: NATS down during traffic. A NATS server of the test's own is stopped for 30 s while a kiosk keeps
 * asking for tickets. The queue keeps issuing them (they are stored in Postgres, the outbox holds their
 * events); once NATS is back the outbox relay catches up, every ticket's event is on the stream exactly
 * once, the audit service logs each exactly once, and the log verifies.
 */
import type { INestApplication } from '@nestjs/common';
import {
  kioskToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import { EXIT_VERIFIED, runVerifyCommand } from '../../apps/audit/src/verify/verify.command';
import { AuditHarness } from '../support/audit-harness';
import { consumerProgress, readWholeStream } from '../support/fault-jetstream';
import { FaultTicketTraffic, sequenceOf } from '../support/fault-ticket-traffic';
import { ThrowawayNatsServer } from '../support/nats-server';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

const OUTAGE_MS = 30_000;
const MONDAY_MORNING = '2026-12-07T08:31:00+09:00';

describe('R2: NATS stopped for 30 s during ticket traffic', () => {
  let nats: ThrowawayNatsServer;
  let database: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;
  let office: TestOffice;
  let queue: INestApplication | undefined;
  let audit: AuditHarness | undefined;
  let traffic: FaultTicketTraffic | undefined;
  let natsDown = false;

  beforeAll(async () => {
    nats = await ThrowawayNatsServer.start();
    // A database of its own: the outbox relay publishes a whole database, and the stream is counted.
    database = await createTestDatabase();
    env = { ...testEnvironment(), DATABASE_URL: database.url, NATS_URL: nats.url };
    // Waits of a few seconds a ticket, so hundreds of tickets never run past closing time.
    office = writeTestOffice((file) => {
      file.defaultServiceMinutes = 0.01;
    });
  });

  afterAll(async () => {
    await traffic?.stop();
    await queue?.close();
    if (natsDown) await nats.restart(); // up again, should a failure have left it down
    await audit?.destroy();
    await nats?.destroy();
    office?.remove();
    await database?.drop();
  });

  const ticketEvents = async () =>
    (await readWholeStream(nats.url, env.JETSTREAM_STREAM!)).filter(
      (message) => message.event.type === 'TicketIssued',
    );

  it('keeps issuing tickets, then the stream and the audit log hold each exactly once', async () => {
    const started = await startQueueApp(env, office);
    queue = started.app;
    started.clock.set(new Date(MONDAY_MORNING));
    const kiosk = await kioskToken(queue, office.id);

    traffic = FaultTicketTraffic.start(queue, office.id, kiosk);
    await traffic.waitForIssued(15);
    // The relay is publishing (and has made the stream) before the audit service subscribes to it.
    await waitFor(async () => (await ticketEvents()).length >= 15, {
      what: 'the first tickets on the stream',
    });
    audit = await AuditHarness.create(
      {
        NATS_URL: nats.url,
        NATS_SUBJECT_PREFIX: env.NATS_SUBJECT_PREFIX!,
        JETSTREAM_STREAM: env.JETSTREAM_STREAM!,
      },
      started.clock,
    );
    await audit.start();
    await waitFor(async () => (await audit!.reader.treeSize()) >= 15, { what: 'the first audit entries' });

    // The outage: a timed stop of the broker while the kiosk keeps asking.
    await nats.stop();
    natsDown = true;
    const outageFrom = Date.now();
    const failuresBefore = traffic.failed.length;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    const outageTo = Date.now();
    const duringOutage = traffic.issuedBetween(outageFrom, outageTo);
    await nats.restart();
    natsDown = false;

    // The queue never stopped answering: tickets kept coming, first time, all through the outage.
    expect(traffic.failed.slice(failuresBefore)).toEqual([]);
    expect(duringOutage.length).toBeGreaterThan(OUTAGE_MS / 1_000);
    expect(duringOutage.at(-1)!.at).toBeGreaterThan(outageTo - 2_000);

    const issuedBeforeRestartCheck = traffic.issued.length;
    await traffic.waitForIssued(issuedBeforeRestartCheck + 15);
    await traffic.stop();
    const issued = traffic.issued;
    expect(traffic.failed).toEqual([]);
    for (const prefix of ['R', 'C', 'G']) {
      const numbers = sequenceOf(issued, prefix);
      expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    }

    // The relay caught up: every ticket's event on the stream, exactly once.
    const onStream = await waitFor(
      async () => {
        const events = await ticketEvents();
        return events.length >= issued.length ? events : undefined;
      },
      { what: `${issued.length} TicketIssued messages on the stream`, timeoutMs: 30_000 },
    );
    expect(onStream).toHaveLength(issued.length);
    expect(new Set(onStream.map((message) => message.event.eventId)).size).toBe(issued.length);
    expect(onStream.map((message) => String(message.event.data.ticketNumber)).sort()).toEqual(
      issued.map((ticket) => ticket.ticketNumber).sort(),
    );

    // The audit service, reconnected on its own, logged every message of the stream exactly once.
    const stream = await readWholeStream(nats.url, env.JETSTREAM_STREAM!);
    const lastSeq = stream.at(-1)!.seq;
    await waitFor(
      async () => {
        const progress = await consumerProgress(
          nats.url,
          env.JETSTREAM_STREAM!,
          audit!.config.AUDIT_CONSUMER,
        );
        return progress.ackFloor >= lastSeq && progress.ackPending === 0;
      },
      { what: `the audit consumer to settle message #${lastSeq}`, timeoutMs: 30_000 },
    );
    const treeSize = await audit.reader.treeSize();
    expect(treeSize).toBe(stream.length);
    const entries = await audit.reader.entriesBetween(0, treeSize);
    const ticketEntries = entries.filter((entry) => entry.type === 'TicketIssued');
    expect(ticketEntries).toHaveLength(issued.length);
    expect(new Set(entries.map((entry) => entry.eventId)).size).toBe(treeSize);
    expect(new Set(ticketEntries.map((entry) => entry.eventId))).toEqual(
      new Set(onStream.map((message) => message.event.eventId)),
    );

    // A checkpoint covers the whole log, and the verifier recomputes it and passes it.
    const checkpoint = await audit.waitForCheckpoint(treeSize, 15_000);
    expect(checkpoint.treeSize).toBe(treeSize);
    await audit.stop(); // the last checkpoints go to the stream on the way out
    const { exitCode, output } = await verify(audit);
    expect(output).toContain(`entries:     ${treeSize} recomputed`);
    expect(output).toContain('OK: the log verifies');
    expect(exitCode).toBe(EXIT_VERIFIED);
  }, 110_000);
});

/** `npm run audit:verify`, run in-process against the harness's database and stream. */
async function verify(audit: AuditHarness): Promise<{ exitCode: number; output: string }> {
  const saved = { ...process.env };
  Object.assign(process.env, {
    DATABASE_URL: audit.config.DATABASE_URL,
    NATS_URL: audit.config.NATS_URL,
    NATS_SUBJECT_PREFIX: audit.config.NATS_SUBJECT_PREFIX,
    JETSTREAM_STREAM: audit.config.JETSTREAM_STREAM,
  });
  let output = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    return { exitCode: await runVerifyCommand([]), output };
  } finally {
    write.mockRestore();
    process.env = saved;
  }
}
