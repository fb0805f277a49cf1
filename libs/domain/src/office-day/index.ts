export * from './office-day.events';
export * from './office-day.commands';
export * from './office-day.settings';
export * from './office-day.waiting-line';
