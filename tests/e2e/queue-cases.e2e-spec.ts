/**
 * A day of PIN cases across the three services, on the run's Postgres, Redis and NATS: the real queue app,
 * the real card gateway (simulated card) over NATS, and the real audit service consuming the same stream.
 * A reset in person, a change that fails on the old PIN and goes on as a reset, a change of all three
 * 4-digit PINs, a proxy case over two visits; then the audit log holds every event, its compliance report
 * matches the day, and the PINs used appear in no response, log line, table row or stream message.
 */
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import { createCardGatewayApp } from '../../apps/card-gateway/src/card-gateway.app';
import { loadCardGatewayConfig } from '../../apps/card-gateway/src/card-gateway.config';
import {
  SimulatedCard,
  type SimulatedCardConfig,
} from '../../apps/card-gateway/src/card/simulator/card-model';
import { resetOnIssuerTerminal } from '../../apps/card-gateway/src/card/simulator/issuer-terminal';
import type { SimulatorTransport } from '../../apps/card-gateway/src/card/transport/simulator-transport';
import {
  api,
  staffToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import type { ControllableClock } from '@madoguchi/platform';
import { captureOutput, occurrencesOf, readStream, simulatedReader } from '../card-gateway-support';
import { AuditHarness } from '../support/audit-harness';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

const READ_BINARY = 0xb0;
const PINS = { old: '4826', wrongOld: '9999', new: '7315', reset: '6042' };
const FOUR_DIGIT = ['user-certificate', 'resident-registry', 'card-info-input'] as const;
const resident = { registeredResident: true, under15: false, adultWard: false };
const passport = { code: 'passport', original: true, expiresOn: '2031-03-31' };
const pension = { code: 'pension-certificate', original: true };

interface CaseBody {
  caseId: string;
  version: number;
  case: { status: string; procedure?: string; outcome?: string; pinChangeFailed?: boolean; letter?: unknown };
}

describe('PIN cases from the counter to the card (queue + card gateway)', () => {
  const env = testEnvironment();
  let database: { url: string; drop: () => Promise<void> };
  const readerId = `reader-${env.NATS_SUBJECT_PREFIX?.slice(0, 6) ?? 'x'}`;
  let office: TestOffice;
  let queue: INestApplication;
  let clock: ControllableClock;
  let gateway: INestMicroservice;
  let reader: SimulatorTransport;
  let nats: NatsConnection;
  let clerk: string;
  let supervisor: string;
  let audit: AuditHarness;
  let output: ReturnType<typeof captureOutput>;
  const responses: string[] = [];

  beforeAll(async () => {
    // A database of its own: the outbox relay publishes a whole database, so the stream this test
    // scans must get only this test's events.
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    env.LOG_LEVEL = 'debug'; // every APDU trace and log line is scanned for PINs at the end
    output = captureOutput();
    audit = await AuditHarness.create({
      NATS_SUBJECT_PREFIX: env.NATS_SUBJECT_PREFIX ?? '',
      JETSTREAM_STREAM: env.JETSTREAM_STREAM ?? '',
    });
    office = writeTestOffice();
    // One clock for the three services: the report judges the hours the queue and the card stamped.
    ({ app: queue, clock } = await startQueueApp(env, office, { clock: audit.clock }));
    clock.set(new Date('2026-12-01T10:00:00+09:00')); // a Tuesday
    gateway = await createCardGatewayApp(loadCardGatewayConfig({ ...env, READER_ID: readerId }), { clock });
    await gateway.listen();
    reader = simulatedReader(gateway, readerId);
    nats = await connect({ servers: env.NATS_URL });
    clerk = staffToken(queue, 'clerk');
    supervisor = staffToken(queue, 'supervisor');
  });

  afterAll(async () => {
    output?.stop();
    await audit?.destroy();
    await gateway?.close();
    await queue?.close();
    await nats?.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  /** The clerk's J-LIS terminal, which no software of ours can be: the simulator's issuer mode. */
  function jlisReset(card: SimulatedCard, kind: 'user-certificate', pin: string): void {
    card.issuerTerminalMode = true;
    expect(resetOnIssuerTerminal(card, kind, pin)).toBe('9000');
    card.issuerTerminalMode = false;
  }

  async function insert(config: SimulatedCardConfig): Promise<SimulatedCard> {
    const card = new SimulatedCard(config);
    reader.insert(card);
    await waitFor(() => card.instructionsReceived.includes(READ_BINARY), { what: 'the card identified' });
    return card;
  }

  async function post(path: string, body: unknown, status: number, token = clerk): Promise<CaseBody> {
    const response = await api(queue)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
    responses.push(response.text);
    expect({ path, status: response.status, body: response.body as unknown }).toMatchObject({ status });
    return response.body as CaseBody;
  }

  const fourDigitPins = (value: string) => ({
    pins: Object.fromEntries(FOUR_DIGIT.map((kind) => [kind, { value }])),
  });

  it('resets the PINs of a resident in person: identity, J-LIS step, counters confirmed, complete', async () => {
    const card = await insert({
      ...fourDigitPins(PINS.old),
      pins: { 'user-certificate': { value: PINS.old, left: 0 } },
    });
    const opened = await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-reset', applicant: 'self', holder: resident },
      201,
    );
    const at = `/cases/${opened.caseId}`;
    await post(`${at}/complete`, {}, 409); // nothing done yet: refused with the rule
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [passport] }, 200);
    await post(`${at}/card/check`, { readerId }, 200);

    // The counter is still 0: the gateway reads it and the case does not count it as a reset.
    await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 409);
    await post(`${at}/complete`, {}, 409);
    jlisReset(card, 'user-certificate', PINS.reset);
    await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 200);
    await post(`${at}/complete`, {}, 409); // the resident has not verified the new PIN yet
    await post(`${at}/card/verify-new-pin`, { readerId, kinds: ['user-certificate'], pin: PINS.reset }, 200);

    const done = await post(`${at}/complete`, {}, 200);
    expect(done.case).toMatchObject({ status: 'closed', outcome: 'completed' });
  });

  it('turns a change that fails on the old PIN into a reset, which then needs identity documents', async () => {
    const card = await insert(fourDigitPins(PINS.old));
    const opened = await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-change', applicant: 'self', holder: resident },
      201,
    );
    const at = `/cases/${opened.caseId}`;
    await post(`${at}/card/check`, { readerId }, 200);

    const failed = (await post(
      `${at}/card/change`,
      { readerId, kind: 'user-certificate', oldPin: PINS.wrongOld, newPin: PINS.new },
      409,
    )) as unknown as { card: { code: string; triesLeft: number }; case: CaseBody };
    expect(failed.card).toMatchObject({ code: 'wrong-pin', triesLeft: 2 });
    expect(failed.case.case.pinChangeFailed).toBe(true);

    // The failed change is over: no second change attempt reaches the card.
    await post(
      `${at}/card/change`,
      { readerId, kind: 'user-certificate', oldPin: PINS.old, newPin: PINS.new },
      409,
    );
    const reset = await post(`${at}/continue-as-reset`, {}, 200);
    expect(reset.case.procedure).toBe('pin-reset');
    // A reset needs an identity document before the PIN is reset.
    await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 409);
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [passport] }, 200);
    jlisReset(card, 'user-certificate', PINS.reset);
    await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 200);
    await post(`${at}/card/verify-new-pin`, { readerId, kinds: ['user-certificate'], pin: PINS.reset }, 200);
    const done = await post(`${at}/complete`, {}, 200);
    expect(done.case.outcome).toBe('completed');
  });

  it('changes all three 4-digit PINs when the old PIN is right', async () => {
    const card = await insert(fourDigitPins(PINS.old));
    const opened = await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-change', applicant: 'self', holder: resident },
      201,
    );
    const at = `/cases/${opened.caseId}`;
    await post(`${at}/card/check`, { readerId }, 200);
    await post(
      `${at}/card/change`,
      { readerId, kind: 'all-four-digit', oldPin: PINS.old, newPin: PINS.new },
      200,
    );
    for (const kind of FOUR_DIGIT) expect(card.pin(kind)?.value).toBe(PINS.new);
    expect((await post(`${at}/complete`, {}, 200)).case.outcome).toBe('completed');
  });

  it('carries a proxy case over two visits with the inquiry letter and its deadline', async () => {
    await insert(fourDigitPins(PINS.old));
    const opened = await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-reset', applicant: 'proxy', holder: resident },
      201,
    );
    const at = `/cases/${opened.caseId}`;
    await post(`${at}/inquiry-letter/mailed`, {}, 409); // the proxy's identity first: A×1 or B×2
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [pension] }, 200);
    await post(`${at}/inquiry-letter/mailed`, {}, 409); // one B document is not enough
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [passport] }, 200);
    const mailed = await post(`${at}/inquiry-letter/mailed`, {}, 200);
    expect(mailed.case.letter).toMatchObject({ deadline: '2027-01-04' }); // 12-31 is a year-end closed day
    await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 409); // not before visit 2

    clock.set(new Date('2026-12-15T11:00:00+09:00')); // visit 2
    try {
      // Two weeks on, yesterday's session has long expired: the clerk signs in again that morning.
      const clerkOfVisit2 = staffToken(queue, 'clerk');
      await post(`${at}/inquiry-letter/returned`, {}, 200, clerkOfVisit2);
      await post(
        `${at}/identity-documents`,
        { whose: 'applicant', documents: [passport] },
        200,
        clerkOfVisit2,
      );
      await post(`${at}/card/check`, { readerId }, 200, clerkOfVisit2);
      await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 200, clerkOfVisit2);
      expect((await post(`${at}/complete`, {}, 200, clerkOfVisit2)).case.outcome).toBe('completed');
    } finally {
      clock.set(new Date('2026-12-01T10:00:00+09:00'));
    }
  });

  it('refuses a non-resident, bad input with the field named, a wrong role, and a supervisor-only step', async () => {
    await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-reset', applicant: 'self', holder: { ...resident, registeredResident: false } },
      422,
    );
    const bad = (await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-forget', applicant: 'self', holder: resident },
      400,
    )) as unknown as { message: unknown };
    expect(JSON.stringify(bad.message)).toContain('procedure');
    const opened = await post(
      `/offices/${office.id}/cases`,
      { procedure: 'pin-reset', applicant: 'self', holder: resident },
      201,
    );
    await post(`/cases/${opened.caseId}/supervisor-exception`, { reason: '市民課に確認済み' }, 403);
    await post(
      `/cases/${opened.caseId}/supervisor-exception`,
      { reason: '市民課に確認済み' },
      200,
      supervisor,
    );
    const kiosk = staffToken(queue, 'auditor');
    await post(`/cases/${opened.caseId}/abandon`, { reason: 'applicant-left' }, 403, kiosk);
    // A change on a reset case: the case refuses it before the gateway ever sees the (full-width) PIN.
    const refused = (await post(
      `/cases/${opened.caseId}/card/change`,
      { readerId, kind: 'user-certificate', oldPin: '１２３４', newPin: PINS.new },
      422,
    )) as unknown as { refusal: { code: string } };
    expect(refused.refusal.code).toBe('wrong-procedure');
  });

  it('has every event of the day in the audit log, and a compliance report that matches it', async () => {
    const messages = await waitFor(
      async () => {
        const all = await readStream(nats, env.JETSTREAM_STREAM ?? '');
        return all.filter((message) => message.json.type === 'CaseCompleted').length === 4 ? all : undefined;
      },
      { what: 'the four completed cases on the stream', timeoutMs: 15_000 },
    );
    await audit.start();
    await audit.waitForSettled(messages.length, 30_000);
    const checkpoint = await audit.waitForCheckpoint(messages.length, 15_000);
    expect(checkpoint.treeSize).toBe(messages.length); // each event exactly once

    const report = await api(audit.app as INestApplication)
      .get(`/reports/compliance?from=2026-12-01&to=2026-12-31&office=${office.id}`)
      .set('Authorization', audit.bearer('auditor'))
      .expect(200);
    const body = report.body as {
      cases: { opened: number; byOutcome: Record<string, number>; byApplicant: Record<string, number> };
      card: { pinLocks: number; failedVerifications: number };
      violations: { rule: string }[];
    };
    expect(body.cases.byOutcome).toMatchObject({ completed: 4 });
    expect(body.cases.byApplicant).toMatchObject({ self: 4, proxy: 1 });
    expect(body.violations.map((violation) => violation.rule)).toEqual(['supervisor-exception']);
  });

  it('leaves no PIN in any response, log line, table row or JetStream message', async () => {
    const stream = await readStream(nats, env.JETSTREAM_STREAM ?? '');
    const rows: string[] = [];
    for (const url of [database.url, audit.database.url]) {
      const db = new Client({ connectionString: url });
      await db.connect();
      const { rows: tables } = await db.query<{ name: string }>(
        `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
           FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      );
      for (const { name } of tables) {
        const { rows: dump } = await db.query<{ row: string }>(
          `SELECT row_to_json(t)::text AS row FROM ${name} t`,
        );
        rows.push(...dump.map((entry) => entry.row));
      }
      await db.end();
    }
    expect(rows.length).toBeGreaterThan(50);
    const everything = [
      ...responses,
      ...stream.map((message) => message.data + message.headers),
      ...rows,
      output.text(),
    ].join('\n');
    for (const pin of Object.values(PINS)) expect(occurrencesOf(pin, everything)).toBe(0);
  });
});
