/**
 * @madoguchi/platform — the infrastructure every app shares: configuration, redacting logger, health,
 * connections and messaging. Apps depend on it and on @madoguchi/domain; it never depends on an app.
 */
export * from './config';
export * from './clock';
export * from './logging';
export * from './health';
export * from './connections';
export * from './messaging';
export * from './bootstrap';
export * from './event-store';
export * from './auth';
export * from './http';
