export * from './prefixed-nats-server';
