export { JetStreamConsumerServer, type JetStreamConsumerStatus } from './jetstream-consumer.server';
export type { JetStreamConsumerOptions } from './jetstream-consumer.options';
export {
  JetStreamBatchContext,
  type JetStreamBatchMessage,
  JetStreamContext,
  type JetStreamDelivery,
} from './jetstream-context';
export {
  type MessageQuarantine,
  PostgresMessageQuarantine,
  type QuarantinedMessage,
  type QuarantineEntry,
} from './message-quarantine';
export { type JetStreamBatchOptions, OnJetStreamBatch } from './on-jetstream-batch.decorator';
export { JETSTREAM_TRANSPORT, OnJetStreamEvent } from './on-jetstream-event.decorator';
