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

/** Monday 2026-12-07, an ordinary open day; Sunday 2026-12-06; 勤労感謝の日 on Monday 2026-11-23. */
const MONDAY = '2026-12-07';
const at = (date: string, time: string) => `${date}T${time}:00+09:00`;

interface Issued {
  ticketNumber: string;
  position: number;
  estimatedWaitMinutes: number;
  statusUrl: string;
  whatToBring: { code: string }[];
}

describe('queue: a day at the counter, through HTTP', () => {
  let env: Record<string, string>;
  let office: TestOffice;
  let queue: QueueTestApp;
  let kiosk: string;

  beforeEach(async () => {
    env = testEnvironment();
    office = writeTestOffice();
    queue = await startQueueApp(env, office);
    kiosk = await kioskToken(queue.app, office.id);
  });
  afterEach(async () => {
    await queue?.app.close();
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  const issue = (body: object, key?: string) => {
    const call = api(queue.app).post(`/offices/${office.id}/tickets`).set('Authorization', `Bearer ${kiosk}`);
    return (key === undefined ? call : call.set('Idempotency-Key', key)).send(body);
  };
  // The tests move the clock by days, past a session's end: the clerk signs in on the day of each request.
  const clerkPost = (path: string, body?: object) =>
    api(queue.app)
      .post(`/offices/${office.id}/${path}`)
      .set('Authorization', `Bearer ${staffToken(queue.app, 'clerk')}`)
      .send(body ?? {});

  it('issues tickets, calls, serves and measures, and the public status follows', async () => {
    queue.clock.set(at(MONDAY, '08:40'));
    const first = (await issue({ service: 'pin-reset', applicant: 'self' }).expect(201)).body as Issued;
    expect(first).toMatchObject({
      officeId: office.id,
      date: MONDAY,
      ticketNumber: 'R001',
      service: 'pin-reset',
      position: 1,
      estimatedWaitMinutes: 10,
      statusUrl: `/tickets/${office.id}/${MONDAY}/R001`,
    });
    expect(first.whatToBring.map((item) => item.code)).toEqual(['holder-card', 'applicant-identity']);
    const second = (await issue({ service: 'pin-reset', applicant: 'proxy' }).expect(201)).body as Issued;
    expect(second).toMatchObject({ ticketNumber: 'R002', position: 2, estimatedWaitMinutes: 20 });
    const enquiry = (await issue({ service: 'general-enquiry' }).expect(201)).body as Issued;
    expect(enquiry).toMatchObject({ ticketNumber: 'G001', position: 1, whatToBring: [] });

    await clerkPost('counters/1/open').expect(200);
    const called = await clerkPost('counters/1/call-next').expect(200);
    expect(called.body).toMatchObject({
      counter: { id: '1', open: true, ticket: { ticketNumber: 'R001', status: 'called' } },
      ticket: { ticketNumber: 'R001', status: 'called', callCount: 1 },
    });
    const status = await api(queue.app).get(first.statusUrl).expect(200);
    expect(status.body).toEqual({
      officeId: office.id,
      date: MONDAY,
      ticketNumber: 'R001',
      service: 'pin-reset',
      status: 'called',
      position: null,
      estimatedWaitMinutes: null,
      called: true,
      counter: '1',
    });
    const waiting = await api(queue.app).get(second.statusUrl).expect(200);
    expect(waiting.body).toMatchObject({ status: 'waiting', position: 1, called: false, counter: null });
    expect(JSON.stringify(waiting.body)).not.toContain('proxy');

    await clerkPost('counters/1/recall').expect(200);
    await clerkPost('counters/1/start').expect(200);
    queue.clock.set(at(MONDAY, '09:04'));
    const finished = await clerkPost('counters/1/finish').expect(200);
    expect(finished.body).toMatchObject({
      counter: { ticket: null },
      ticket: { ticketNumber: 'R001', status: 'finished' },
    });
    // One measured service of 24 minutes: the next in line now waits 24 minutes at one counter.
    const measured = await api(queue.app).get(second.statusUrl).expect(200);
    expect(measured.body).toMatchObject({ position: 1, estimatedWaitMinutes: 24 });

    await clerkPost('counters/1/call-next').expect(200);
    await clerkPost('counters/1/hold').expect(200);
    await clerkPost('tickets/R002/return').expect(200);
    await clerkPost('counters/1/call-next').expect(200);
    const transferred = await clerkPost('counters/1/transfer', { toService: 'general-enquiry' }).expect(200);
    expect(transferred.body).toMatchObject({
      ticket: { ticketNumber: 'R002', service: 'general-enquiry', status: 'waiting' },
    });

    const floor = await api(queue.app)
      .get(`/offices/${office.id}/counters`)
      .set('Authorization', `Bearer ${staffToken(queue.app, 'clerk')}`)
      .expect(200);
    const lines = (
      floor.body as { lines: { service: string; waiting: number; next: { ticketNumber: string }[] }[] }
    ).lines;
    // A transferred ticket keeps the place its issue time gives it (domain rule): R002 came before G001.
    expect(lines.find((line) => line.service === 'general-enquiry')).toMatchObject({
      waiting: 2,
      next: [{ ticketNumber: 'R002' }, { ticketNumber: 'G001' }],
    });

    await clerkPost('counters/1/close').expect(200);
    const refused = await clerkPost('counters/1/call-next').expect(409);
    expect(refused.body).toMatchObject({ refusal: { code: 'counter-not-open', counter: '1' } });
  });

  it('marks a no-show only after the configured number of calls', async () => {
    queue.clock.set(at(MONDAY, '10:00'));
    await issue({ service: 'pin-change', applicant: 'self' }).expect(201);
    await clerkPost('counters/2/open', { services: ['pin-change'] }).expect(200);
    await clerkPost('counters/2/call-next').expect(200);
    const early = await clerkPost('counters/2/no-show').expect(409);
    expect(early.body).toMatchObject({ refusal: { code: 'too-few-calls', callCount: 1, required: 3 } });
    await clerkPost('counters/2/recall').expect(200);
    await clerkPost('counters/2/recall').expect(200);
    const gone = await clerkPost('counters/2/no-show').expect(200);
    expect(gone.body).toMatchObject({ ticket: { ticketNumber: 'C001', status: 'no-show' } });
  });

  it.each([
    ['a Sunday', at('2026-12-06', '10:00'), { code: 'office-closed', reason: 'sunday' }],
    [
      'a national holiday',
      at('2026-11-23', '10:00'),
      { code: 'office-closed', reason: 'national-holiday', holidayName: '勤労感謝の日' },
    ],
    ['the year-end break', at('2026-12-29', '10:00'), { code: 'office-closed', reason: 'year-end-holidays' }],
  ])('refuses a ticket on %s and says when the office opens next', async (_, instant, refusal) => {
    queue.clock.set(instant);
    // The holiday is before the day the kiosk was registered: register it anew on the day itself.
    kiosk = await kioskToken(queue.app, office.id);
    const response = await issue({ service: 'pin-reset', applicant: 'self' }).expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, refusal });
    const next = (response.body as { refusal: { nextOpening: string } }).refusal.nextOpening;
    expect(new Date(next).getTime()).toBeGreaterThan(new Date(instant).getTime());
  });

  it('refuses before opening, past the cut-off, and when the wait would run past closing', async () => {
    queue.clock.set(at(MONDAY, '08:00'));
    const early = await issue({ service: 'general-enquiry' }).expect(409);
    expect(early.body).toMatchObject({
      refusal: { code: 'before-opening', nextOpening: '2026-12-06T23:30:00.000Z' },
    });

    queue.clock.set(at(MONDAY, '17:05'));
    const late = await issue({ service: 'general-enquiry' }).expect(409);
    expect(late.body).toMatchObject({
      refusal: {
        code: 'past-cutoff',
        cutoffAt: '2026-12-07T08:00:00.000Z',
        nextOpening: '2026-12-07T23:30:00.000Z',
      },
    });

    // Five tickets at 16:20 with no counter open: the sixth would be called at 17:20, after closing.
    queue.clock.set(at(MONDAY, '16:20'));
    for (let n = 0; n < 5; n++) await issue({ service: 'general-enquiry' }).expect(201);
    const tooLate = await issue({ service: 'general-enquiry' }).expect(409);
    expect(tooLate.body).toMatchObject({
      refusal: { code: 'wait-runs-past-closing', estimatedWaitMinutes: 60 },
    });
  });

  it('gives the same ticket for the same Idempotency-Key, and appends nothing the second time', async () => {
    queue.clock.set(at(MONDAY, '09:00'));
    const body = { service: 'pin-reset', applicant: 'self' };
    const [one, two] = await Promise.all([issue(body, 'kiosk-retry-0001'), issue(body, 'kiosk-retry-0001')]);
    expect(one.status).toBe(201);
    expect(two.status).toBe(201);
    expect(two.body).toEqual(one.body);
    const again = await issue(body, 'kiosk-retry-0001').expect(201);
    expect(again.body).toEqual(one.body);
    const next = await issue(body, 'kiosk-retry-0002').expect(201);
    expect(next.body).toMatchObject({ ticketNumber: 'R002' });
    const reused = await issue({ service: 'pin-change', applicant: 'self' }, 'kiosk-retry-0001').expect(422);
    expect(reused.body).toMatchObject({ message: expect.stringContaining('Idempotency-Key') as unknown });
    const floor = await api(queue.app)
      .get(`/offices/${office.id}/counters`)
      .set('Authorization', `Bearer ${staffToken(queue.app, 'clerk')}`);
    expect(floor.body).toMatchObject({ version: 2 });
  });
});
