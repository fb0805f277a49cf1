export * from './subjects';
export * from './card-events';
