export * from './proof-of-representation';
