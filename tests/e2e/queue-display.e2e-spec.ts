import { Redis } from 'ioredis';
import { deleteStream } from '../support/jetstream';
import { testEnvironment } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import {
  api,
  EventStreamClient,
  kioskToken,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  type TestOffice,
  writeTestOffice,
} from '../../apps/queue/src/office/testing/queue-test-harness';

const MONDAY = '2026-12-07';
const NINE = `${MONDAY}T09:00:00+09:00`;

interface Snapshot {
  date: string;
  version: number;
  today: { open: boolean };
  lastCalls: { ticketNumber: string; counter: string; recall: boolean }[];
  lines: { service: string; waiting: number; estimatedWaitMinutes: number }[];
}

describe('queue: display feed', () => {
  let env: Record<string, string>;
  let office: TestOffice;
  let replicas: QueueTestApp[] = [];
  let streams: EventStreamClient[] = [];

  beforeEach(() => {
    env = testEnvironment();
    office = writeTestOffice();
    replicas = [];
    streams = [];
  });
  afterEach(async () => {
    streams.forEach((stream) => stream.close());
    await Promise.all(replicas.map((replica) => replica.app.close()));
    office?.remove();
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
  });

  async function replica(): Promise<QueueTestApp> {
    const started = await startQueueApp(env, office, { listen: true });
    started.clock.set(NINE);
    replicas.push(started);
    return started;
  }

  async function open(on: QueueTestApp, lastEventId?: string): Promise<EventStreamClient> {
    const stream = await EventStreamClient.open(`${on.url}/offices/${office.id}/display/events`, lastEventId);
    streams.push(stream);
    return stream;
  }

  async function issueTickets(on: QueueTestApp, count: number): Promise<void> {
    const kiosk = await kioskToken(on.app, office.id);
    for (let n = 0; n < count; n++) {
      await api(on.app)
        .post(`/offices/${office.id}/tickets`)
        .set('Authorization', `Bearer ${kiosk}`)
        .send({ service: 'pin-change', applicant: 'self' })
        .expect(201);
    }
  }

  function clerkPost(on: QueueTestApp, path: string) {
    return api(on.app)
      .post(`/offices/${office.id}/${path}`)
      .set('Authorization', `Bearer ${staffToken(on.app, 'clerk')}`)
      .expect(200);
  }

  it('shows the snapshot, rebuilt from the event store when Redis lost it', async () => {
    const queue = await replica();
    await api(queue.app).get('/offices/nowhere/display').expect(404);
    await api(queue.app).get('/offices/nowhere/display/events').expect(404);
    await api(queue.app).get('/offices/No_Such/display/events').expect(400);
    const empty = await api(queue.app).get(`/offices/${office.id}/display`).expect(200);
    expect(empty.body).toMatchObject({
      date: MONDAY,
      version: 0,
      today: { open: true, opens: '08:30', closes: '17:15' },
    });

    await issueTickets(queue, 2);
    await clerkPost(queue, 'counters/3/open');
    await clerkPost(queue, 'counters/3/call-next');
    const expected = {
      version: 4,
      lastCalls: [{ ticketNumber: 'C001', counter: '3', recall: false }],
      lines: expect.arrayContaining([
        expect.objectContaining({ service: 'pin-change', waiting: 1, estimatedWaitMinutes: 20 }),
      ]) as unknown,
    };
    await waitFor(
      async () => {
        const response = await api(queue.app).get(`/offices/${office.id}/display`);
        return (response.body as Snapshot).version === 4 ? response : undefined;
      },
      { what: 'the snapshot after the call' },
    ).then((response) => expect(response.body).toMatchObject(expected));

    const redis = new Redis(env.REDIS_URL ?? '', { keyPrefix: env.REDIS_KEY_PREFIX });
    try {
      expect(await redis.del(`display:snapshot:${office.id}:${MONDAY}`)).toBe(1);
    } finally {
      redis.disconnect();
    }
    const rebuilt = await api(queue.app).get(`/offices/${office.id}/display`).expect(200);
    expect(rebuilt.body).toMatchObject(expected);
  });

  it('shows the closed notice on a closed day', async () => {
    const queue = await replica();
    queue.clock.set('2026-11-23T10:00:00+09:00');
    const response = await api(queue.app).get(`/offices/${office.id}/display`).expect(200);
    expect(response.body).toMatchObject({
      date: '2026-11-23',
      today: { open: false, reason: 'national-holiday', holidayName: '勤労感謝の日' },
    });
  });

  it('sends a call to a connected screen, and a screen that reconnects with Last-Event-ID gets what it missed', async () => {
    const queue = await replica();
    await issueTickets(queue, 3);
    await clerkPost(queue, 'counters/1/open');
    await clerkPost(queue, 'counters/2/open');

    const screen = await open(queue);
    const first = await screen.next((event) => event.type === 'snapshot');
    expect(first.id).toBe(`${MONDAY}:5`);
    await clerkPost(queue, 'counters/1/call-next');
    const call = await screen.next((event) => event.type === 'call');
    expect(call).toMatchObject({
      id: `${MONDAY}:6`,
      data: { ticketNumber: 'C001', counter: '1', recall: false },
    });
    screen.close();

    // While the screen is away: another call and a recall.
    await clerkPost(queue, 'counters/2/call-next');
    await clerkPost(queue, 'counters/1/recall');

    const back = await open(queue, call.id);
    const missed = [await back.next(), await back.next()];
    expect(missed).toMatchObject([
      { type: 'call', id: `${MONDAY}:7`, data: { ticketNumber: 'C002', counter: '2' } },
      {
        type: 'call',
        id: `${MONDAY}:8`,
        data: { ticketNumber: 'C001', counter: '1', recall: true, callCount: 2 },
      },
    ]);
    const snapshot = await back.next();
    expect(snapshot).toMatchObject({ type: 'snapshot', id: `${MONDAY}:8` });
    expect((snapshot.data as Snapshot).lastCalls.map((c) => c.ticketNumber)).toEqual([
      'C001',
      'C002',
      'C001',
    ]);
  });

  it('a call made on one replica reaches the screens of another (Redis pub/sub)', async () => {
    const clerkSide = await replica();
    const screenSide = await replica();
    await issueTickets(clerkSide, 1);
    await clerkPost(clerkSide, 'counters/4/open');
    const screens = await Promise.all([open(screenSide), open(screenSide), open(clerkSide)]);
    await Promise.all(screens.map((screen) => screen.next((event) => event.type === 'snapshot')));

    await clerkPost(clerkSide, 'counters/4/call-next');
    const calls = await Promise.all(screens.map((screen) => screen.next((event) => event.type === 'call')));
    for (const call of calls) {
      expect(call).toMatchObject({ id: `${MONDAY}:3`, data: { ticketNumber: 'C001', counter: '4' } });
    }
    // Then the refreshed snapshot, with the line emptied.
    const refreshed = await screens[0]?.next((event) => event.type === 'snapshot');
    expect((refreshed?.data as Snapshot).lines.find((line) => line.service === 'pin-change')).toMatchObject({
      waiting: 0,
    });
  });
});
