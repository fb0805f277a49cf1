/**
 * R5: fuzzed and oversized input on every route of the queue (random JSON, wrong types, huge strings,
 * SQL and script snippets, odd path parameters): only 4xx answers, the app stays up, and a refused
 * request writes nothing (the event store and the staff tables are counted before and after).
 */
import fc from 'fast-check';
import { Client } from 'pg';
import {
  api,
  kioskToken,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import { deleteStream } from '../support/jetstream';
import { createTestDatabase } from '../support/test-database';
import { testEnvironment } from '../support/test-environment';

const NASTY = [
  "' OR 1=1 --",
  '"; DROP TABLE events; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u0000',
  '１２３４',
  '%00',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.nat({ max: 200_000 }).map((n) => 'x'.repeat(n)), // oversized
);
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.anything({ maxDepth: 3, withNullPrototype: false }),
  fc.constant({ __proto__: { admin: true } }),
  fc.array(nastyString, { maxLength: 5 }),
);
const nastyBody = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'service',
        'applicant',
        'procedure',
        'holder',
        'documents',
        'kind',
        'oldPin',
        'newPin',
        'readerId',
        'login',
        'password',
        'role',
        'services',
        'toService',
        'reason',
      ),
      fc.string({ maxLength: 12 }),
    ),
    nastyValue,
    { maxKeys: 6 },
  ),
  nastyValue,
);
const nastySegment = nastyString.map((value) => encodeURIComponent(value.slice(0, 300)) || '%20');

type Route = {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: (segment: string) => string;
  role?: 'kiosk' | 'clerk' | 'supervisor';
};

describe('R5: fuzzed input on every route gives only 4xx and writes nothing', () => {
  const env = testEnvironment();
  let database: { url: string; drop: () => Promise<void> };
  let office: TestOffice;
  let queue: QueueTestApp;
  let tokens: Record<'kiosk' | 'clerk' | 'supervisor', string>;
  let db: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    env.DATABASE_URL = database.url;
    office = writeTestOffice();
    queue = await startQueueApp(env, office, { extraEnv: { PUBLIC_RATE_LIMIT: '100000' } });
    queue.clock.set('2026-12-07T10:00:00+09:00');
    tokens = {
      kiosk: await kioskToken(queue.app, office.id),
      clerk: staffToken(queue.app, 'clerk'),
      supervisor: staffToken(queue.app, 'supervisor'),
    };
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await queue?.app.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  const written = async (): Promise<number> => {
    const { rows } = await db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM staff_accounts) + (SELECT count(*) FROM devices) AS n`,
    );
    return Number(rows[0]?.n);
  };

  const routes: Route[] = [
    {
      name: 'POST /offices/:office/tickets',
      method: 'post',
      path: () => `/offices/${office.id}/tickets`,
      role: 'kiosk',
    },
    { name: 'POST /offices/:x/tickets', method: 'post', path: (s) => `/offices/${s}/tickets`, role: 'kiosk' },
    {
      name: 'POST /offices/:office/counters/:x/open',
      method: 'post',
      path: (s) => `/offices/${office.id}/counters/${s}/open`,
      role: 'clerk',
    },
    {
      name: 'POST /offices/:office/counters/1/transfer',
      method: 'post',
      path: () => `/offices/${office.id}/counters/1/transfer`,
      role: 'clerk',
    },
    {
      name: 'POST /offices/:office/tickets/:x/return',
      method: 'post',
      path: (s) => `/offices/${office.id}/tickets/${s}/return`,
      role: 'clerk',
    },
    {
      name: 'POST /offices/:office/cases',
      method: 'post',
      path: () => `/offices/${office.id}/cases`,
      role: 'clerk',
    },
    {
      name: 'POST /cases/:x/identity-documents',
      method: 'post',
      path: (s) => `/cases/${s}/identity-documents`,
      role: 'clerk',
    },
    {
      name: 'POST /cases/00000000-0000-4000-8000-000000000000/card/change',
      method: 'post',
      path: () => `/cases/00000000-0000-4000-8000-000000000000/card/change`,
      role: 'clerk',
    },
    { name: 'POST /auth/login', method: 'post', path: () => `/auth/login` },
    { name: 'POST /staff', method: 'post', path: () => `/staff`, role: 'supervisor' },
    { name: 'POST /devices', method: 'post', path: () => `/devices`, role: 'supervisor' },
    { name: 'DELETE /devices/:x', method: 'delete', path: (s) => `/devices/${s}`, role: 'supervisor' },
    { name: 'GET /tickets/:office/:x/R001', method: 'get', path: (s) => `/tickets/${office.id}/${s}/R001` },
    {
      name: 'GET /offices/:office/calendar?from=:x&to=:x',
      method: 'get',
      path: (s) => `/offices/${office.id}/calendar?from=${s}&to=${s}`,
    },
    { name: 'GET /offices/:x', method: 'get', path: (s) => `/offices/${s}` },
    { name: 'GET /cases/:x', method: 'get', path: (s) => `/cases/${s}`, role: 'clerk' },
  ];

  it.each(routes.map((route) => [route.name, route] as const))('%s', async (_name, route) => {
    await fc.assert(
      fc.asyncProperty(nastySegment, nastyBody, async (segment, body) => {
        const before = await written();
        let call = api(queue.app)[route.method](route.path(segment));
        if (route.role) call = call.set('Authorization', `Bearer ${tokens[route.role]}`);
        const response =
          route.method === 'get'
            ? await call
            : await call.set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(await written()).toBe(before);
      }),
      { numRuns: 25 },
    );
    await api(queue.app).get('/health').expect(200); // still up
  });
});
