export * from './documents';
export * from './assess-identity';
