import type { MessageQuarantine } from './message-quarantine';

export interface JetStreamConsumerOptions {
  /** NATS_URL. The server opens a connection of its own, so closing it drains only this consumer. */
  servers: string | string[];
  /** NATS_SUBJECT_PREFIX, put in front of every handler's filter at start. */
  subjectPrefix: string;
  /** The JetStream stream (`MADOGUCHI` in production). */
  stream: string;
  /** Durable consumer name, e.g. `audit`: where the service's position in the stream is kept. */
  consumer: string;
  quarantine: MessageQuarantine;
  /** How long the server waits for an ack before redelivering. Default 30 s. */
  ackWaitMs?: number;
  /** How often a running handler tells the server it is still working. Default 10 s, or ackWait / 3 if shorter. */
  workingIntervalMs?: number;
  /** Failed deliveries before a message goes to the quarantine. Default 5. */
  maxDeliveries?: number;
  /** Delay before a failed message comes back: doubles from `first` on each failure, up to `max`. */
  retryDelayMs?: { first: number; max: number };
  /** Wait before consuming again after the consumer could not be reached. Default 1 s. */
  reconnectDelayMs?: number;
  /** Client name shown by the NATS server. */
  connectionName?: string;
}

export type ResolvedConsumerOptions = Required<Omit<JetStreamConsumerOptions, 'connectionName'>> & {
  connectionName: string;
};

export function resolveConsumerOptions(options: JetStreamConsumerOptions): ResolvedConsumerOptions {
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const resolved: ResolvedConsumerOptions = {
    ...options,
    ackWaitMs,
    workingIntervalMs: options.workingIntervalMs ?? Math.min(10_000, Math.floor(ackWaitMs / 3)),
    maxDeliveries: options.maxDeliveries ?? 5,
    retryDelayMs: options.retryDelayMs ?? { first: 1_000, max: 60_000 },
    reconnectDelayMs: options.reconnectDelayMs ?? 1_000,
    connectionName: options.connectionName ?? `madoguchi-consumer-${options.consumer}`,
  };
  // A signal that arrives after the ack wait is too late: the server has already redelivered.
  if (resolved.workingIntervalMs >= ackWaitMs) {
    throw new Error(
      `workingIntervalMs (${resolved.workingIntervalMs}) must be shorter than ackWaitMs (${ackWaitMs})`,
    );
  }
  if (!Number.isInteger(resolved.maxDeliveries) || resolved.maxDeliveries < 1) {
    throw new Error(`maxDeliveries must be a positive integer, got ${resolved.maxDeliveries}`);
  }
  return resolved;
}

/** Delay before delivery `deliveryCount + 1`, after delivery `deliveryCount` failed. */
export function retryDelay(deliveryCount: number, delay: { first: number; max: number }): number {
  return Math.min(delay.first * 2 ** Math.max(0, deliveryCount - 1), delay.max);
}
