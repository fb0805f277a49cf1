import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { ServerNats, type NatsOptions } from '@nestjs/microservices';

type NatsServerOptions = NonNullable<NatsOptions['options']>;

/**
 * Nest's NATS transport with every subscribed subject prefixed at run time (NATS_SUBJECT_PREFIX).
 * Handlers keep static patterns such as `card-gateway.health`, while test runs that share one NATS
 * server stay apart. Replies still go to the requester's inbox, which needs no prefix.
 */
export class PrefixedNatsServer extends ServerNats {
  private readonly prefixedSubscriptions: Subscription[] = [];

  constructor(
    private readonly subjectPrefix: string,
    private readonly natsOptions: NatsServerOptions,
  ) {
    super(natsOptions);
  }

  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.natsOptions.queue;
    for (const [pattern, handler] of this.messageHandlers) {
      const queue = (handler.extras?.queue as string | undefined) ?? defaultQueue;
      const handle = this.getMessageHandler(pattern) as (error: Error | null, message: Msg) => void;
      this.prefixedSubscriptions.push(
        client.subscribe(`${this.subjectPrefix}${pattern}`, { queue, callback: handle.bind(this) }),
      );
    }
  }

  override async close(): Promise<void> {
    for (const subscription of this.prefixedSubscriptions.splice(0)) subscription.unsubscribe();
    await super.close();
  }
}
