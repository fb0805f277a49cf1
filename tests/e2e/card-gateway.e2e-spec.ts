import { createHmac, randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import type { INestMicroservice } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import {
  CARD_GATEWAY_READERS_SUBJECT,
  type CardOperation,
  cardOperationSubject,
  type ChangeFailure,
  type ReadersReply,
  type StatusResult,
} from '@madoguchi/domain';
import { createCardGatewayApp } from '../../apps/card-gateway/src/card-gateway.app';
import { loadCardGatewayConfig } from '../../apps/card-gateway/src/card-gateway.config';
import {
  DEFAULT_HOLDER,
  SimulatedCard,
  type SimulatedCardConfig,
} from '../../apps/card-gateway/src/card/simulator/card-model';
import { resetOnIssuerTerminal } from '../../apps/card-gateway/src/card/simulator/issuer-terminal';
import type { SimulatorTransport } from '../../apps/card-gateway/src/card/transport/simulator-transport';
import {
  captureOutput,
  cardClient,
  occurrencesOf,
  readStream,
  simulatedReader,
  type StreamMessage,
} from '../card-gateway-support';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import { testClock } from '../../apps/queue/src/office/testing/queue-test-harness';

/**
 * The card gateway as it runs: booted with the simulator driver, its own database and event stream, and called
 * through Nest's NATS client exactly as the queue service calls it.
 */
const READER = 'counter-3';
const HASH_KEY_HEX = randomBytes(32).toString('hex');
/** PINs of the cards below: none may appear in a fact, a JetStream message or a log line. */
const PINS = {
  user: '8531',
  resident: '6047',
  info: '7392',
  signing: 'KAWA2957',
  wrong: '9118',
  newFour: '4826',
  newSigning: 'NEW39SIGN',
  reset: '5274',
} as const;

const cardWith = (config: SimulatedCardConfig = {}): SimulatedCard =>
  new SimulatedCard({
    ...config,
    pins: {
      'user-certificate': { value: PINS.user },
      'resident-registry': { value: PINS.resident },
      'card-info-input': { value: PINS.info },
      'signing-certificate': { value: PINS.signing },
      ...config.pins,
    },
  });

const READ_BINARY = 0xb0;
const VERIFY = 0x20;
const FULL = {
  'user-certificate': 3,
  'signing-certificate': 5,
  'resident-registry': 3,
  'card-info-input': 3,
};

describe('card-gateway over NATS (simulator)', () => {
  let env: Record<string, string>;
  let database: { url: string; drop: () => Promise<void> };
  let gateway: INestMicroservice;
  let client: ClientProxy;
  let nats: NatsConnection;
  let reader: SimulatorTransport;
  let request: ReturnType<typeof cardClient>['request'];
  let requestAnything: ReturnType<typeof cardClient>['requestAnything'];
  let output: ReturnType<typeof captureOutput>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = {
      ...testEnvironment(),
      DATABASE_URL: database.url,
      READER_ID: READER,
      MY_NUMBER_HASH_KEY: HASH_KEY_HEX,
      // Every APDU trace and every log line goes through the redacting logger and is scanned at the end.
      LOG_LEVEL: 'debug',
    };
    output = captureOutput();
    gateway = await createCardGatewayApp(loadCardGatewayConfig(env), { clock: testClock() });
    await gateway.listen();
    reader = simulatedReader(gateway, READER);
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: env.NATS_URL } });
    await client.connect();
    ({ request, requestAnything } = cardClient(client, env.NATS_SUBJECT_PREFIX ?? '', READER));
    nats = await connect({ servers: env.NATS_URL });
  });

  afterAll(async () => {
    await client?.close();
    await gateway?.close();
    output?.stop();
    await nats?.close();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  /**
   * Puts a new card in the reader and returns it once the gateway has identified it (it reads the JPKI token of
   * every inserted card); from then on `instructionsReceived` counts the APDUs the requests cause.
   */
  async function insert(config?: SimulatedCardConfig): Promise<SimulatedCard> {
    const card = cardWith(config);
    reader.insert(card);
    await waitFor(() => card.instructionsReceived.includes(READ_BINARY), { what: 'the token read' });
    return card;
  }

  describe('status', () => {
    it('reports the reader, the card and the tries left of the four PINs', async () => {
      await insert({ pins: { 'card-info-input': { value: PINS.info, left: 2 } } });
      const reply = await request('status', {});
      expect(reply).toEqual({
        ok: true,
        readerId: READER,
        readerName: `Simulated reader (${READER})`,
        readerAttached: true,
        cardPresent: true,
        card: { token: 'my-number-card', triesLeft: { ...FULL, 'card-info-input': 2 } },
      } satisfies StatusResult);
    });

    it('says when no card is in the reader, and a PIN operation then answers no-card', async () => {
      reader.remove();
      await expect(request('status', {})).resolves.toMatchObject({ ok: true, cardPresent: false });
      await expect(request('verify', { kind: 'user-certificate', pin: PINS.user })).resolves.toEqual({
        ok: false,
        error: { code: 'no-card', message: expect.any(String) as string },
      });
    });

    it('shows a card that is not a My Number card without touching its PINs', async () => {
      await insert({ token: 'JPKIAPICCTOKEN' });
      await expect(request('status', {})).resolves.toMatchObject({
        ok: true,
        card: { token: 'resident-registry-card' },
      });
      const reply = await request('verify', { kind: 'user-certificate', pin: PINS.user });
      expect(reply).toMatchObject({ ok: false, error: { code: 'card-error' } });
    });
  });

  describe('verify', () => {
    it('a correct PIN is verified and its counter is full', async () => {
      await insert({ pins: { 'user-certificate': { value: PINS.user, left: 2 } } });
      await expect(request('verify', { kind: 'user-certificate', pin: PINS.user })).resolves.toEqual({
        ok: true,
        kind: 'user-certificate',
        triesLeft: 3,
      });
    });

    it('three wrong PINs lock it, the last only with the clerk confirmation, and the other PINs stay', async () => {
      const card = await insert();
      const verify = (confirmedLastTry?: boolean) =>
        request('verify', {
          kind: 'resident-registry',
          pin: PINS.wrong,
          confirmedLastTry,
          caseId: 'case-lock',
        });
      await expect(verify()).resolves.toMatchObject({
        ok: false,
        error: { code: 'wrong-pin', triesLeft: 2 },
      });
      await expect(verify()).resolves.toMatchObject({
        ok: false,
        error: { code: 'wrong-pin', triesLeft: 1 },
      });
      const refused = card.instructionsReceived.length;
      await expect(verify()).resolves.toMatchObject({
        ok: false,
        error: { code: 'last-try-needs-confirmation', kind: 'resident-registry', triesLeft: 1 },
      });
      expect(card.instructionsReceived.slice(refused).filter((ins) => ins === VERIFY)).toEqual([VERIFY]); // the tries read only
      expect(card.pin('resident-registry').left).toBe(1);
      await expect(verify(true)).resolves.toEqual({
        ok: false,
        error: {
          code: 'wrong-pin',
          kind: 'resident-registry',
          triesLeft: 0,
          message: 'wrong Resident registry PIN: this attempt locked it',
        },
      });
      await expect(verify(true)).resolves.toMatchObject({ ok: false, error: { code: 'locked' } });
      await expect(request('status', {})).resolves.toMatchObject({
        card: { triesLeft: { ...FULL, 'resident-registry': 0 } },
      });
    });

    it('with one try left, the correct PIN goes through once the clerk confirms', async () => {
      await insert({ pins: { 'card-info-input': { value: PINS.info, left: 1 } } });
      await expect(request('verify', { kind: 'card-info-input', pin: PINS.info })).resolves.toMatchObject({
        ok: false,
        error: { code: 'last-try-needs-confirmation' },
      });
      await expect(
        request('verify', { kind: 'card-info-input', pin: PINS.info, confirmedLastTry: true }),
      ).resolves.toEqual({ ok: true, kind: 'card-info-input', triesLeft: 3 });
    });

    it('a signing PIN on a card without a signing certificate is not-present, never locked', async () => {
      await insert({ withoutSigningCertificate: true });
      await expect(
        request('verify', { kind: 'signing-certificate', pin: PINS.signing }),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: 'not-present', kind: 'signing-certificate' },
      });
    });

    it('a connection lost after the card counted the verify: outcome-unknown, not retried, counter read again', async () => {
      const card = await insert();
      card.injectFault({ type: 'drop-after-counted-verify' });
      const reply = await request('verify', {
        kind: 'user-certificate',
        pin: PINS.wrong,
        caseId: 'case-drop',
      });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'outcome-unknown', kind: 'user-certificate', step: 'verify', triesLeft: 2 },
      });
      expect(card.instructionsReceived.filter((ins) => ins === VERIFY).length).toBe(1 + 1 + 4); // read, verify, re-read
    });

    it('a card removed before the PIN was sent answers card-removed', async () => {
      const card = await insert();
      card.injectFault({ type: 'drop-connection-after', ins: 0xa4 });
      await expect(request('verify', { kind: 'user-certificate', pin: PINS.user })).resolves.toMatchObject({
        ok: false,
        error: { code: 'card-removed' },
      });
      expect(card.pin('user-certificate').left).toBe(3);
    });
  });

  describe('change', () => {
    it('changes one PIN (the signing PIN)', async () => {
      const card = await insert();
      await expect(
        request('change', {
          kind: 'signing-certificate',
          oldPin: PINS.signing,
          newPin: PINS.newSigning.toLowerCase(), // J-LIS takes lower case as upper case
        }),
      ).resolves.toEqual({ ok: true, changed: ['signing-certificate'] });
      expect(card.pin('signing-certificate').value).toBe(PINS.newSigning);
    });

    it('changes all three 4-digit PINs', async () => {
      const card = await insert();
      const reply = await request('change', {
        kind: 'all-four-digit',
        oldPins: {
          'user-certificate': PINS.user,
          'resident-registry': PINS.resident,
          'card-info-input': PINS.info,
        },
        newPin: PINS.newFour,
        caseId: 'case-change',
      });
      expect(reply).toEqual({
        ok: true,
        changed: ['user-certificate', 'resident-registry', 'card-info-input'],
      });
      for (const kind of ['user-certificate', 'resident-registry', 'card-info-input'] as const) {
        expect(card.pin(kind).value).toBe(PINS.newFour);
      }
    });

    it('reports a partial change exactly: the first changed, the second wrong, the third not tried', async () => {
      const card = await insert();
      const reply = await request('change', {
        kind: 'all-four-digit',
        oldPin: PINS.user, // right for the user-certificate PIN only
        newPin: PINS.newFour,
        caseId: 'case-partial',
      });
      expect(reply).toEqual({
        ok: false,
        error: {
          code: 'wrong-pin',
          kind: 'resident-registry',
          triesLeft: 2,
          message: expect.any(String) as string,
        },
        changed: ['user-certificate'],
        failed: 'resident-registry',
        notAttempted: ['card-info-input'],
      } satisfies ChangeFailure);
      expect(card.pin('user-certificate').value).toBe(PINS.newFour);
      expect(card.pin('resident-registry')).toMatchObject({ value: PINS.resident, left: 2 });
      expect(card.pin('card-info-input')).toMatchObject({ value: PINS.info, left: 3 });
    });

    it('stops before changing anything when a later PIN needs the last-try confirmation', async () => {
      const card = await insert({ pins: { 'card-info-input': { value: PINS.info, left: 1 } } });
      const reply = await request('change', {
        kind: 'all-four-digit',
        oldPins: {
          'user-certificate': PINS.user,
          'resident-registry': PINS.resident,
          'card-info-input': PINS.info,
        },
        newPin: PINS.newFour,
      });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'last-try-needs-confirmation', kind: 'card-info-input' },
        changed: [],
        failed: 'card-info-input',
        notAttempted: ['user-certificate', 'resident-registry'],
      });
      expect(card.pin('user-certificate').value).toBe(PINS.user);
    });
  });

  describe('reset-recorded (the J-LIS terminal step, staged with the simulator issuer mode)', () => {
    it('records the reset and confirms the counters are full again', async () => {
      const card = await insert({ pins: { 'user-certificate': { value: PINS.user, left: 0 } } });
      await expect(
        request('reset-recorded', { kinds: ['user-certificate'], clerkId: 'clerk-7', caseId: 'case-reset' }),
      ).resolves.toMatchObject({ ok: true, countersFull: false, notFull: ['user-certificate'] });

      card.issuerTerminalMode = true; // the J-LIS terminal, not anything our software can do to a real card
      expect(resetOnIssuerTerminal(card, 'user-certificate', PINS.reset)).toBe('9000');
      card.issuerTerminalMode = false;

      await expect(
        request('reset-recorded', { kinds: ['user-certificate'], clerkId: 'clerk-7', caseId: 'case-reset' }),
      ).resolves.toEqual({
        ok: true,
        kinds: ['user-certificate'],
        countersFull: true,
        notFull: [],
        absent: [],
        triesLeft: FULL,
      });
      await expect(request('verify', { kind: 'user-certificate', pin: PINS.reset })).resolves.toMatchObject({
        ok: true,
      });
    });
  });

  describe('read-info', () => {
    it('gives the holder data with the My Number masked and keyed-hashed', async () => {
      await insert();
      const reply = await request('read-info', { pin: PINS.info, caseId: 'case-info' });
      const expectedHash = createHmac('sha256', Buffer.from(HASH_KEY_HEX, 'hex'))
        .update(DEFAULT_HOLDER.myNumber)
        .digest('hex');
      expect(reply).toEqual({
        ok: true,
        name: DEFAULT_HOLDER.name,
        address: DEFAULT_HOLDER.address,
        birthDate: '1985-04-01',
        sex: 'female',
        maskedMyNumber: '**** **** ****',
        myNumberHash: expectedHash,
      });
      expect(JSON.stringify(reply)).not.toContain(DEFAULT_HOLDER.myNumber);
    });
  });

  describe('bad input', () => {
    const invalid: ReadonlyArray<[string, CardOperation, unknown, string]> = [
      ['a string body', 'verify', 'verify please', '(request)'],
      ['an unknown PIN kind', 'verify', { kind: 'bank-card', pin: PINS.user }, 'kind'],
      ['a numeric PIN', 'verify', { kind: 'user-certificate', pin: 8531 }, 'pin'],
      [
        'a misspelt field',
        'verify',
        { kind: 'user-certificate', pin: PINS.user, confirmLastTry: true },
        'confirmLastTry',
      ],
      ['a huge PIN', 'verify', { kind: 'user-certificate', pin: '1'.repeat(100_000) }, 'pin'],
      [
        'both oldPin and oldPins',
        'change',
        {
          kind: 'all-four-digit',
          oldPin: PINS.user,
          oldPins: {
            'user-certificate': PINS.user,
            'resident-registry': PINS.resident,
            'card-info-input': PINS.info,
          },
          newPin: PINS.newFour,
        },
        'oldPin',
      ],
      ['no new PIN', 'change', { kind: 'user-certificate', oldPin: PINS.user }, 'newPin'],
      ['no kinds', 'reset-recorded', { kinds: [], clerkId: 'clerk-7' }, 'kinds'],
      ['no clerk', 'reset-recorded', { kinds: ['user-certificate'] }, 'clerkId'],
      [
        'a non-boolean confirmation',
        'read-info',
        { pin: PINS.info, confirmedLastTry: 'yes' },
        'confirmedLastTry',
      ],
      ['an unknown status field', 'status', { readerId: 'other' }, 'readerId'],
    ];

    it.each(invalid)(
      '%s → invalid-request naming the field, and no APDU at all',
      async (_, operation, body, field) => {
        const card = await insert();
        const before = card.instructionsReceived.length;
        const reply = await requestAnything(operation, body);
        expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request', field } });
        expect(card.instructionsReceived.length).toBe(before);
        const message = (reply as { error: { message: string } }).error.message;
        expect(occurrencesOf(PINS.user, message) + occurrencesOf(PINS.info, message)).toBe(0);
      },
    );

    it.each([
      ['verify', { kind: 'user-certificate', pin: '１２３４' }, 'pin', 'characters'],
      ['verify', { kind: 'user-certificate', pin: '853' }, 'pin', 'length'],
      ['verify', { kind: 'signing-certificate', pin: 'ABCDEFGH' }, 'pin', 'letter-and-digit'],
      ['change', { kind: 'user-certificate', oldPin: PINS.user, newPin: '12a4' }, 'newPin', 'characters'],
      [
        'change',
        {
          kind: 'all-four-digit',
          oldPins: { 'user-certificate': PINS.user, 'resident-registry': '60', 'card-info-input': PINS.info },
          newPin: PINS.newFour,
        },
        'oldPins.resident-registry',
        'length',
      ],
      ['read-info', { pin: 'abcd' }, 'pin', 'characters'],
    ] as const)(
      '%s with malformed PIN #%# → malformed-pin naming the field, and no APDU at all',
      async (operation, body, field, reason) => {
        const card = await insert();
        const before = card.instructionsReceived.length;
        const reply = await requestAnything(operation, body);
        expect(reply).toMatchObject({ ok: false, error: { code: 'malformed-pin', field, reason } });
        expect(card.instructionsReceived.length).toBe(before);
      },
    );

    it('a body that is not JSON, sent as a plain NATS request, gets invalid-request', async () => {
      const card = await insert();
      const before = card.instructionsReceived.length;
      const subject = `${env.NATS_SUBJECT_PREFIX}${cardOperationSubject(READER, 'verify')}`;
      const answer = await nats.request(subject, new TextEncoder().encode(`{"pin": ${PINS.user}`), {
        timeout: 5_000,
      });
      expect(answer.json()).toMatchObject({
        response: {
          ok: false,
          error: { code: 'invalid-request', message: 'verify request: the body is not JSON' },
        },
        isDisposed: true,
      });
      expect(card.instructionsReceived.length).toBe(before);
    });

    it('an empty body gets invalid-request, except for status', async () => {
      await insert();
      const subject = (operation: 'verify' | 'status') =>
        `${env.NATS_SUBJECT_PREFIX}${cardOperationSubject(READER, operation)}`;
      const verify = await nats.request(subject('verify'), new Uint8Array(0), { timeout: 5_000 });
      expect(verify.json()).toMatchObject({
        response: { ok: false, error: { code: 'invalid-request', field: '(request)' } },
      });
      const status = await nats.request(subject('status'), new Uint8Array(0), { timeout: 5_000 });
      expect(status.json()).toMatchObject({ response: { ok: true, cardPresent: true } });
    });

    it('a plain NATS request (no Nest envelope) is served as well', async () => {
      await insert();
      const subject = `${env.NATS_SUBJECT_PREFIX}${cardOperationSubject(READER, 'status')}`;
      const answer = await nats.request(subject, new TextEncoder().encode('{}'), { timeout: 5_000 });
      expect(answer.json()).toMatchObject({ response: { ok: true, cardPresent: true } });
    });

    it('a publish without a reply subject never reaches the card', async () => {
      const card = await insert();
      const before = card.instructionsReceived.length;
      const subject = `${env.NATS_SUBJECT_PREFIX}${cardOperationSubject(READER, 'verify')}`;
      nats.publish(subject, JSON.stringify({ kind: 'user-certificate', pin: PINS.wrong }));
      // A status request afterwards is served after the publish: NATS keeps one publisher's order.
      await nats.request(subject.replace(/verify$/, 'status'), '{}', { timeout: 5_000 });
      expect(card.instructionsReceived.slice(before).filter((ins) => ins === VERIFY).length).toBe(4);
      expect(card.pin('user-certificate').left).toBe(3);
    });

    it('an unknown reader has no responder: the request is rejected', async () => {
      const other = cardClient(client, env.NATS_SUBJECT_PREFIX ?? '', 'no-such-reader');
      await expect(other.request('status', {})).rejects.toBeDefined();
    });

    it('lists the readers it serves', async () => {
      await insert();
      const reply = await firstValueFrom(
        client.send<ReadersReply>(`${env.NATS_SUBJECT_PREFIX}${CARD_GATEWAY_READERS_SUBJECT}`, {}),
      );
      expect(reply).toEqual({
        ok: true,
        readers: [
          {
            readerId: READER,
            readerName: `Simulated reader (${READER})`,
            driver: 'simulator',
            readerAttached: true,
            cardPresent: true,
          },
        ],
      });
    });
  });

  describe('facts', () => {
    it('reach JetStream as madoguchi.card.<Type>, with no PIN and no My Number in any message or log line', async () => {
      // One of every kind of fact, for one case; the scan below covers the whole stream, every test's facts.
      const caseId = 'case-facts';
      const card = await insert({ pins: { 'card-info-input': { value: PINS.info, left: 1 } } });
      await request('verify', { kind: 'user-certificate', pin: PINS.user, caseId });
      await request('verify', { kind: 'card-info-input', pin: PINS.wrong, confirmedLastTry: true, caseId });
      await request('change', { kind: 'user-certificate', oldPin: PINS.user, newPin: PINS.newFour, caseId });
      card.issuerTerminalMode = true;
      resetOnIssuerTerminal(card, 'card-info-input', PINS.reset);
      card.issuerTerminalMode = false;
      await request('reset-recorded', { kinds: ['card-info-input'], clerkId: 'clerk-9', caseId });
      await request('read-info', { pin: PINS.reset, caseId });
      card.injectFault({ type: 'status-word', statusWord: '6F00', ins: VERIFY });
      await expect(
        request('verify', { kind: 'user-certificate', pin: PINS.newFour, caseId }),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: 'card-error', statusWord: '6F00' },
      });
      await request('status', { caseId });
      reader.remove();

      const expected: Array<[string, unknown]> = [
        ['PinVerified', 'user-certificate'],
        ['PinVerificationFailed', 'card-info-input'],
        ['PinLocked', 'card-info-input'],
        ['PinChanged', 'user-certificate'],
        ['PinResetRecorded', undefined],
        ['PinTriesRead', undefined],
        ['PinResetConfirmed', undefined],
        ['PinVerified', 'card-info-input'],
        ['CardOperationAborted', undefined],
        ['PinTriesRead', undefined],
      ];
      const ofCase = (all: StreamMessage[]) => all.filter((message) => message.json.data.caseId === caseId);
      const messages = await waitFor(
        async () => {
          const all = await readStream(nats, env.JETSTREAM_STREAM ?? '');
          return ofCase(all).length >= expected.length && all.at(-1)?.json.type === 'CardRemoved'
            ? all
            : undefined;
        },
        { what: 'the card facts on JetStream', timeoutMs: 15_000 },
      );
      expect(ofCase(messages).map((message) => [message.json.type, message.json.data.kind])).toEqual(
        expected,
      );
      const [recorded] = ofCase(messages).filter((message) => message.json.type === 'PinResetRecorded');
      expect(recorded?.json.metadata.actor).toEqual({ kind: 'clerk', id: 'clerk-9' });
      expect(recorded?.json.data).toEqual({
        readerId: READER,
        caseId,
        kinds: ['card-info-input'],
        clerkId: 'clerk-9',
      });
      const presence = new Set(messages.map((message) => message.json.type));
      for (const type of ['ReaderAttached', 'CardInserted', 'CardRemoved']) expect(presence).toContain(type);

      for (const message of messages) {
        expect(message.subject).toBe(`${env.NATS_SUBJECT_PREFIX}madoguchi.card.${message.json.type}`);
        expect(message.json.streamId).toBe(`card-reader-${READER}`);
      }
      const everything = messages
        .map((message) => `${message.subject}\n${message.headers}\n${message.data}`)
        .join('\n');
      const log = output.text();
      expect(log).toContain('> 00 20 00 80 ** (PIN masked)'); // the APDU trace ran, PIN masked
      // R6: and no table of the gateway's database holds one either.
      const db = new Client({ connectionString: database.url });
      await db.connect();
      const dump: string[] = [];
      try {
        const { rows: tables } = await db.query<{ name: string }>(
          `SELECT quote_ident(table_name) AS name FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
        );
        for (const { name } of tables) {
          const { rows } = await db.query<{ row: string }>(
            `SELECT row_to_json(t)::text AS row FROM ${name} t`,
          );
          dump.push(...rows.map((entry) => entry.row));
        }
      } finally {
        await db.end();
      }
      const tables = dump.join('\n');
      expect(tables).toContain('PinChanged'); // the facts are there, so the scan looked at real rows
      for (const secret of [...Object.values(PINS), PINS.newSigning.toLowerCase(), DEFAULT_HOLDER.myNumber]) {
        expect({
          secret,
          inMessages: occurrencesOf(secret, everything),
          inLog: occurrencesOf(secret, log),
          inTables: occurrencesOf(secret, tables),
        }).toEqual({
          secret,
          inMessages: 0,
          inLog: 0,
          inTables: 0,
        });
      }
    });
  });
});
