import { performance } from 'node:perf_hooks';
import {
  Inject,
  Injectable,
  Logger,
  type MessageEvent,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { Observable, type Subscription } from 'rxjs';
import type { CalendarDate, OfficeDayEvent } from '@madoguchi/domain';
import type { Office } from '../office/office';
import { OfficeDirectory } from '../office/office-directory';
import { type OfficeDayCommit, OfficeDayRepository } from '../office/office-day.repository';
import { DisplayBusRepository } from './display-bus.repository';
import {
  comparePositions,
  type DisplayMessage,
  eventIdOf,
  type FeedPosition,
  parseEventId,
} from './display-message';
import { advanceSnapshot, callOf, displaySnapshot, type DisplaySnapshot } from './display-snapshot';
import { DisplaySnapshotRepository } from './display-snapshot.repository';

/** Proxies close a silent connection; a comment line now and then keeps a screen's stream open. */
const HEARTBEAT_MS = 20_000;
const LISTEN_TIMEOUT_MS = 5_000;
const MIN_REFRESH_INTERVAL_MS = 250;

/**
 * The display feed. After each committed command, calls are published at once (Redis pub/sub, so every
 * replica's screens get them) and the office's snapshot is rebuilt from the event store, one rebuild at
 * a time per office-day, so a burst of tickets costs a few rebuilds rather than one each.
 */
@Injectable()
export class DisplayService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Display');
  private commits: Subscription | undefined;
  private readonly refreshes = new Map<string, { again: boolean; fromStore: boolean; done: Promise<void> }>();
  /** Per office-day, the newest snapshot this replica has built. */
  private readonly latest = new Map<string, DisplaySnapshot>();

  constructor(
    @Inject(OfficeDirectory) private readonly offices: OfficeDirectory,
    @Inject(OfficeDayRepository) private readonly days: OfficeDayRepository,
    @Inject(DisplaySnapshotRepository) private readonly snapshots: DisplaySnapshotRepository,
    @Inject(DisplayBusRepository) private readonly bus: DisplayBusRepository,
  ) {}

  onModuleInit(): void {
    this.commits = this.days.committed.subscribe((commit) => this.published(commit));
  }

  async onModuleDestroy(): Promise<void> {
    this.commits?.unsubscribe();
    await Promise.allSettled([...this.refreshes.values()].map((refresh) => refresh.done));
  }

  /** Today's snapshot of an office, from Redis, or rebuilt from the event store when Redis lost it. */
  async snapshot(officeId: string): Promise<DisplaySnapshot> {
    const office = this.offices.get(officeId);
    const date = this.days.today();
    const stored = await this.snapshots.find(office.id, date).catch(() => undefined);
    return stored ?? this.rebuild(office, date);
  }

  /**
   * A screen's event stream: with a Last-Event-ID of today, the calls it missed first (from the event
   * store), then the current snapshot, then everything live. Events are sent in feed order only, so a
   * late message from another replica never takes a screen backwards.
   */
  feed(officeId: string, lastEventId: string | undefined): Observable<MessageEvent> {
    const office = this.offices.get(officeId);
    return new Observable<MessageEvent>((subscriber) => {
      let sent: { position: FeedPosition; kind: DisplayMessage['kind'] } | undefined;
      let ready = false;
      const waiting: DisplayMessage[] = [];
      const send = (message: DisplayMessage): void => {
        const position = { date: message.date, version: message.version };
        const order = sent === undefined ? 1 : comparePositions(position, sent.position);
        // Only the snapshot after a call may share its position; nothing else is sent twice or backwards.
        if (order < 0 || (order === 0 && (message.kind === 'call' || sent?.kind === 'snapshot'))) return;
        sent = { position, kind: message.kind };
        subscriber.next({ type: message.kind, id: eventIdOf(position), data: serialized(message) });
      };
      const live = this.bus.messages(office.id).subscribe({
        next: (message) => (ready ? send(message) : waiting.push(message)),
        complete: () => subscriber.complete(),
      });
      const heartbeat = setInterval(() => subscriber.next({ comment: 'keep-alive' }), HEARTBEAT_MS);
      this.opening(office, parseEventId(lastEventId)).then(
        (messages) => {
          messages.forEach(send);
          ready = true;
          waiting.splice(0).forEach(send);
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        live.unsubscribe();
        clearInterval(heartbeat);
      };
    });
  }

  /** The missed calls and the snapshot a (re)connecting screen starts with. */
  private async opening(office: Office, resumeAfter: FeedPosition | undefined): Promise<DisplayMessage[]> {
    await this.bus.listening(LISTEN_TIMEOUT_MS);
    const date = this.days.today();
    // Read from the event store, not the Redis snapshot: that one is refreshed after each commit and may
    // lag behind a call made just before this screen subscribed, which the screen would then never get.
    const day = await this.days.read(office.id, date);
    const history = day.history.map((recorded) => ({
      event: { type: recorded.type, data: recorded.data } as OfficeDayEvent,
      version: recorded.streamVersion,
    }));
    const resumeFrom = resumeAfter?.date === date ? resumeAfter.version : undefined;
    const missed = history
      .filter((entry) => resumeFrom !== undefined && entry.version > resumeFrom)
      .flatMap(({ event, version }) => {
        const call = callOf(event, version);
        return call ? [{ kind: 'call', officeId: office.id, date, version, call } as const] : [];
      });
    return [...missed, snapshotMessage(displaySnapshot(office, date, history, day.state))];
  }

  private published(commit: OfficeDayCommit): void {
    for (const { event, version } of commit.events) {
      const call = callOf(event, version);
      if (!call) continue;
      const message: DisplayMessage = {
        kind: 'call',
        officeId: commit.office.id,
        date: commit.date,
        version,
        call,
      };
      this.bus.publish(message).catch((error: unknown) => this.warn('call not published', error));
    }
    const key = keyOf(commit.office.id, commit.date);
    const previous = this.latest.get(key);
    const first = commit.events[0]?.version ?? commit.version;
    // Advanced in memory when this replica holds the snapshot just before the commit (the usual case);
    // rebuilt from the event store when another replica wrote in between.
    const exact = previous !== undefined && previous.version === first - 1;
    if (exact) this.remember(advanceSnapshot(previous, commit.office, commit.events, commit.state));
    this.scheduleRefresh(commit.office, commit.date, !exact);
  }

  private scheduleRefresh(office: Office, date: CalendarDate, fromStore: boolean): void {
    const key = keyOf(office.id, date);
    const running = this.refreshes.get(key);
    if (running) {
      running.again = true;
      running.fromStore ||= fromStore;
      return;
    }
    const refresh = { again: true, fromStore, done: Promise.resolve() };
    refresh.done = (async () => {
      try {
        while (refresh.again) {
          refresh.again = false;
          const started = performance.now();
          const known = this.latest.get(key);
          let snapshot: DisplaySnapshot;
          if (refresh.fromStore || !known) {
            refresh.fromStore = false;
            snapshot = await this.rebuild(office, date);
          } else {
            snapshot = known;
            await this.snapshots.saveIfNewer(snapshot);
          }
          await this.bus.publish(snapshotMessage(snapshot));
          // Calls went out already; waiting counts need not change on screen more often than this.
          const rest = MIN_REFRESH_INTERVAL_MS - (performance.now() - started);
          if (refresh.again && rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
        }
      } catch (error) {
        this.warn('snapshot not refreshed', error);
      } finally {
        this.refreshes.delete(key);
      }
    })();
    this.refreshes.set(key, refresh);
  }

  private async rebuild(office: Office, date: CalendarDate): Promise<DisplaySnapshot> {
    const day = await this.days.read(office.id, date);
    const history = day.history.map((recorded) => ({
      event: { type: recorded.type, data: recorded.data } as OfficeDayEvent,
      version: recorded.streamVersion,
    }));
    const snapshot = displaySnapshot(office, date, history, day.state);
    this.remember(snapshot);
    await this.snapshots
      .saveIfNewer(snapshot)
      .catch((error: unknown) => this.warn('snapshot not stored', error));
    return snapshot;
  }

  /** Keeps the newest snapshot per office-day, and only today's. */
  private remember(snapshot: DisplaySnapshot): void {
    const key = keyOf(snapshot.officeId, snapshot.date);
    const known = this.latest.get(key);
    if (known && known.version >= snapshot.version) return;
    this.latest.set(key, snapshot);
    for (const [other, kept] of this.latest) if (kept.date < snapshot.date) this.latest.delete(other);
  }

  private warn(what: string, error: unknown): void {
    this.logger.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function snapshotMessage(snapshot: DisplaySnapshot): DisplayMessage {
  return {
    kind: 'snapshot',
    officeId: snapshot.officeId,
    date: snapshot.date,
    version: snapshot.version,
    snapshot,
  };
}

/** Every screen of a replica gets the same message object: it is turned into JSON once, not once per screen. */
const SERIALIZED = new WeakMap<DisplayMessage, string>();

function serialized(message: DisplayMessage): string {
  let json = SERIALIZED.get(message);
  if (json === undefined) {
    json = JSON.stringify(message.kind === 'call' ? message.call : message.snapshot);
    SERIALIZED.set(message, json);
  }
  return json;
}

function keyOf(officeId: string, date: CalendarDate): string {
  return `${officeId}:${date}`;
}
