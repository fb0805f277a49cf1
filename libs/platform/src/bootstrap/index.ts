export * from './http-app';
export * from './log-settings';
