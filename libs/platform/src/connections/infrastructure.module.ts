import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { HEALTH_PROBES, type HealthProbe, SERVICE_NAME } from '../health';
import { connectNats, natsProbe } from './nats';
import { createPostgresPool, postgresProbe } from './postgres';
import { createRedis, redisProbe } from './redis';

export const PG_POOL = Symbol('PG_POOL');
export const REDIS = Symbol('REDIS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
const OPEN_CONNECTIONS = Symbol('OPEN_CONNECTIONS');

export interface InfrastructureOptions {
  service: string;
  natsUrl: string;
  databaseUrl?: string;
  redis?: { url: string; keyPrefix: string };
}

type Closable = () => Promise<unknown>;

/**
 * The connections a service needs, each with its health probe, closed cleanly on shutdown.
 * A service lists what it uses; what it does not list is never opened.
 */
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(@Inject(OPEN_CONNECTIONS) private readonly closers: Closable[]) {}

  static forRoot(options: InfrastructureOptions): DynamicModule {
    const closers: Closable[] = [];
    const probes: symbol[] = [];
    const providers: Provider[] = [
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: OPEN_CONNECTIONS, useValue: closers },
    ];
    const application = `madoguchi-${options.service}`;

    if (options.databaseUrl) {
      const databaseUrl = options.databaseUrl;
      providers.push({
        provide: PG_POOL,
        useFactory: () => {
          const pool = createPostgresPool(databaseUrl, application);
          closers.push(() => pool.end());
          return pool;
        },
      });
      probes.push(PG_POOL);
    }
    if (options.redis) {
      const { url, keyPrefix } = options.redis;
      providers.push({
        provide: REDIS,
        useFactory: () => {
          const redis = createRedis(url, keyPrefix);
          // QUIT waits for an answer that never comes from a server that was never reached.
          closers.push(async () => (redis.status === 'ready' ? redis.quit() : redis.disconnect()));
          return redis;
        },
      });
      probes.push(REDIS);
    }
    providers.push({
      provide: NATS_CONNECTION,
      useFactory: async () => {
        const nats = await connectNats(options.natsUrl, application);
        closers.push(() => nats.drain());
        return nats;
      },
    });
    probes.push(NATS_CONNECTION);

    providers.push({
      provide: HEALTH_PROBES,
      inject: probes,
      useFactory: (...connections: unknown[]): HealthProbe[] =>
        probes.map((token, index) => probeFor(token, connections[index])),
    });

    return {
      module: InfrastructureModule,
      global: true,
      providers,
      exports: providers.map((provider) => (provider as { provide: symbol }).provide),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.closers.splice(0).map((close) => close()));
  }
}

function probeFor(token: symbol, connection: unknown): HealthProbe {
  if (token === PG_POOL) return postgresProbe(connection as Pool);
  if (token === REDIS) return redisProbe(connection as Redis);
  return natsProbe(connection as NatsConnection);
}
