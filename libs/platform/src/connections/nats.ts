import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsServers } from '../config';
import type { HealthProbe } from '../health';

export async function connectNats(natsUrl: string, name: string): Promise<NatsConnection> {
  // waitOnFirstConnect: a service may start before NATS does (compose, restarts); it keeps trying
  // and its health check says NATS is down meanwhile.
  return connect({ servers: natsServers(natsUrl), name, waitOnFirstConnect: true, maxReconnectAttempts: -1 });
}

export function natsProbe(connection: NatsConnection): HealthProbe {
  return {
    name: 'nats',
    async check() {
      if (connection.isClosed()) throw new Error('connection closed');
      await connection.flush();
    },
  };
}
