export * from './calendar-date';
export * from './domain-input-error';
export * from './decision';
export * from './procedures';
