import { BaseRpcContext } from '@nestjs/microservices';

/** Where a message sits in the stream and how often it has been handed out: what a handler may need to know. */
export interface JetStreamDelivery {
  /** As the handler's filter sees it: without the run's subject prefix. */
  subject: string;
  stream: string;
  streamSequence: number;
  /** 1 on the first delivery; redeliveries after a nak, a lost ack or a crash count up. */
  deliveryCount: number;
  /** `Nats-Msg-Id`: the event id, for events the outbox relay published. */
  messageId: string | undefined;
  /** Plain values, so handlers need no NATS types. */
  headers: Readonly<Record<string, readonly string[]>>;
}

/** The second argument of a `@OnJetStreamEvent` handler (or `@Ctx()`). */
export class JetStreamContext extends BaseRpcContext<[JetStreamDelivery]> {
  constructor(delivery: JetStreamDelivery) {
    super([delivery]);
  }

  get delivery(): JetStreamDelivery {
    return this.args[0];
  }

  getSubject(): string {
    return this.delivery.subject;
  }

  getStreamSequence(): number {
    return this.delivery.streamSequence;
  }

  getDeliveryCount(): number {
    return this.delivery.deliveryCount;
  }

  getMessageId(): string | undefined {
    return this.delivery.messageId;
  }

  getHeaders(): Readonly<Record<string, readonly string[]>> {
    return this.delivery.headers;
  }
}

/** One message of a batch: its parsed JSON body and where it sits in the stream. */
export interface JetStreamBatchMessage {
  payload: unknown;
  delivery: JetStreamDelivery;
}

/** The second argument of a `@OnJetStreamBatch` handler (or `@Ctx()`): the batch's deliveries, in order. */
export class JetStreamBatchContext extends BaseRpcContext<[readonly JetStreamDelivery[]]> {
  constructor(deliveries: readonly JetStreamDelivery[]) {
    super([deliveries]);
  }

  get deliveries(): readonly JetStreamDelivery[] {
    return this.args[0];
  }
}
