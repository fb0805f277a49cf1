export * from './event-store.types';
export * from './postgres-event-store';
export * from './checkpoint-store';
export * from './command-handler';
export * from './data-source';
export * from './outbox-relay';
export * from './projection-runner';
export * from './event-backbone.module';
