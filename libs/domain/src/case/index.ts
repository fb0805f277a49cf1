export * from './case.events';
export * from './case.commands';
export * from './case.card-steps';
export * from './case.settings';
export * from './inquiry-letter-reference';
