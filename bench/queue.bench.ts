/**
 * B1 and B2 (architecture.md), each beside a baseline measured in the same run:
 * - B1: tickets issued over HTTP (kiosk tokens, Idempotency-Key) across 50 office-days in parallel; baseline:
 *   the event store's raw append rate (one TicketIssued per commit, expected version, 50 streams).
 * - B2: a clerk's "call next" over HTTP until the call reaches every display's SSE stream, with the screens
 *   split over two queue replicas (Redis pub/sub between them); baseline: a bare Redis pub/sub round trip.
 * Run with `npm run bench`; BENCH_SHORT=1 only proves the harness works.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { openServiceDatabase, PostgresEventStore, type EventMetadata } from '@madoguchi/platform';
import { Worker } from 'node:worker_threads';
import {
  kioskToken,
  type QueueTestApp,
  staffToken,
  startQueueApp,
  writeTestOffices,
} from '../apps/queue/src/office/testing/queue-test-harness';
import { deleteStream } from '../tests/support/jetstream';
import { createTestDatabase } from '../tests/support/test-database';
import { testEnvironment } from '../tests/support/test-environment';
import { percentile, report, SHORT } from './support/report';

const OFFICE_DAYS = 50;
const B1_DURATION_MS = SHORT ? 1_000 : 10_000;
const SCREENS = SHORT ? 100 : 1_000;
const CALLS = SHORT ? 3 : 30;
const MORNING = '2026-12-07T08:30:00+09:00';

async function post(url: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

describe('queue benchmarks', () => {
  let database: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;
  const apps: QueueTestApp[] = [];
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { ...testEnvironment(), DATABASE_URL: database.url };
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((queue) => queue.app.close()));
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });
  afterAll(async () => {
    await deleteStream(env.NATS_URL ?? '', env.JETSTREAM_STREAM ?? '');
    await database?.drop();
  });

  async function start(directory: string): Promise<QueueTestApp> {
    const queue = await startQueueApp(
      env,
      { directory },
      { listen: true, extraEnv: { PUBLIC_RATE_LIMIT: '1000000' } },
    );
    queue.clock.set(MORNING);
    apps.push(queue);
    return queue;
  }

  it('B1: issues tickets over HTTP across 50 office-days', async () => {
    const offices = writeTestOffices(OFFICE_DAYS);
    cleanups.push(offices.remove);
    const queue = await start(offices.directory);
    const clerk = staffToken(queue.app, 'clerk');
    const kiosks = await Promise.all(offices.ids.map((id) => kioskToken(queue.app, id)));
    for (const id of offices.ids) {
      for (const counter of ['1', '2', '3', '4', '5', '6']) {
        expect(await post(`${queue.url}/offices/${id}/counters/${counter}/open`, clerk, {})).toBe(200);
      }
    }

    const baseline = await rawAppendRate(database.url, B1_DURATION_MS);

    const latencies: number[] = [];
    const failures: number[] = [];
    const end = Date.now() + B1_DURATION_MS;
    const started = performance.now();
    await Promise.all(
      offices.ids.map(async (id, index) => {
        const body = { service: index % 2 === 0 ? 'pin-reset' : 'pin-change', applicant: 'self' };
        while (Date.now() < end) {
          const t0 = performance.now();
          const status = await post(`${queue.url}/offices/${id}/tickets`, kiosks[index] ?? '', body, {
            'Idempotency-Key': randomUUID(),
          });
          latencies.push(performance.now() - t0);
          if (status !== 201) failures.push(status);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const perSecond = latencies.length / seconds;
    const p99 = percentile(sorted(latencies), 99);
    report([
      {
        id: 'B1',
        what: `ticket issue over HTTP (kiosk token, Idempotency-Key), ${OFFICE_DAYS} office-days in parallel`,
        figure: `${perSecond.toFixed(0)} tickets/s, p50 ${percentile(sorted(latencies), 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms (${latencies.length} tickets)`,
        goal: '≥ 1,000 tickets/s, p99 ≤ 50 ms',
        baseline: `${baseline.perSecond.toFixed(0)} events/s raw event-store append (1 per commit, ${OFFICE_DAYS} streams), p99 ${baseline.p99.toFixed(1)} ms`,
        ratio: `baseline/HTTP ${(baseline.perSecond / perSecond).toFixed(2)}×`,
        met: SHORT ? 'not judged' : perSecond >= 1_000 && p99 <= 50,
      },
    ]);
    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(0);
  });

  it('B2: "call next" until the call reaches every display', async () => {
    const offices = writeTestOffices(1);
    cleanups.push(offices.remove);
    const officeId = offices.ids[0] ?? '';
    const clerkSide = await start(offices.directory);
    const otherSide = await start(offices.directory);
    const clerk = staffToken(clerkSide.app, 'clerk');
    const kiosk = await kioskToken(clerkSide.app, officeId);
    for (let n = 0; n < CALLS; n++) {
      expect(
        await post(`${clerkSide.url}/offices/${officeId}/tickets`, kiosk, { service: 'general-enquiry' }),
      ).toBe(201);
    }
    expect(await post(`${clerkSide.url}/offices/${officeId}/counters/5/open`, clerk, {})).toBe(200);

    // The screens run in a worker thread, as they would on machines of their own: the two replicas keep
    // this thread, and the screens' parsing does not queue behind their work.
    const screens = new Screens(
      Array.from(
        { length: SCREENS },
        (_, n) => `${(n % 2 === 0 ? clerkSide : otherSide).url}/offices/${officeId}/display/events`,
      ),
    );
    cleanups.push(() => void screens.close());
    await screens.ready();

    const baseline = await redisRoundTrip(env.REDIS_URL ?? '', SHORT ? 100 : 1_000);

    const latencies: number[] = [];
    const commands: number[] = [];
    for (let call = 1; call <= CALLS; call++) {
      const ticketNumber = `G${String(call).padStart(3, '0')}`;
      const arrivals = screens.arrivalsOf(ticketNumber);
      const t0 = performance.timeOrigin + performance.now();
      expect(await post(`${clerkSide.url}/offices/${officeId}/counters/5/call-next`, clerk, {})).toBe(200);
      commands.push(performance.timeOrigin + performance.now() - t0);
      for (const at of await arrivals) latencies.push(at - t0);
      expect(await post(`${clerkSide.url}/offices/${officeId}/counters/5/start`, clerk, {})).toBe(200);
      expect(await post(`${clerkSide.url}/offices/${officeId}/counters/5/finish`, clerk, {})).toBe(200);
    }
    const ordered = sorted(latencies);
    const p99 = percentile(ordered, 99);
    report([
      {
        id: 'B2',
        what: `clerk "call next" over HTTP → call event at ${SCREENS} SSE screens on 2 replicas (${CALLS} calls)`,
        figure: `p50 ${percentile(ordered, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(ordered.at(-1) ?? 0).toFixed(1)} ms (${latencies.length} deliveries; the HTTP command alone p50 ${percentile(sorted(commands), 50).toFixed(1)} ms)`,
        goal: 'p99 ≤ 100 ms with 1,000 SSE clients',
        baseline: `bare Redis pub/sub round trip p50 ${baseline.p50.toFixed(2)} ms, p99 ${baseline.p99.toFixed(2)} ms`,
        ratio: `call→screen / pub-sub p99 ${(p99 / baseline.p99).toFixed(1)}×`,
        met: SHORT ? 'not judged' : p99 <= 100,
      },
    ]);
    expect(latencies).toHaveLength(SCREENS * CALLS);
  });
});

/** B1's baseline: the event store's append, one event per commit, 50 streams at once, in the same database. */
async function rawAppendRate(url: string, durationMs: number): Promise<{ perSecond: number; p99: number }> {
  const dataSource: DataSource = await openServiceDatabase({ url, applicationName: 'bench-b1-baseline' });
  try {
    const store = new PostgresEventStore(dataSource);
    const metadata: EventMetadata = {
      actor: { kind: 'kiosk', id: 'bench' },
      correlationId: randomUUID(),
      occurredAt: new Date(MORNING).toISOString(),
    };
    const latencies: number[] = [];
    const end = Date.now() + durationMs;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: OFFICE_DAYS }, async () => {
        const stream = `bench-baseline:${randomUUID()}`;
        for (let version = 0; Date.now() < end; version++) {
          const t0 = performance.now();
          await store.append(
            stream,
            [{ type: 'TicketIssued', data: { sequence: version + 1 }, schemaVersion: 1 }],
            {
              expectedVersion: version === 0 ? 'no-stream' : version,
              metadata,
            },
          );
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: latencies.length / seconds, p99: percentile(sorted(latencies), 99) };
  } finally {
    await dataSource.destroy();
  }
}

/** B2's baseline: PUBLISH on one connection until a subscriber on another receives it. */
async function redisRoundTrip(url: string, count: number): Promise<{ p50: number; p99: number }> {
  const publisher = new Redis(url);
  const subscriber = new Redis(url);
  const channel = `bench:${randomUUID()}`;
  try {
    await subscriber.subscribe(channel);
    let arrived: (() => void) | undefined;
    subscriber.on('message', () => arrived?.());
    const latencies: number[] = [];
    for (let n = 0; n < count; n++) {
      const received = new Promise<void>((resolve) => (arrived = resolve));
      const t0 = performance.now();
      await publisher.publish(channel, JSON.stringify({ ticketNumber: 'G001', counter: '5', n }));
      await received;
      latencies.push(performance.now() - t0);
    }
    const ordered = sorted(latencies);
    return { p50: percentile(ordered, 50), p99: percentile(ordered, 99) };
  } finally {
    publisher.disconnect();
    subscriber.disconnect();
  }
}

/** Display screens in a worker thread: plain EventSource-like clients that report when each call arrives. */
const SCREEN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { get } = require('node:http');
const { performance } = require('node:perf_hooks');
const requests = [];
let ready = 0;
for (const url of workerData.urls) {
  const request = get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
    response.setEncoding('utf8');
    let buffer = '';
    let started = false;
    response.on('data', (chunk) => {
      const at = performance.timeOrigin + performance.now();
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\\n\\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        if (type === 'snapshot' && !started) {
          started = true;
          if (++ready === workerData.urls.length) parentPort.postMessage({ ready: true });
        } else if (type === 'call') {
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null');
          parentPort.postMessage({ ticketNumber: data.ticketNumber, at });
        }
      }
    });
  });
  request.on('error', () => undefined);
  requests.push(request);
}
parentPort.on('message', () => {
  for (const request of requests) request.destroy();
  parentPort.postMessage({ closed: true });
});
`;

class Screens {
  private readonly worker: Worker;
  private readonly arrivals = new Map<string, { times: number[]; done: () => void }>();
  private readonly connected: Promise<void>;

  constructor(private readonly urls: string[]) {
    this.worker = new Worker(SCREEN_WORKER, { eval: true, workerData: { urls } });
    this.connected = new Promise((resolve, reject) => {
      this.worker.on('error', reject);
      this.worker.on('message', (message: { ready?: boolean; ticketNumber?: string; at?: number }) => {
        if (message.ready) resolve();
        const waiting =
          message.ticketNumber === undefined ? undefined : this.arrivals.get(message.ticketNumber);
        if (waiting && message.at !== undefined) {
          waiting.times.push(message.at);
          if (waiting.times.length === this.urls.length) waiting.done();
        }
      });
    });
  }

  ready(): Promise<void> {
    return this.connected;
  }

  /** Resolves with the arrival time at every screen of the call of `ticketNumber`. */
  arrivalsOf(ticketNumber: string): Promise<number[]> {
    return new Promise((resolve) => {
      const entry = { times: [] as number[], done: () => resolve(entry.times) };
      this.arrivals.set(ticketNumber, entry);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage('close');
    await this.worker.terminate();
  }
}
