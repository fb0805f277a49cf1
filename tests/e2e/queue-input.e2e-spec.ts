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
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';
import { loadQueueConfig } from '../../apps/queue/src/queue.config';
import { QueueModule } from '../../apps/queue/src/queue.module';

const MONDAY_TEN = '2026-12-07T10:00:00+09:00';

interface Problem {
  statusCode: number;
  message: string;
  fields?: { field: string; message: string }[];
}

const fieldsOf = (body: unknown) => ((body as Problem).fields ?? []).map((problem) => problem.field);

describe('queue: offices, calendar, and input at the edge', () => {
  let env: Record<string, string>;
  let office: TestOffice;
  let queue: QueueTestApp;
  let kiosk: string;
  let clerk: string;

  beforeEach(async () => {
    env = testEnvironment();
    office = writeTestOffice();
    queue = await startQueueApp(env, office, { extraEnv: { PUBLIC_RATE_LIMIT: '1000' } });
    queue.clock.set(MONDAY_TEN);
    kiosk = await kioskToken(queue.app, office.id);
    clerk = staffToken(queue.app, 'clerk');
  });
  afterEach(async () => {
    await queue?.app.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  const issue = () =>
    api(queue.app).post(`/offices/${office.id}/tickets`).set('Authorization', `Bearer ${kiosk}`);
  const asClerk = (path: string) =>
    api(queue.app).post(`/offices/${office.id}/${path}`).set('Authorization', `Bearer ${clerk}`);

  it('lists offices and shows one; an unknown office is 404, a malformed id 400', async () => {
    const list = await api(queue.app).get('/offices').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: office.id,
        name: { ja: '厚木市 市民課', en: 'Atsugi City Citizens Section' },
        services: [
          expect.objectContaining({ code: 'pin-reset', prefix: 'R', procedure: 'pin-reset' }),
          expect.objectContaining({ code: 'pin-change', prefix: 'C', procedure: 'pin-change' }),
          expect.objectContaining({ code: 'general-enquiry', prefix: 'G' }),
        ],
      }),
    ]);
    const one = await api(queue.app).get(`/offices/${office.id}`).expect(200);
    expect(one.body).toMatchObject({
      calendar: { ticketCutoffMinutes: 15 },
      noShowAfterCalls: 3,
      priorityCallsPerRegular: 2,
      letterDeadlineDays: 30,
      requirements: { 'pin-reset': { proxy: { 2: expect.any(Array) as unknown } } },
    });
    await api(queue.app).get('/offices/nowhere').expect(404);
    const bad = await api(queue.app).get('/offices/Not_An_Id').expect(400);
    expect(fieldsOf(bad.body)).toEqual(['officeId']);
  });

  it('gives the calendar: hours and cut-off, Sundays and holidays with their reason', async () => {
    const response = await api(queue.app)
      .get(`/offices/${office.id}/calendar?from=2026-11-21&to=2026-11-24`)
      .expect(200);
    expect(response.body).toEqual({
      officeId: office.id,
      days: [
        { date: '2026-11-21', open: true, opens: '08:30', closes: '12:00', ticketsUntil: '11:45' },
        { date: '2026-11-22', open: false, reason: 'sunday' },
        { date: '2026-11-23', open: false, reason: 'national-holiday', holidayName: '勤労感謝の日' },
        { date: '2026-11-24', open: true, opens: '08:30', closes: '17:15', ticketsUntil: '17:00' },
      ],
    });
    const twoWeeks = await api(queue.app).get(`/offices/${office.id}/calendar`).expect(200);
    expect((twoWeeks.body as { days: { date: string }[] }).days[0]?.date).toBe('2026-12-07');
    expect((twoWeeks.body as { days: unknown[] }).days).toHaveLength(14);

    const cases: [string, string][] = [
      ['from=2026-02-30', 'from'],
      ['from=2026-12-01&to=2026-11-30', 'to'],
      ['from=2026-01-01&to=2027-01-03', 'to'],
      ['from=2026-01-01&extra=1', ''],
    ];
    for (const [query, field] of cases) {
      const bad = await api(queue.app).get(`/offices/${office.id}/calendar?${query}`).expect(400);
      expect(fieldsOf(bad.body)).toEqual([field || 'query']);
    }
  });

  it('answers bad ticket requests with 4xx naming the field, and writes nothing', async () => {
    const cases: [object | string, number, string][] = [
      [{}, 400, 'service'],
      [{ service: 'pin-reset', applicant: 'boss' }, 400, 'applicant'],
      [{ service: 'pin-reset', applicant: 'self', priority: 'yes' }, 400, 'priority'],
      [{ service: 'PIN RESET' }, 400, 'service'],
      [{ service: 'pin-reset', applicant: 'self', name: 'Yamada Taro' }, 400, 'body'],
      [{ service: 'x'.repeat(50_000) }, 400, 'service'],
      [[1, 2, 3], 400, 'body'],
    ];
    for (const [body, status, field] of cases) {
      const response = await issue().send(body).expect(status);
      expect(fieldsOf(response.body)).toEqual([field]);
      expect(JSON.stringify(response.body)).not.toContain('Yamada');
      expect(JSON.stringify(response.body).length).toBeLessThan(2_000);
    }
    await issue().set('Content-Type', 'application/json').send('{"service": ').expect(400);
    const unknown = await issue().send({ service: 'passport-renewal' }).expect(422);
    expect(unknown.body).toMatchObject({ refusal: { code: 'unknown-service' } });
    const noApplicant = await issue().send({ service: 'pin-reset' }).expect(422);
    expect(noApplicant.body).toMatchObject({ refusal: { code: 'applicant-required' } });
    const notPin = await issue().send({ service: 'general-enquiry', applicant: 'self' }).expect(422);
    expect(notPin.body).toMatchObject({ refusal: { code: 'applicant-not-applicable' } });
    const badKey = await issue()
      .set('Idempotency-Key', 'short')
      .send({ service: 'general-enquiry' })
      .expect(400);
    expect(fieldsOf(badKey.body)).toEqual(['Idempotency-Key']);

    expect(await eventsOfOffice()).toBe(0);
  });

  it('answers bad clerk and status requests with 400/404, and writes nothing', async () => {
    await asClerk('counters/99/open').send({}).expect(404);
    const badCounter = await asClerk('counters/no%20such/open').send({}).expect(400);
    expect(fieldsOf(badCounter.body)).toEqual(['counterId']);
    const badServices = await asClerk('counters/1/open').send({ services: [] }).expect(400);
    expect(fieldsOf(badServices.body)).toEqual(['services']);
    const unknownService = await asClerk('counters/1/open')
      .send({ services: ['tax'] })
      .expect(422);
    expect(unknownService.body).toMatchObject({ refusal: { code: 'unknown-service', service: 'tax' } });
    const junk = await asClerk('counters/1/call-next').send({ counter: '2' }).expect(400);
    expect(fieldsOf(junk.body)).toEqual(['body']);
    const noTarget = await asClerk('counters/1/transfer').send({}).expect(400);
    expect(fieldsOf(noTarget.body)).toEqual(['toService']);
    await asClerk('counters/1/call-next').send({}).expect(409);
    await asClerk('tickets/R001/return').send({}).expect(409);

    await api(queue.app).get(`/tickets/${office.id}/2026-12-07/R001`).expect(404);
    const badDate = await api(queue.app).get(`/tickets/${office.id}/2026-13-01/R001`).expect(400);
    expect(fieldsOf(badDate.body)).toEqual(['date']);
    const badNumber = await api(queue.app).get(`/tickets/${office.id}/2026-12-07/R-1`).expect(400);
    expect(fieldsOf(badNumber.body)).toEqual(['ticketNumber']);
    await api(queue.app).get(`/tickets/elsewhere/2026-12-07/R001`).expect(404);

    expect(await eventsOfOffice()).toBe(0);
  });

  it('checks roles: kiosk routes for kiosks of that office, clerk routes for clerks and supervisors', async () => {
    await api(queue.app)
      .post(`/offices/${office.id}/tickets`)
      .send({ service: 'general-enquiry' })
      .expect(401);
    await api(queue.app)
      .post(`/offices/${office.id}/tickets`)
      .set('Authorization', `Bearer ${clerk}`)
      .send({ service: 'general-enquiry' })
      .expect(403);
    await api(queue.app)
      .post(`/offices/${office.id}/counters/1/open`)
      .set('Authorization', `Bearer ${kiosk}`)
      .send({})
      .expect(403);
    await api(queue.app)
      .post(`/offices/${office.id}/counters/1/open`)
      .set('Authorization', `Bearer ${staffToken(queue.app, 'auditor')}`)
      .send({})
      .expect(403);
    await api(queue.app)
      .post(`/offices/${office.id}/counters/1/open`)
      .set('Authorization', `Bearer ${staffToken(queue.app, 'supervisor')}`)
      .send({})
      .expect(200);
    const otherKiosk = await kioskToken(queue.app, 'another-office');
    const elsewhere = await api(queue.app)
      .post(`/offices/${office.id}/tickets`)
      .set('Authorization', `Bearer ${otherKiosk}`)
      .send({ service: 'general-enquiry' })
      .expect(403);
    expect(fieldsOf(elsewhere.body)).toEqual([]);
    expect(await eventsOfOffice()).toBe(1);
  });

  it('documents the API at /docs', async () => {
    const response = await api(queue.app).get('/docs-json').expect(200);
    const document = response.body as { paths: Record<string, Record<string, unknown>> };
    const paths = Object.keys(document.paths);
    expect(JSON.stringify(document.paths['/offices/{officeId}/tickets']?.post)).toContain(
      'legal-representative',
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        '/offices',
        '/offices/{officeId}',
        '/offices/{officeId}/tickets',
        '/tickets/{officeId}/{date}/{ticketNumber}',
        '/offices/{officeId}/counters/{counterId}/call-next',
        '/offices/{officeId}/display',
        '/offices/{officeId}/display/events',
        '/offices/{officeId}/calendar',
      ]),
    );
  });

  async function eventsOfOffice(): Promise<number> {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM events WHERE stream_id LIKE $1`,
        [`office-day:${office.id}:%`],
      );
      return rows[0]?.count ?? -1;
    } finally {
      await client.end();
    }
  }
});

describe('queue: public rate limits', () => {
  it('answers 429 with Retry-After past the limit, per client and route', async () => {
    const env = testEnvironment();
    const office = writeTestOffice();
    const queue = await startQueueApp(env, office, { extraEnv: { PUBLIC_RATE_LIMIT: '3' } });
    try {
      for (let n = 0; n < 3; n++) await api(queue.app).get('/offices').expect(200);
      const limited = await api(queue.app).get('/offices').expect(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await api(queue.app).get(`/offices/${office.id}/calendar`).expect(200);
    } finally {
      await queue.app.close();
      office.remove();
      await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    }
  });
});

describe('queue: office configuration at boot', () => {
  it('refuses to start with a bad office file and names the fields', () => {
    const env = testEnvironment();
    const office = writeTestOffice((file) => {
      (file.calendar as { weekly: { mon: { opens: string } } }).weekly.mon.opens = '8:30';
      file.noShowAfterCalls = 0;
    });
    try {
      const config = loadQueueConfig({ ...env, OFFICE_CONFIG_DIR: office.directory });
      expect(() => QueueModule.forRoot(config)).toThrow(
        /noShowAfterCalls: [^\n]*\n.*calendar: weekly\.mon\.opens must be HH:MM/,
      );
    } finally {
      office.remove();
    }
  });
});
