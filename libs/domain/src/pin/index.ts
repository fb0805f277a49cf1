export * from './pin-policy';
