export * from './case.events';
export * from './case.commands';
export * from './case.settings';
