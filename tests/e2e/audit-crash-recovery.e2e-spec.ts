import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjectOfEvent } from '@madoguchi/domain';
import { createServiceDataSource, ensureEventStream } from '@madoguchi/platform';
import { Client } from 'pg';
import { auditedEvent } from '../../apps/audit/test-support/audited-events';
import { loadAuditConfig, type AuditConfig } from '../../apps/audit/src/audit.config';
import { CheckpointSigner } from '../../apps/audit/src/checkpoints/checkpoint-signer';
import { checkpointStreamName, CheckpointStream } from '../../apps/audit/src/checkpoints/checkpoint-stream';
import { LogReaderRepository } from '../../apps/audit/src/log/log-reader.repository';
import { LogVerifier } from '../../apps/audit/src/verify/log-verifier';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

const EVENTS = 10_000;
const ROOT = join(__dirname, '..', '..');

/** The audit service as its own process, run from the sources, so it can be killed outright. */
class AuditProcess {
  private child: ChildProcess | undefined;
  output = '';

  constructor(private readonly env: Record<string, string>) {}

  start(): void {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'scripts/typescript-hook.js'), join(ROOT, 'apps/audit/src/main.ts')],
      { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child = child;
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/**
 * R1: the audit process killed (SIGKILL) during a burst of 10,000 events. After a restart every event is in
 * the log exactly once, numbered without a gap, and the whole log verifies against its signed checkpoints.
 */
// The audit runs as its own process here, on the real clock: nothing below depends on the hour or the day.
describe('R1: audit killed mid-ingest, restarted (real clock)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AuditConfig;
  let env: Record<string, string>;
  let nats: NatsConnection;
  let audit: AuditProcess;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...testEnvironment(),
      DATABASE_URL: database.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      // The message in hand when the process died comes back after this.
      AUDIT_CONSUMER_ACK_WAIT_MS: '2000',
    };
    config = loadAuditConfig(env);
    nats = await connect({ servers: config.NATS_URL });
    db = new Client({ connectionString: database.url });
    await db.connect();
    audit = new AuditProcess(env);
  });

  afterAll(async () => {
    await audit?.stop('SIGTERM');
    await db?.end();
    await nats?.close();
    await deleteStream(config.NATS_URL, config.JETSTREAM_STREAM);
    await deleteStream(config.NATS_URL, checkpointStreamName(config.JETSTREAM_STREAM));
    await database?.drop();
  });

  async function entriesInLog(): Promise<number> {
    try {
      const { rows } = await db.query<{ count: string }>(`SELECT count(*) FROM audit_entries`);
      return Number(rows[0]?.count ?? 0);
    } catch {
      return 0; // not migrated yet
    }
  }

  it('has every event exactly once and verifies', async () => {
    // As the queue's relay does before it publishes.
    await ensureEventStream(nats, {
      name: config.JETSTREAM_STREAM,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
    });
    audit.start();
    const js = jetstream(nats);
    const events = Array.from({ length: EVENTS }, (_, n) => auditedEvent('TicketIssued', { n }));
    const publishing = (async () => {
      for (let start = 0; start < EVENTS; start += 500) {
        await Promise.all(
          events.slice(start, start + 500).map((event) =>
            js.publish(
              `${config.NATS_SUBJECT_PREFIX}${subjectOfEvent('TicketIssued')}`,
              JSON.stringify(event),
              {
                msgID: event.eventId,
              },
            ),
          ),
        );
      }
    })();

    await waitFor(async () => (await entriesInLog()) >= EVENTS / 5, {
      what: 'a fifth of the burst in the log',
      timeoutMs: 60_000,
    });
    await audit.stop('SIGKILL');
    const atKill = await entriesInLog();
    expect(atKill).toBeLessThan(EVENTS);

    audit.start();
    await publishing;
    await waitFor(async () => (await entriesInLog()) >= EVENTS, {
      what: `all ${EVENTS} events in the log (at the kill: ${atKill})`,
      timeoutMs: 120_000,
      intervalMs: 200,
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- audit output ---\n${audit.output.slice(-4_000)}`);
    });

    const { rows } = await db.query<{ entries: string; events: string; last: string }>(
      `SELECT count(*) AS entries, count(DISTINCT event_id) AS events, max(sequence) AS last FROM audit_entries`,
    );
    expect(rows[0]).toEqual({ entries: String(EVENTS), events: String(EVENTS), last: String(EVENTS - 1) });
    const { rows: missing } = await db.query(
      `SELECT id FROM unnest($1::uuid[]) AS published(id) WHERE id NOT IN (SELECT event_id FROM audit_entries)`,
      [events.map((event) => event.eventId)],
    );
    expect(missing).toEqual([]);

    // Stopped cleanly this time: its last checkpoint covers every entry, in the database and on the stream.
    await audit.stop('SIGTERM');
    const signer = CheckpointSigner.fromConfiguration(config.AUDIT_LOG_ORIGIN, undefined);
    const published = await new CheckpointStream(nats, {
      eventStream: config.JETSTREAM_STREAM,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
    }).readAll();
    const dataSource = createServiceDataSource({ url: database.url, applicationName: 'r1-verify' });
    await dataSource.initialize();
    try {
      const report = await new LogVerifier(
        new LogReaderRepository(dataSource),
        signer.verifier,
        signer.origin,
      ).verify({
        externalCheckpoints: published,
      });
      expect(report).toMatchObject({ ok: true, entries: EVENTS, uncovered: 0, problems: [] });
      expect(report.externalCheckpoints).toBeGreaterThan(0);
    } finally {
      await dataSource.destroy();
    }
  }, 240_000);
});
