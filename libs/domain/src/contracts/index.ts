export * from './subjects';
export * from './card-events';
export * from './event-contracts';
export * from './card-gateway-api';
