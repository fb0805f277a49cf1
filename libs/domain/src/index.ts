/**
 * @madoguchi/domain — the counter's rules as pure TypeScript: no framework, driver or clock.
 * The names exported here are a contract (domain.md §5): tests outside this repository call them.
 */
export * from './shared';
export * from './pin';
export * from './calendar';
export * from './identity';
export * from './requirements';
export * from './representation';
export * from './office-day';
export * from './case';
export * from './contracts';
