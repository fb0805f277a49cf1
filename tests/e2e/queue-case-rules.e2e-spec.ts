/**
 * The procedure's rules (domain.md §2, §3; card.md) as a clerk meets them over HTTP, on the real queue, the
 * real card gateway with the simulated card over NATS, and the real audit service: every card step is
 * decided by the case first, and a refused one sends not a single APDU to the card.
 */
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { createCardGatewayApp } from '../../apps/card-gateway/src/card-gateway.app';
import { loadCardGatewayConfig } from '../../apps/card-gateway/src/card-gateway.config';
import { SimulatedCard } from '../../apps/card-gateway/src/card/simulator/card-model';
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
import { simulatedReader } from '../card-gateway-support';
import { AuditHarness } from '../support/audit-harness';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

const READ_BINARY = 0xb0;
const PINS = { old: '4826', wrong: '9999', new: '7315', reset: '6042' };
const FOUR_DIGIT = ['user-certificate', 'resident-registry', 'card-info-input'] as const;
const resident = { registeredResident: true, under15: false, adultWard: false };
const child = { registeredResident: true, under15: true, adultWard: false };
const passport = { code: 'passport', original: true, expiresOn: '2031-03-31' };
const healthCard = { code: 'health-insurance-card', original: true };
const myNumberCard = { code: 'my-number-card', original: true, expiresOn: '2031-03-31' };
/** A Tuesday, the office open. */
const TUESDAY = '2026-12-01T10:00:00+09:00';

interface Reply {
  caseId: string;
  case: Record<string, unknown> & { status: string };
  refusal?: { code: string } & Record<string, unknown>;
  card?: { code: string; triesLeft?: number };
}

describe('PIN case rules, decided before the card acts (queue + gateway + audit)', () => {
  const env = testEnvironment();
  const readerId = `reader-${env.NATS_SUBJECT_PREFIX?.slice(0, 6) ?? 'x'}`;
  let database: { url: string; drop: () => Promise<void> };
  let office: TestOffice;
  let queue: INestApplication;
  let clock: ControllableClock;
  let gateway: INestMicroservice;
  let reader: SimulatorTransport;
  let audit: AuditHarness;
  let clerk: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    audit = await AuditHarness.create({
      NATS_SUBJECT_PREFIX: env.NATS_SUBJECT_PREFIX ?? '',
      JETSTREAM_STREAM: env.JETSTREAM_STREAM ?? '',
    });
    audit.clock.set(new Date(TUESDAY));
    office = writeTestOffice();
    ({ app: queue, clock } = await startQueueApp(env, office, { clock: audit.clock }));
    gateway = await createCardGatewayApp(loadCardGatewayConfig({ ...env, READER_ID: readerId }), { clock });
    await gateway.listen();
    reader = simulatedReader(gateway, readerId);
    clerk = staffToken(queue, 'clerk');
  });

  afterAll(async () => {
    await audit?.destroy();
    await gateway?.close();
    await queue?.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  async function insert(pins: Record<string, { value: string; left?: number }>): Promise<SimulatedCard> {
    const card = new SimulatedCard({
      pins: { ...Object.fromEntries(FOUR_DIGIT.map((kind) => [kind, { value: PINS.old }])), ...pins },
    });
    reader.insert(card);
    await waitFor(() => card.instructionsReceived.includes(READ_BINARY), { what: 'the card identified' });
    return card;
  }

  async function post(path: string, body: unknown, status: number, token = clerk): Promise<Reply> {
    const response = await api(queue)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .send(body as object);
    expect({ path, status: response.status, body: response.body as unknown }).toMatchObject({ status });
    return response.body as Reply;
  }

  /** Runs a request the case must refuse, and proves the card received nothing while it ran. */
  async function refusedWithoutApdu(card: SimulatedCard, path: string, body: unknown, code: string) {
    const before = card.instructionsReceived.length;
    const reply = await post(path, body, code === 'wrong-procedure' ? 422 : 409);
    expect(reply.refusal?.code).toBe(code);
    expect(card.instructionsReceived.length - before).toBe(0);
    return reply;
  }

  async function open(procedure: string, applicant: string, holder = resident, ticketNumber?: string) {
    const opened = await post(
      `/offices/${office.id}/cases`,
      { procedure, applicant, holder, ...(ticketNumber ? { ticketNumber } : {}) },
      201,
    );
    return `/cases/${opened.caseId}`;
  }

  function jlisReset(card: SimulatedCard, kind: (typeof FOUR_DIGIT)[number], pin: string): void {
    card.issuerTerminalMode = true;
    expect(resetOnIssuerTerminal(card, kind, pin)).toBe('9000');
    card.issuerTerminalMode = false;
  }

  it('1. a change the case refuses never reaches the card: no try spent, no PIN changed', async () => {
    const card = await insert({});
    const at = await open('pin-change', 'self');
    const change = { readerId, kind: 'user-certificate', oldPin: PINS.wrong, newPin: PINS.new };
    await refusedWithoutApdu(card, `${at}/card/change`, change, 'card-not-checked');
    await refusedWithoutApdu(card, `${at}/card/change`, { ...change, oldPin: PINS.old }, 'card-not-checked');
    expect(card.pin('user-certificate')).toMatchObject({ value: PINS.old, left: 3 });
    // The same on a reset case, and on a closed one.
    const reset = await open('pin-reset', 'self');
    await refusedWithoutApdu(card, `${reset}/card/change`, change, 'wrong-procedure');
    await post(`${at}/abandon`, { reason: 'applicant-left' }, 200);
    await refusedWithoutApdu(card, `${at}/card/check`, { readerId }, 'case-closed');
    expect(card.pin('user-certificate')).toMatchObject({ value: PINS.old, left: 3 });
  });

  it('2. a J-LIS reset whose counters are not full is not a reset: the case neither lists it nor completes', async () => {
    const card = await insert({ 'user-certificate': { value: PINS.old, left: 0 } });
    const at = await open('pin-reset', 'self');
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [passport] }, 200);
    await post(`${at}/card/check`, { readerId }, 200);
    const notFull = await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 409);
    expect(notFull.refusal).toEqual({ code: 'counters-not-confirmed', kinds: ['user-certificate'] });
    expect((await api(queue).get(at).set('Authorization', `Bearer ${clerk}`)).body).toMatchObject({
      case: { pinsReset: [], pinsResetNotConfirmed: ['user-certificate'] },
    });
    const refused = await post(`${at}/complete`, {}, 409);
    expect(refused.refusal).toEqual({ code: 'counters-not-confirmed', kinds: ['user-certificate'] });
    expect(card.pin('user-certificate')?.left).toBe(0);

    // 8. Reset for real on the terminal: the counters confirm it, then the resident verifies the new PIN.
    jlisReset(card, 'user-certificate', PINS.reset);
    await post(`${at}/card/reset-recorded`, { readerId, kinds: ['user-certificate'] }, 200);
    expect((await post(`${at}/complete`, {}, 409)).refusal).toEqual({
      code: 'new-pin-not-verified',
      kinds: ['user-certificate'],
    });
    const typo = await post(
      `${at}/card/verify-new-pin`,
      { readerId, kinds: ['user-certificate'], pin: PINS.wrong },
      409,
    );
    expect(typo.card).toMatchObject({ code: 'wrong-pin', triesLeft: 2 });
    const verified = await post(
      `${at}/card/verify-new-pin`,
      { readerId, kinds: ['user-certificate'], pin: PINS.reset },
      200,
    );
    expect(verified.case).toMatchObject({ newPinsVerified: ['user-certificate'] });
    expect(card.pin('user-certificate')?.left).toBe(3);
    expect((await post(`${at}/complete`, {}, 200)).case).toMatchObject({ outcome: 'completed' });
  });

  it('3. a proxy’s letter comes back only after the day it was mailed; the case never completes in one day', async () => {
    await insert({});
    const at = await open('pin-reset', 'proxy', resident, 'R031');
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [passport] }, 200);
    const mailed = await post(`${at}/inquiry-letter/mailed`, {}, 200);
    const letter = mailed.case.letter as { reference: string; deadline: string };
    expect(letter.reference).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect((await post(`${at}/inquiry-letter/returned`, {}, 409)).refusal).toEqual({
      code: 'letter-returned-too-early',
      mailedOn: '2026-12-01',
    });
    expect((await post(`${at}/complete`, {}, 409)).refusal?.code).toBe('letter-not-returned');

    // 9. The open proxy case is found by its letter, its ticket, and among the letters due.
    const search = async (query: string) =>
      (
        await api(queue)
          .get(`/offices/${office.id}/cases?${query}`)
          .set('Authorization', `Bearer ${clerk}`)
          .expect(200)
      ).body as { caseId: string; ticketNumbers: string[]; letter: string }[];
    const caseId = at.slice('/cases/'.length);
    const typed = letter.reference.toLowerCase().replaceAll('-', '');
    expect((await search(`reference=${typed}`)).map((entry) => entry.caseId)).toEqual([caseId]);
    expect((await search('ticketNumber=R031')).map((entry) => entry.caseId)).toEqual([caseId]);
    expect((await search('letter=due')).map((entry) => entry.caseId)).toContain(caseId);
    expect((await search('letter=overdue')).map((entry) => entry.caseId)).not.toContain(caseId);

    // The second visit, two weeks on, with a ticket of its own: linked to the case.
    clock.set(new Date('2026-12-15T10:00:00+09:00'));
    try {
      const clerkOfVisit2 = staffToken(queue, 'clerk');
      const back = await post(`${at}/inquiry-letter/returned`, { ticketNumber: 'R004' }, 200, clerkOfVisit2);
      expect(back.case).toMatchObject({ visit: 2, ticketNumbers: ['R031', 'R004'] });
      const found = await api(queue)
        .get(`/offices/${office.id}/cases?ticketNumber=R004`)
        .set('Authorization', `Bearer ${clerkOfVisit2}`)
        .expect(200);
      expect((found.body as { caseId: string }[]).map((entry) => entry.caseId)).toEqual([caseId]);
    } finally {
      clock.set(new Date(TUESDAY));
    }
  });

  it('4. after a change fails on the old PIN, only the reset goes on: a second change sends nothing', async () => {
    const card = await insert({});
    const at = await open('pin-change', 'self');
    await post(`${at}/card/check`, { readerId }, 200);
    const change = { readerId, kind: 'user-certificate', oldPin: PINS.wrong, newPin: PINS.new };
    const failed = await post(`${at}/card/change`, change, 409);
    expect(failed.card).toMatchObject({ code: 'wrong-pin', triesLeft: 2 });
    await refusedWithoutApdu(card, `${at}/card/change`, { ...change, oldPin: PINS.old }, 'change-failed');
    expect((await post(`${at}/complete`, {}, 409)).refusal?.code).toBe('change-failed');
    expect(card.pin('user-certificate')).toMatchObject({ value: PINS.old, left: 2 });
    const reset = await post(`${at}/continue-as-reset`, {}, 200);
    expect(reset.case).toMatchObject({ procedure: 'pin-reset', pinChangeFailed: true });
  });

  it('5. a reset cannot be recorded before the identity documents: the card is not even asked', async () => {
    const card = await insert({});
    const at = await open('pin-reset', 'self');
    await post(`${at}/card/check`, { readerId }, 200);
    const reply = await refusedWithoutApdu(
      card,
      `${at}/card/reset-recorded`,
      { readerId, kinds: ['user-certificate'] },
      'identity-not-sufficient',
    );
    expect(reply.refusal).toEqual({ code: 'identity-not-sufficient', whose: ['applicant'] });
  });

  it('6. for a reset in person the card being reset is not the "one more identity document"', async () => {
    await insert({});
    const at = await open('pin-reset', 'self');
    const onlyCard = await post(
      `${at}/identity-documents`,
      { whose: 'applicant', documents: [myNumberCard] },
      200,
    );
    expect(onlyCard.case.identity).toEqual({ applicant: { rule: 'A1_OR_B1', sufficient: false } });
    const withLicence = await post(
      `${at}/identity-documents`,
      { whose: 'applicant', documents: [myNumberCard, healthCard] },
      200,
    );
    expect(withLicence.case.identity).toEqual({ applicant: { rule: 'A1_OR_B1', sufficient: true } });
  });

  it('7. a legal representative proves the representation (or the city confirms it) before the card acts', async () => {
    const card = await insert({ 'user-certificate': { value: PINS.old, left: 0 } });
    const at = await open('pin-reset', 'legal-representative', child);
    await post(`${at}/identity-documents`, { whose: 'applicant', documents: [passport] }, 200);
    await post(`${at}/identity-documents`, { whose: 'holder', documents: [healthCard] }, 200);
    await post(`${at}/card/check`, { readerId }, 200);
    jlisReset(card, 'user-certificate', PINS.reset);
    const kinds = { readerId, kinds: ['user-certificate'] };
    await refusedWithoutApdu(card, `${at}/card/reset-recorded`, kinds, 'representation-not-proven');
    const copy = await post(
      `${at}/representation-proof`,
      { proof: { document: 'family-register-certificate', original: false } },
      200,
    );
    expect(copy.case.representationProof).toEqual({ sufficient: false });
    await refusedWithoutApdu(card, `${at}/card/reset-recorded`, kinds, 'representation-not-proven');
    await post(`${at}/representation-proof`, { proof: { exemption: 'same-household' } }, 200);
    await post(`${at}/card/reset-recorded`, kinds, 200);
    await post(`${at}/card/verify-new-pin`, { ...kinds, pin: PINS.reset }, 200);
    expect((await post(`${at}/complete`, {}, 200)).case).toMatchObject({ outcome: 'completed' });
    // Not a code of the list: 400, and nothing recorded.
    const other = await open('pin-change', 'legal-representative', child);
    await post(`${other}/representation-proof`, { proof: { exemption: 'neighbour-vouches' } }, 400);
    await post(`${other}/representation-proof`, { proof: { exemption: 'same-household' } }, 200);
    const self = await open('pin-change', 'self');
    expect(
      (await post(`${self}/representation-proof`, { proof: { exemption: 'same-household' } }, 422)).refusal,
    ).toEqual({ code: 'no-representation-proof-needed' });
  });

  it('the audit log holds the new facts and the report shows no violation for cases done by the rules', async () => {
    await audit.start();
    const report = await waitFor(
      async () => {
        const response = await api(audit.app as INestApplication)
          .get(`/reports/compliance?from=2026-12-01&to=2026-12-31&office=${office.id}`)
          .set('Authorization', audit.bearer('auditor'));
        const body = response.body as {
          cases?: { byOutcome: { completed: number } };
          violations: { rule: string }[];
        };
        return body.cases?.byOutcome.completed === 2 ? body : undefined;
      },
      { what: 'the two completed resets in the report', timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(report.violations).toEqual([]);
  });
});
