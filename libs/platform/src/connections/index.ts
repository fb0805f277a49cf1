export * from './postgres';
export * from './redis';
export * from './nats';
export * from './infrastructure.module';
