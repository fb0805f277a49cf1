import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { filter, type Observable, Subject } from 'rxjs';
import { REDIS } from '@madoguchi/platform';
import type { DisplayMessage } from './display-message';

/**
 * Redis pub/sub between queue replicas: a call made on one replica reaches the screens connected to
 * every other. Each replica holds one subscriber connection for all offices. Redis does not prefix
 * channel names the way it prefixes keys, so the run's key prefix is put on the channel here.
 */
@Injectable()
export class DisplayBusRepository implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DisplayBus');
  private readonly received = new Subject<DisplayMessage>();
  private subscriber: Redis | undefined;
  private subscribed: Promise<void> | undefined;
  private markSubscribed: (() => void) | undefined;

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private get prefix(): string {
    return `${this.redis.options.keyPrefix ?? ''}display:`;
  }

  onModuleInit(): void {
    this.subscribed = new Promise((resolve) => (this.markSubscribed = resolve));
    const subscriber = this.redis.duplicate();
    this.subscriber = subscriber;
    subscriber.on('pmessage', (_pattern: string, channel: string, payload: string) => {
      try {
        const message = JSON.parse(payload) as DisplayMessage;
        if (channel === this.channelOf(message.officeId)) this.received.next(message);
      } catch {
        this.logger.warn(`unreadable display message on ${channel}`);
      }
    });
    // Subscribed on every (re)connection: a first attempt while Redis is down would otherwise be the last.
    subscriber.on('ready', () => {
      subscriber.psubscribe(`${this.prefix}*`).then(
        () => this.markSubscribed?.(),
        (error: unknown) =>
          this.logger.warn(
            `display feed not subscribed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    });
  }

  onModuleDestroy(): void {
    this.received.complete();
    this.subscriber?.disconnect();
  }

  /** Resolves once this replica listens, or after `timeoutMs` (Redis down: screens still get snapshots). */
  async listening(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([(this.subscribed ?? Promise.resolve()).then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(message: DisplayMessage): Promise<void> {
    await this.redis.publish(this.channelOf(message.officeId), JSON.stringify(message));
  }

  messages(officeId: string): Observable<DisplayMessage> {
    return this.received.pipe(filter((message) => message.officeId === officeId));
  }

  private channelOf(officeId: string): string {
    return `${this.prefix}${officeId}`;
  }
}
