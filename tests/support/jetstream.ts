import { jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** Removes a test's own stream from the shared NATS server (a missing stream is fine). */
export async function deleteStream(natsUrl: string, stream: string): Promise<void> {
  const nats = await connect({ servers: natsUrl });
  try {
    await (await jetstreamManager(nats)).streams.delete(stream);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
  } finally {
    await nats.close();
  }
}
