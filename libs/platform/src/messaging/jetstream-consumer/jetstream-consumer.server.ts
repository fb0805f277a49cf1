import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  type JsMsg,
  ReplayPolicy,
} from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { isObservable, lastValueFrom } from 'rxjs';
import { JetStreamBatchContext, type JetStreamBatchMessage, JetStreamContext } from './jetstream-context';
import {
  type JetStreamConsumerOptions,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
  retryDelay,
} from './jetstream-consumer.options';
import { JETSTREAM_BATCH_EXTRAS, type ResolvedBatchOptions } from './on-jetstream-batch.decorator';
import { JETSTREAM_TRANSPORT } from './on-jetstream-event.decorator';
import { coveringFilter, filtersOverlap, subjectMatches } from './subject-filter';

export type JetStreamConsumerStatus = 'consuming' | 'closed';

interface Route {
  filter: string;
  handler: MessageHandler;
  /** Set for an `@OnJetStreamBatch` handler. */
  batch: ResolvedBatchOptions | undefined;
}

/** A message of a batch, parsed and routed, waiting for its handler. */
interface Pending {
  message: JsMsg;
  body: string;
  item: JetStreamBatchMessage;
}

const utf8 = new TextDecoder();

/**
 * Nest transport for a durable JetStream pull consumer (Nest's own NATS transport is core NATS: no
 * acks, no redelivery). One message at a time, in stream order; a message is acknowledged (double ack)
 * only after its handler resolved, retried with a growing delay when the handler fails, and put in the
 * quarantine table after `maxDeliveries` failures or at once when it is not JSON, never dropped.
 *
 * With an `@OnJetStreamBatch` handler the consumer fetches up to `maxMessages` messages at a time
 * (max_ack_pending the same), hands them to the handler in one call, in stream order, and double-acks
 * them all once it resolves; the next batch is fetched only after that. When the batch fails, each of
 * its messages goes through the handler alone, with the one-message path's retry and quarantine.
 */
export class JetStreamConsumerServer
  extends Server<Record<string, never>, JetStreamConsumerStatus>
  implements CustomTransportStrategy
{
  override transportId = JETSTREAM_TRANSPORT;
  /** Handlers are awaited here and their failures decide nak or quarantine, so Nest need not log them too. */
  override readonly propagatesEventHandlerErrors = true;
  protected override readonly logger = new Logger(JetStreamConsumerServer.name);

  private readonly options: ResolvedConsumerOptions;
  private routes: Route[] = [];
  /** The largest batch any handler takes; undefined when every handler takes one message. */
  private batchSize: number | undefined;
  private batchWaitMs = 1_000;
  private connection: NatsConnection | undefined;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;

  constructor(options: JetStreamConsumerOptions) {
    super();
    this.options = resolveConsumerOptions(options);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.routes = this.collectRoutes();
      const batched = this.routes.flatMap((route) => (route.batch ? [route.batch] : []));
      if (batched.length > 0) {
        this.batchSize = Math.max(...batched.map((batch) => batch.maxMessages));
        this.batchWaitMs = Math.min(...batched.map((batch) => batch.maxWaitMs));
      }
      const connection = await connect({
        servers: this.options.servers,
        name: this.options.connectionName,
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
      });
      this.connection = connection;
      if (this.stopping) {
        // close() ran while we were connecting and found nothing to close.
        await connection.drain();
        return callback();
      }
      await this.ensureConsumer(connection);
      this.loop = this.consumeUntilClosed(connection);
      this._status$.next('consuming');
      callback();
    } catch (error) {
      await this.connection?.close().catch(() => undefined);
      callback(error);
    }
  }

  /** Stops pulling, lets the handler in flight finish and its ack land, then drains the connection. */
  async close(): Promise<void> {
    this.stopping = true;
    // Stop pulling before anything else, so the server hands this instance nothing more.
    this.messages?.stop();
    this.wakeUp?.();
    await this.loop;
    const connection = this.connection;
    this.connection = undefined;
    if (connection && !connection.isClosed()) await connection.drain();
    this._status$.next('closed');
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('JetStreamConsumerServer is not listening');
    return this.connection as T;
  }

  on(): never {
    throw new Error(
      'JetStreamConsumerServer emits no events: see its log and the quarantined_messages table',
    );
  }

  private collectRoutes(): Route[] {
    const routes = [...this.messageHandlers].map(([filter, handler]) => ({
      filter,
      handler,
      batch: (handler.extras as Record<string, ResolvedBatchOptions | undefined> | undefined)?.[
        JETSTREAM_BATCH_EXTRAS
      ],
    }));
    if (routes.length === 0) {
      throw new Error(`consumer ${this.options.consumer} has no @OnJetStreamEvent handler`);
    }
    // One handler per message, so that its ack or nak means one thing.
    for (const [index, route] of routes.entries()) {
      const clash = routes.slice(index + 1).find((other) => filtersOverlap(route.filter, other.filter));
      if (clash) throw new Error(`@OnJetStreamEvent('${route.filter}') and ('${clash.filter}') overlap`);
    }
    return routes;
  }

  /** Creates the durable consumer, or brings an existing one to this configuration; safe at every start. */
  private async ensureConsumer(connection: NatsConnection): Promise<void> {
    const { stream, consumer, subjectPrefix } = this.options;
    const manager = await jetstreamManager(connection);
    const settings = {
      filter_subject: `${subjectPrefix}${coveringFilter(this.routes.map((route) => route.filter))}`,
      ack_wait: nanos(this.options.ackWaitMs),
      // We count deliveries ourselves and quarantine; the server must never give up on a message silently.
      max_deliver: -1,
      // One unacknowledged message at a time: a failed message is retried before any later one is
      // delivered, so handlers see the stream's order even across retries and restarts. A batch
      // consumer has one batch out at a time instead.
      max_ack_pending: this.batchSize ?? 1,
    };
    try {
      await manager.consumers.info(stream, consumer);
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound))
        throw error;
      await manager.consumers.add(stream, {
        ...settings,
        durable_name: consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        replay_policy: ReplayPolicy.Instant,
      });
      return;
    }
    await manager.consumers.update(stream, consumer, settings);
  }

  private async consumeUntilClosed(connection: NatsConnection): Promise<void> {
    if (this.batchSize !== undefined) return this.consumeBatchesUntilClosed(connection, this.batchSize);
    const { stream, consumer } = this.options;
    const js = jetstream(connection);
    while (!this.stopping && !connection.isClosed()) {
      try {
        const messages = await (await js.consumers.get(stream, consumer)).consume({ max_messages: 1 });
        this.messages = messages;
        if (this.stopping) messages.stop();
        for await (const message of messages) {
          // Pulled while closing: hand it back at once rather than make the next instance wait out the ack wait.
          if (this.stopping) message.nak();
          else await this.handle(message);
        }
      } catch (error) {
        if (!this.stopping && !connection.isClosed()) {
          this.logger.warn(`consumer ${consumer} interrupted, consuming again: ${describe(error)}`);
        }
      }
      if (!this.stopping && !connection.isClosed()) await this.pause(this.options.reconnectDelayMs);
    }
  }

  /**
   * One fetch at a time, each handled and acknowledged in full before the next. A fetch is never cut
   * short (its pull would go on delivering to nobody): close() waits for it, at most `maxWaitMs`, and
   * hands back what it brought, in order.
   */
  private async consumeBatchesUntilClosed(connection: NatsConnection, batchSize: number): Promise<void> {
    const { stream, consumer } = this.options;
    const js = jetstream(connection);
    while (!this.stopping && !connection.isClosed()) {
      try {
        const source = await js.consumers.get(stream, consumer);
        while (!this.stopping && !connection.isClosed()) {
          // As many as are waiting (a fetch returns at once when it has them all), at least one: a busy
          // stream is taken in full batches with no wait, an idle one message by message as it comes.
          const { num_pending: waiting } = await source.info(false);
          const fetched: JsMsg[] = [];
          for await (const message of await source.fetch({
            max_messages: Math.min(batchSize, Math.max(1, waiting)),
            expires: this.batchWaitMs,
          })) {
            fetched.push(message);
          }
          if (this.stopping) {
            for (const message of fetched) this.bestEffort(() => message.nak());
          } else {
            await this.handleFetched(fetched);
          }
        }
      } catch (error) {
        if (!this.stopping && !connection.isClosed()) {
          this.logger.warn(`consumer ${consumer} interrupted, consuming again: ${describe(error)}`);
        }
      }
      if (!this.stopping && !connection.isClosed()) await this.pause(this.options.reconnectDelayMs);
    }
  }

  /** In stream order: runs of messages for the same batch handler go to it together, the rest one by one. */
  private async handleFetched(messages: readonly JsMsg[]): Promise<void> {
    let run: { route: Route; batch: ResolvedBatchOptions; pending: Pending[] } | undefined;
    const flush = async (): Promise<void> => {
      if (run) await this.handleBatch(run.route, run.pending);
      run = undefined;
    };
    for (const message of messages) {
      const subject = this.withoutPrefix(message.subject);
      const route = this.routeOf(subject);
      if (!route?.batch) {
        await flush();
        await this.handle(message);
        continue;
      }
      const admitted = await this.admit(message);
      if (!admitted) continue;
      const { body, payload } = admitted;
      if (run && (run.route !== route || run.pending.length >= run.batch.maxMessages)) await flush();
      run ??= { route, batch: route.batch, pending: [] };
      run.pending.push({
        message,
        body,
        item: { payload, delivery: this.contextOf(message, subject).delivery },
      });
    }
    await flush();
  }

  /** The whole batch in one call, then every ack; on failure, each message alone, in order. */
  private async handleBatch(route: Route, pending: readonly Pending[]): Promise<void> {
    const messages = pending.map((entry) => entry.message);
    await this.whileSignallingProgress(messages, async () => {
      try {
        await this.invoke(
          route.handler,
          pending.map((entry) => entry.item),
          new JetStreamBatchContext(pending.map((entry) => entry.item.delivery)),
        );
      } catch (error) {
        // A batch of one has just been tried alone: what is left is the one-message path's retry.
        const [only] = pending;
        if (pending.length === 1 && only) return this.failed(only.message, only.body, error);
        this.logger.warn(
          `batch of ${pending.length} from ${this.describeMessage(messages[0] as JsMsg)} failed, ` +
            `handling its messages one at a time: ${describe(error)}`,
        );
        for (const entry of pending) await this.handleAlone(route, entry);
        return;
      }
      await Promise.all(messages.map((message) => this.acknowledge(message)));
    });
  }

  /** The one-message path for a message of a failed batch: a batch of one, then ack, or nak / quarantine. */
  private async handleAlone(route: Route, entry: Pending): Promise<void> {
    try {
      await this.invoke(route.handler, [entry.item], new JetStreamBatchContext([entry.item.delivery]));
    } catch (error) {
      await this.failed(entry.message, entry.body, error);
      return;
    }
    await this.acknowledge(entry.message);
  }

  private routeOf(subject: string): Route | undefined {
    return this.routes.find((candidate) => subjectMatches(candidate.filter, subject));
  }

  /**
   * The payload of a message a handler may see, or undefined once the message went to quarantine: one
   * that is not JSON (no retry can make it parse), or one past its deliveries (quarantined on an earlier
   * delivery whose term never reached the server: stored once, terminated again).
   */
  private async admit(message: JsMsg): Promise<{ body: string; payload: unknown } | undefined> {
    const body = utf8.decode(message.data);
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch (error) {
      await this.quarantine(message, body, false, `payload is not JSON: ${describe(error)}`);
      return undefined;
    }
    const { deliveryCount } = message.info;
    if (deliveryCount > this.options.maxDeliveries) {
      await this.quarantine(message, body, true, `delivered ${deliveryCount} times, failed on every one`);
      return undefined;
    }
    return { body, payload };
  }

  private async handle(message: JsMsg): Promise<void> {
    const subject = this.withoutPrefix(message.subject);
    const route = this.routeOf(subject);
    if (!route) {
      // Let through by the consumer's covering filter, but no handler here wants it.
      await this.acknowledge(message);
      return;
    }
    const admitted = await this.admit(message);
    if (!admitted) return;
    const { body, payload } = admitted;
    try {
      await this.whileSignallingProgress([message], () =>
        this.invoke(route.handler, payload, this.contextOf(message, subject)),
      );
    } catch (error) {
      await this.failed(message, body, error);
      return;
    }
    await this.acknowledge(message);
  }

  private async invoke(
    handler: MessageHandler,
    payload: unknown,
    context: JetStreamContext | JetStreamBatchContext,
  ): Promise<void> {
    const result: unknown = await handler(payload, context);
    // Nest returns the handler's outcome (a failure too) as an Observable; it must settle before the ack.
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  /** A long handler keeps telling the server it is alive, so its messages are not redelivered under it. */
  private async whileSignallingProgress(
    messages: readonly JsMsg[],
    work: () => Promise<void>,
  ): Promise<void> {
    const timer = setInterval(() => {
      for (const message of messages) this.bestEffort(() => message.working());
    }, this.options.workingIntervalMs);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Double ack: the server confirms, so once this returns the message will not come back. */
  private async acknowledge(message: JsMsg): Promise<void> {
    if (this.connection?.isClosed()) {
      // An ack-ack on a closed connection would wait out its whole timeout for nothing.
      this.logger.warn(
        `${this.describeMessage(message)} handled, but its connection is gone: it will come again`,
      );
      return;
    }
    try {
      await message.ackAck();
    } catch (error) {
      // The work is committed; a redelivery is absorbed by the handler's unique event id.
      this.logger.warn(
        `ack of ${this.describeMessage(message)} not confirmed, it will come again: ${describe(error)}`,
      );
    }
  }

  private async failed(message: JsMsg, body: string, error: unknown): Promise<void> {
    const { deliveryCount } = message.info;
    if (deliveryCount >= this.options.maxDeliveries) {
      await this.quarantine(message, body, true, describe(error));
      return;
    }
    const delayMs = retryDelay(deliveryCount, this.options.retryDelayMs);
    this.logger.warn(
      `${this.describeMessage(message)} failed on delivery ${deliveryCount} of ${this.options.maxDeliveries}, ` +
        `retrying in ${delayMs} ms: ${describe(error)}`,
    );
    this.bestEffort(() => message.nak(delayMs));
  }

  private async quarantine(message: JsMsg, body: string, bodyIsJson: boolean, error: string): Promise<void> {
    const { deliveryCount, streamSequence } = message.info;
    try {
      await this.options.quarantine.store({
        stream: this.options.stream,
        consumer: this.options.consumer,
        streamSequence,
        subject: message.subject,
        messageId: message.headers?.get('Nats-Msg-Id') || undefined,
        body,
        bodyIsJson,
        error,
        deliveries: deliveryCount,
      });
    } catch (storeError) {
      // Not stored, so not let go: it comes back after a delay and the quarantine is tried again.
      this.logger.error(`could not quarantine ${this.describeMessage(message)}: ${describe(storeError)}`);
      this.bestEffort(() => message.nak(retryDelay(deliveryCount, this.options.retryDelayMs)));
      return;
    }
    this.logger.error(
      `quarantined ${this.describeMessage(message)} after ${deliveryCount} deliveries: ${error}`,
    );
    // Term rather than ack: the server records (and advises) that it was given up on, not handled. No
    // reason text: nats-server 2.9 ignores `+TERM <reason>` entirely; the reason is in the table.
    this.bestEffort(() => message.term());
  }

  private contextOf(message: JsMsg, subject: string): JetStreamContext {
    const headers: Record<string, string[]> = {};
    for (const key of message.headers?.keys() ?? []) headers[key] = message.headers?.values(key) ?? [];
    return new JetStreamContext({
      subject,
      stream: message.info.stream,
      streamSequence: message.info.streamSequence,
      deliveryCount: message.info.deliveryCount,
      messageId: message.headers?.get('Nats-Msg-Id') || undefined,
      headers,
    });
  }

  private withoutPrefix(subject: string): string {
    const prefix = this.options.subjectPrefix;
    return subject.startsWith(prefix) ? subject.slice(prefix.length) : subject;
  }

  private describeMessage(message: JsMsg): string {
    return `${message.subject} #${message.info.streamSequence} (consumer ${this.options.consumer})`;
  }

  /** Acks and signals on a closed connection throw; the server then redelivers after the ack wait anyway. */
  private bestEffort(signal: () => void): void {
    try {
      signal();
    } catch (error) {
      this.logger.warn(`signal to NATS lost: ${describe(error)}`);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    typeof error.message === 'string'
  ) {
    return error.message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
