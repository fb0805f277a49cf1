import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { jetstreamManager } from '@nats-io/jetstream';
import { PostgresMessageQuarantine } from '@madoguchi/platform';
import { auditedEvent } from '../../apps/audit/test-support/audited-events';
import { CheckpointSigner } from '../../apps/audit/src/checkpoints/checkpoint-signer';
import { checkpointStreamName, checkpointSubject } from '../../apps/audit/src/checkpoints/checkpoint-stream';
import { LogReaderRepository } from '../../apps/audit/src/log/log-reader.repository';
import { openCheckpoint } from '../../apps/audit/src/merkle';
import { referenceRoot } from '../../apps/audit/src/merkle/merkle-test-support';
import { AUDIT_WRITER_ROLE } from '../../apps/audit/src/database/migrations/1765000000000-audit-log';
import { createAuditApp, startIngest } from '../../apps/audit/src/audit.app';
import { LogSequencer } from '../../apps/audit/src/log/log-sequencer';
import { AuditHarness } from '../support/audit-harness';
import { http } from '../support/http';
import { waitFor } from '../support/wait-for';

describe('audit ingest: JetStream → Merkle log (real NATS and PostgreSQL)', () => {
  let audit: AuditHarness;

  beforeEach(async () => {
    audit = await AuditHarness.create();
    await audit.start();
  });

  afterEach(() => audit?.destroy());

  it('appends every event once, in stream order, and checkpoints and publishes the head', async () => {
    const events = [
      auditedEvent('TicketIssued', { ticketNumber: 'R001' }),
      auditedEvent('CaseOpened', { caseId: 'c1' }),
      auditedEvent('PinLocked', { readerId: 'r1', kind: 'user-authentication' }),
      ...Array.from({ length: 20 }, (_, n) => auditedEvent('TicketCalled', { n })),
    ];
    for (const event of events) await audit.publish(event);
    // Published again (the relay restarted after the dedupe window): the log's unique event id absorbs it.
    await audit.waitForSettled(await audit.publish(events[1]!, randomUUID()));

    const entries = await audit.reader.entriesBetween(0, 100);
    expect(entries.map((entry) => entry.eventId)).toEqual(events.map((event) => event.eventId));
    expect(entries.map((entry) => entry.sequence)).toEqual(events.map((_, n) => n));

    const { config } = audit;
    const signer = CheckpointSigner.fromConfiguration(config.AUDIT_LOG_ORIGIN, undefined);
    const checkpoint = await audit.waitForCheckpoint(events.length);
    const head = openCheckpoint(checkpoint.note, signer.verifier, config.AUDIT_LOG_ORIGIN);
    expect(head.rootHash).toEqual(referenceRoot(entries.map((entry) => entry.leafHash)));

    // The same note, outside the database, on a stream that refuses deletes and purges.
    const manager = await jetstreamManager(audit.nats);
    const stream = checkpointStreamName(config.JETSTREAM_STREAM);
    const published = await waitFor(
      async () => {
        const message = await manager.streams.getMessage(stream, {
          last_by_subj: checkpointSubject(config.NATS_SUBJECT_PREFIX),
        });
        return message?.string() === checkpoint.note ? message : undefined;
      },
      { what: 'the checkpoint on its stream' },
    );
    expect(published.header.get('Madoguchi-Checkpoint-Id')).toBe(String(checkpoint.id));
    const info = await manager.streams.info(stream);
    expect(info.config).toMatchObject({ deny_delete: true, deny_purge: true });
    await expect(manager.streams.deleteMessage(stream, published.seq)).rejects.toThrow();
  });

  it('quarantines what cannot be an entry, at once and with the reason, and goes on', async () => {
    const { config, js } = audit;
    const prefix = config.NATS_SUBJECT_PREFIX;
    const unknownType = { ...auditedEvent('TicketIssued'), type: 'TicketForged' };
    await js.publish(`${prefix}madoguchi.office-day.TicketForged`, JSON.stringify(unknownType));
    const noActor = auditedEvent('TicketIssued');
    await js.publish(
      `${prefix}madoguchi.office-day.TicketIssued`,
      JSON.stringify({ ...noActor, metadata: { ...noActor.metadata, actor: undefined } }),
    );
    await js.publish(`${prefix}madoguchi.case.PinLocked`, JSON.stringify(auditedEvent('PinLocked')));
    await js.publish(`${prefix}madoguchi.case.CaseOpened`, '{"eventId": ');
    const nul = auditedEvent('CaseOpened', { caseId: 'a\u0000b' });
    await js.publish(`${prefix}madoguchi.case.CaseOpened`, JSON.stringify(nul));
    const good = auditedEvent('CaseOpened');
    await audit.waitForSettled(await audit.publish(good));

    const entries = await audit.reader.entriesBetween(0, 100);
    expect(entries.map((entry) => entry.eventId)).toEqual([good.eventId]);
    const quarantined = await audit
      .app!.get(PostgresMessageQuarantine)
      .list(config.JETSTREAM_STREAM, config.AUDIT_CONSUMER);
    expect(quarantined.map((message) => [message.streamSequence, message.deliveries, message.error])).toEqual(
      [
        [1, 1, expect.stringMatching(/type: TicketForged has no event contract/)],
        [2, 1, expect.stringMatching(/metadata\.actor: /)],
        [
          3,
          1,
          expect.stringMatching(/subject: madoguchi\.case\.PinLocked is not the subject of a PinLocked/),
        ],
        [4, 1, expect.stringMatching(/payload is not JSON/)],
        [5, 1, expect.stringMatching(/data: holds a NUL character/)],
      ],
    );
  });

  it('works as the writer role, which may insert and read the log and nothing more', async () => {
    // The owner has migrated (the harness started once); now a login of the writer role runs the service.
    await audit.stop();
    const owner = new Client({ connectionString: audit.config.DATABASE_URL });
    await owner.connect();
    const login = `audit_app_${randomBytes(3).toString('hex')}`;
    await owner.query(`CREATE ROLE ${login} LOGIN IN ROLE ${AUDIT_WRITER_ROLE}`);
    await owner.query(`ALTER ROLE ${login} SET role = ${AUDIT_WRITER_ROLE}`);
    try {
      const writerUrl = new URL(audit.config.DATABASE_URL);
      writerUrl.username = login;
      const writer = await AuditHarness.create({ AUDIT_WRITER_DATABASE_URL: writerUrl.toString() });
      try {
        Object.assign(writer.config, {
          DATABASE_URL: audit.config.DATABASE_URL,
          JETSTREAM_STREAM: audit.config.JETSTREAM_STREAM,
          NATS_SUBJECT_PREFIX: audit.config.NATS_SUBJECT_PREFIX,
        });
        await writer.start();
        const event = auditedEvent('CaseOpened');
        await writer.waitForSettled(await writer.publish(event));
        const { rows } = await owner.query<{ usename: string }>(
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name LIKE 'madoguchi-audit%' AND datname = current_database()`,
        );
        expect(rows.map((row) => row.usename)).toEqual([login]);
        expect((await writer.reader.entriesBetween(0, 100)).map((entry) => entry.eventId)).toContain(
          event.eventId,
        );
        await writer.stop();
      } finally {
        await writer.database.drop();
        await writer.nats.close();
      }
    } finally {
      await owner.query(`DROP OWNED BY ${login}`);
      await owner.query(`DROP ROLE ${login}`);
      await owner.end();
    }
  });

  it('lets a second instance serve reads and wait, then take over the log when the first stops', async () => {
    await audit.waitForSettled(await audit.publish(auditedEvent('TicketIssued')));
    const second = await createAuditApp(audit.config, {
      clock: audit.clock,
      consumer: { retryDelayMs: { first: 10, max: 40 } },
    });
    try {
      await second.init();
      let ingesting = false;
      const started = startIngest(second).then(() => (ingesting = true));
      await audit.waitForCheckpoint(1);
      await http(second).get('/log/entries/0').set('Authorization', audit.bearer('auditor')).expect(200);
      expect(ingesting).toBe(false);
      expect(second.get(LogSequencer).isSequencer).toBe(false);

      await audit.stop();
      await started;
      const event = auditedEvent('CaseOpened');
      await audit.waitForSettled(await audit.publish(event));
      const [entry] = await second.get(LogReaderRepository).entriesBetween(1, 2);
      expect(entry?.eventId).toBe(event.eventId);
    } finally {
      await second.close();
    }
  });
});
