export * from './prefixed-nats-server';
export * from './event-stream';
export * from './jetstream-consumer';
