/**
 * Test support for the queue's end-to-end tests and benchmarks (not loaded by the app): an office of
 * its own per test, the app booted with a clock the test sets, tokens, and a small SSE client.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  type Clock,
  CLOCK,
  ControllableClock,
  createHttpApp,
  type StaffRole,
  TokenIssuer,
} from '@madoguchi/platform';
import { loadQueueConfig } from '../../queue.config';
import { QueueModule } from '../../queue.module';
import { setupOpenApi } from '../open-api';

/**
 * Where a test's clock starts unless the test sets it: a Tuesday morning in Tokyo, when Atsugi's counter is
 * open. Tests never read the wall clock, so they pass at any hour of any day.
 */
export const OPEN_WEEKDAY_MORNING = '2026-12-01T10:00:00+09:00';

/** A clock for one test, to hand to every service it boots (queue, card gateway, audit). */
export function testClock(instant: Date | string = OPEN_WEEKDAY_MORNING): ControllableClock {
  return new ControllableClock(instant);
}

const ATSUGI_FILE = join(__dirname, '..', '..', '..', 'config', 'offices', 'atsugi.json');

export interface TestOffice {
  id: string;
  directory: string;
  remove: () => void;
}

/** Atsugi's configuration under a fresh office id (so tests sharing a database never meet), changed at will. */
export function writeTestOffice(
  change: (file: Record<string, unknown>) => void = () => undefined,
): TestOffice {
  const { ids, directory, remove } = writeTestOffices(1, change);
  return { id: ids[0] as string, directory, remove };
}

/** `count` offices like Atsugi's, each under a fresh id, in one configuration folder. */
export function writeTestOffices(
  count: number,
  change: (file: Record<string, unknown>) => void = () => undefined,
): { ids: string[]; directory: string; remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), 'madoguchi-offices-'));
  const ids = Array.from({ length: count }, () => {
    const file = JSON.parse(readFileSync(ATSUGI_FILE, 'utf8')) as Record<string, unknown>;
    file.id = `t-${randomBytes(5).toString('hex')}`;
    change(file);
    writeFileSync(join(directory, `${String(file.id)}.json`), JSON.stringify(file, null, 2));
    return String(file.id);
  });
  return { ids, directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** `count` counters serving every service, named 1…count. */
export function withCounters(count: number): (file: Record<string, unknown>) => void {
  return (file) => {
    file.counters = Array.from({ length: count }, (_, index) => ({
      id: String(index + 1),
      name: { ja: `${index + 1}番窓口`, en: `Counter ${index + 1}` },
      services: ['pin-reset', 'pin-change', 'general-enquiry'],
    }));
  };
}

export interface QueueTestApp {
  app: INestApplication;
  clock: ControllableClock;
  /** The base URL once `listen` was asked for. */
  url: string;
}

/**
 * Boots the queue app on the run's servers with the given offices and a clock the test sets: `options.clock`
 * when the test shares one with other services, a fresh `testClock()` otherwise.
 */
export async function startQueueApp(
  env: Record<string, string>,
  office: Pick<TestOffice, 'directory'>,
  options: { listen?: boolean; extraEnv?: Record<string, string>; clock?: ControllableClock } = {},
): Promise<QueueTestApp> {
  const config = loadQueueConfig({
    ...env,
    OFFICE_CONFIG_DIR: office.directory,
    ...options.extraEnv,
  });
  const clock = options.clock ?? testClock();
  const app = await createHttpApp(QueueModule.forRoot(config, { clock }), 'queue', config);
  setupOpenApi(app);
  if (options.listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  const address = options.listen ? (app.getHttpServer() as { address(): AddressInfo }).address() : undefined;
  return {
    app,
    clock,
    url: address ? `http://127.0.0.1:${address.port}` : '',
  };
}

export function api(app: INestApplication): ReturnType<typeof request> {
  return request(app.getHttpServer() as Parameters<typeof request>[0]);
}

/** A staff session token, as the sign-in route would give one. */
export function staffToken(app: INestApplication, role: StaffRole = 'clerk'): string {
  return app.get(TokenIssuer).issue({ subject: randomUUID(), role }, app.get<Clock>(CLOCK).now()).token;
}

/** A kiosk registered by a supervisor for the office, as a real kiosk gets its token. */
export async function kioskToken(app: INestApplication, officeId: string): Promise<string> {
  const response = await api(app)
    .post('/devices')
    .set('Authorization', `Bearer ${staffToken(app, 'supervisor')}`)
    .send({ kind: 'kiosk', officeId, label: 'Kiosk by the entrance' })
    .expect(201);
  return (response.body as { token: string }).token;
}

export interface ServerSentEvent {
  type: string;
  id: string | undefined;
  data: unknown;
  /** performance.now() when the event was read, for latency measurements. */
  receivedAt: number;
}

/** A minimal EventSource: collects events; `next` waits for one that matches. */
export class EventStreamClient {
  readonly events: ServerSentEvent[] = [];
  private response: IncomingMessage | undefined;
  private readonly waiters: {
    match: (event: ServerSentEvent) => boolean;
    resolve: (e: ServerSentEvent) => void;
  }[] = [];
  private seen = 0;

  private constructor(private readonly abort: () => void) {}

  static open(url: string, lastEventId?: string): Promise<EventStreamClient> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Accept: 'text/event-stream' };
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      const req = get(url, { headers });
      const client = new EventStreamClient(() => req.destroy());
      req.on('error', reject);
      req.on('response', (response) => {
        client.response = response;
        if (response.statusCode !== 200) {
          reject(new Error(`event stream answered ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            client.receive(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        response.on('error', () => undefined);
        resolve(client);
      });
    });
  }

  /** The next event after those already taken that matches, waiting up to `timeoutMs`. */
  next(
    match: (event: ServerSentEvent) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ServerSentEvent> {
    const found = this.events.slice(this.seen).find(match);
    if (found) {
      this.seen = this.events.indexOf(found) + 1;
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching event within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (event) => {
          clearTimeout(timer);
          this.seen = this.events.indexOf(event) + 1;
          resolve(event);
        },
      });
    });
  }

  close(): void {
    this.abort();
    this.response?.destroy();
  }

  private receive(block: string): void {
    let type = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    const text = data.join('\n');
    let parsed: { value: unknown } | undefined;
    // Parsed when first looked at: a benchmark's thousand screens share one process with the server.
    const event = {
      type,
      id,
      receivedAt: performance.now(),
      get data(): unknown {
        if (!parsed) {
          try {
            parsed = { value: JSON.parse(text) as unknown };
          } catch {
            parsed = { value: text };
          }
        }
        return parsed.value;
      },
    } satisfies ServerSentEvent;
    this.events.push(event);
    const waiter = this.waiters.findIndex((candidate) => candidate.match(event));
    if (waiter >= 0) this.waiters.splice(waiter, 1)[0]?.resolve(event);
  }
}
