import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

export interface FaultStreamMessage {
  seq: number;
  subject: string;
  event: { eventId: string; type: string; data: Record<string, unknown> };
}

/**
 * Every message of a JetStream stream, read over a connection of its own (so it works whatever became of
 * the test's other connections while the server was down).
 */
export async function readWholeStream(natsUrl: string, stream: string): Promise<FaultStreamMessage[]> {
  const nats = await connect({ servers: natsUrl, timeout: 3_000 });
  try {
    const manager = await jetstreamManager(nats);
    const { state } = await manager.streams.info(stream);
    const messages: FaultStreamMessage[] = [];
    if (state.messages === 0) return messages;
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const stored = await manager.streams.getMessage(stream, { seq });
      if (stored) messages.push({ seq, subject: stored.subject, event: stored.json() });
    }
    return messages;
  } finally {
    await nats.close();
  }
}

/** The audit consumer's progress on the stream: acknowledged up to, and still pending. */
export async function consumerProgress(
  natsUrl: string,
  stream: string,
  consumer: string,
): Promise<{ ackFloor: number; pending: number; ackPending: number }> {
  const nats = await connect({ servers: natsUrl, timeout: 3_000 });
  try {
    const info = await (await jetstreamManager(nats)).consumers.info(stream, consumer);
    return {
      ackFloor: info.ack_floor.stream_seq,
      pending: info.num_pending,
      ackPending: info.num_ack_pending,
    };
  } finally {
    await nats.close();
  }
}
